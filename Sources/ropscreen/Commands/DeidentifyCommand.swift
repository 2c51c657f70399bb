import ArgumentParser
import Foundation
import RetinaDICOM

/// `ropscreen deidentify`: DICOM objects made fit to keep for training or to share (a
/// federated site's local set, a data set for another centre), by the DICOM Basic
/// Application Level Confidentiality Profile and the options a site chooses. The
/// analysis service itself never keeps a DICOM header with a photograph (identifiers
/// live in their own table); this is for the objects a site keeps as DICOM.
struct DeidentifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deidentify",
        abstract: "De-identify DICOM objects (basic confidentiality profile) into a folder, one line of JSON per object.",
        discussion: """
            UIDs are replaced by key-derived 2.25 UIDs and the patient ID by a key-derived pseudonym, so objects \
            of one study (and one infant) stay linked across runs with the same key. Objects that declare text \
            burned into their pixels (Burned In Annotation YES) are refused: the profile does not clean pixels.
            """)

    @Argument(help: "DICOM files, or folders whose files are read (not recursively).")
    var inputs: [String]

    @Option(help: "Folder for the de-identified objects (named by their new SOP instance UID).")
    var out: String

    @Option(help: "File holding the site's secret key (at least 16 bytes; keep it, and keep it secret).")
    var keyFile: String

    @Option(help: "Shift every date by this many days instead of removing dates (keeps ages and intervals).")
    var shiftDays: Int?

    @Flag(help: "Keep patient sex, age, size and weight (Retain Patient Characteristics Option).")
    var retainPatientCharacteristics = false

    @Flag(help: "Keep the device's model name, serial number and station name (Retain Device Identity Option).")
    var retainDeviceIdentity = false

    @Flag(help: "Keep private (odd-group) elements, which the profile removes.")
    var keepPrivateTags = false

    func validate() throws {
        guard let key = FileManager.default.contents(atPath: keyFile) else { throw ValidationError("cannot read --key-file \(keyFile)") }
        if key.count < 16 { throw ValidationError("the key in \(keyFile) has \(key.count) bytes; use at least 16") }
    }

    /// One object's outcome, printed as a JSON line: never an identifier of the source.
    struct Outcome: Encodable {
        var input: String
        var output: String?
        var error: String?
    }

    func run() throws {
        let key = [UInt8](FileManager.default.contents(atPath: keyFile) ?? Data())
        let options = DICOMDeidentificationOptions(key: key, dates: shiftDays.map { .shift(days: $0) } ?? .remove,
                                                   retainPatientCharacteristics: retainPatientCharacteristics,
                                                   retainDeviceIdentity: retainDeviceIdentity, removePrivateTags: !keepPrivateTags)
        let deidentifier = DICOMDeidentifier(options: options)
        let folder = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var failures = 0
        for file in try Self.files(inputs) {
            var outcome = Outcome(input: file.path)
            do {
                outcome.output = try Self.deidentify(file, with: deidentifier, into: folder).path
            } catch {
                outcome.error = "\(error)"
                failures += 1
            }
            print(String(decoding: try encoder.encode(outcome), as: UTF8.self))
        }
        if failures > 0 { throw ExitCode(1) }
    }

    /// The files named, folders expanded to the regular files they hold, in name order.
    static func files(_ inputs: [String]) throws -> [URL] {
        var files: [URL] = []
        for input in inputs {
            let url = URL(fileURLWithPath: input)
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else { throw ValidationError("no file \(input)") }
            if isFolder.boolValue {
                let listed = try FileManager.default.contentsOfDirectory(at: url, includingPropertiesForKeys: [.isRegularFileKey])
                files += listed.filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
                    .sorted { $0.lastPathComponent < $1.lastPathComponent }
            } else {
                files.append(url)
            }
        }
        return files
    }

    /// Why an object is not written.
    enum Refusal: Error, CustomStringConvertible {
        case burnedInAnnotation
        case noInstanceUID

        var description: String {
            switch self {
            case .burnedInAnnotation: "BURNED_IN_ANNOTATION: the object declares text burned into its pixels, which this profile does not remove"
            case .noInstanceUID: "INVALID_DICOM: the de-identified object has no SOP instance UID"
            }
        }
    }

    /// Reads, de-identifies and writes one object; the path written.
    static func deidentify(_ file: URL, with deidentifier: DICOMDeidentifier, into folder: URL) throws -> URL {
        let object = try DICOMReader().read(try Data(contentsOf: file))
        if object.dataSet.string(.burnedInAnnotation)?.trimmingCharacters(in: .whitespaces).uppercased() == "YES" {
            throw Refusal.burnedInAnnotation
        }
        let clean = deidentifier.deidentify(object)
        guard let uid = clean.dataSet.string(.sopInstanceUID), !uid.isEmpty else { throw Refusal.noInstanceUID }
        let target = folder.appendingPathComponent("\(uid).dcm")
        try DICOMWriter().write(clean).write(to: target, options: .atomic)
        return target
    }
}
