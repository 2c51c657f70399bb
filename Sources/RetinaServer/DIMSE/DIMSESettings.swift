import Foundation

/// Where and as whom the C-STORE listener answers (`serve --dicom-port`, `ropscreen dicom-listen`).
public struct DIMSESettings: Sendable, Equatable {
    public var port: Int
    /// The AE title devices call; an association calling another is refused.
    public var aeTitle: String
    /// Largest object taken; larger ones are refused (out of resources) without being analysed.
    public var maximumObjectBytes: Int
    public var maximumPDUBytes = 65536
    /// Seconds of silence before an association is dropped.
    public var timeoutSeconds = 30

    public init(port: Int = 11112, aeTitle: String = "ROPSCREEN", maximumObjectBytes: Int = 32 * 1024 * 1024) {
        self.port = port
        self.aeTitle = aeTitle
        self.maximumObjectBytes = maximumObjectBytes
    }

    /// Why the settings cannot be used, or nil. An AE title is 1 to 16 characters of the
    /// default character repertoire, without backslash or control characters, not only spaces.
    public var problem: String? {
        if !(1 ... 65535).contains(port) { return "the DICOM port must be 1…65535" }
        let title = aeTitle.unicodeScalars
        if !(1 ... 16).contains(title.count) || aeTitle.allSatisfy({ $0 == " " }) {
            return "an AE title has 1 to 16 characters, not only spaces"
        }
        if title.contains(where: { !(0x20 ..< 0x7F).contains($0.value) || $0 == "\\" }) {
            return "an AE title holds printable ASCII characters other than backslash"
        }
        if maximumObjectBytes < 1024 { return "the largest DICOM object must be at least 1 KiB" }
        return nil
    }
}
