import Foundation

/// Where the data sets named by recipes live: an explicit path, else
/// `$ROPSCREEN_DATA`, else `../shared/data` from the working directory.
public enum DataRoot {
    public static func resolve(_ explicit: String? = nil) -> URL {
        if let explicit { return URL(fileURLWithPath: explicit) }
        if let env = ProcessInfo.processInfo.environment["ROPSCREEN_DATA"] { return URL(fileURLWithPath: env) }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("../shared/data").standardizedFileURL
    }
}
