import ArgumentParser
import Foundation
import HummingbirdBcrypt
import RetinaAnnotation
import RetinaStore

/// `ropscreen user add NAME --role ROLE`: an account of the labelling platform, made on
/// the server's machine (the first admin has no one to create it over the API).
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage labelling accounts in a data folder.", subcommands: [Add.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Add an account; the password is read from $ROPSCREEN_PASSWORD or the first line of standard input.")

        @Argument(help: "User name (letters, digits, '.', '_', '-').")
        var username: String

        @Option(help: "annotator, adjudicator or admin.")
        var role: AnnotationRole

        @Option(help: "Folder of the SQLite database (as for serve).")
        var dataDir = "ropscreen-data"

        @Option(help: "bcrypt cost (log2 rounds).")
        var cost: UInt8 = 12

        func validate() throws {
            guard username.range(of: #"^[A-Za-z0-9._-]{1,64}$"#, options: .regularExpression) != nil else {
                throw ValidationError("a user name is 1–64 letters, digits, '.', '_' or '-'")
            }
            guard (4 ... 31).contains(cost) else { throw ValidationError("--cost must be 4…31") }
        }

        func run() async throws {
            guard let password = ProcessInfo.processInfo.environment["ROPSCREEN_PASSWORD"] ?? readLine(strippingNewline: true),
                  password.utf8.count >= 12, password.utf8.count <= 72 else {
                throw ValidationError("a password of 12–72 bytes is needed ($ROPSCREEN_PASSWORD or standard input)")
            }
            let store = try SQLiteStore(directory: URL(fileURLWithPath: dataDir))
            let account = UserAccount(username: username, passwordHash: Bcrypt.hash(password, cost: cost), role: role,
                                      createdAtMs: Int64(Date().timeIntervalSince1970 * 1000))
            try await store.createUser(account, actor: "cli:\(ProcessInfo.processInfo.userName)")
            print("added \(username) (\(role.rawValue))")
        }
    }
}

extension AnnotationRole: ExpressibleByArgument {}
