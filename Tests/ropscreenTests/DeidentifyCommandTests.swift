import ArgumentParser
import Foundation
import FundusImaging
import RetinaDICOM
import Testing
@testable import ropscreen

/// `ropscreen deidentify` on objects of one infant's study, read back by this project's
/// reader and by DCMTK's `dcmdump`.
@Suite("DICOM de-identification command")
struct DeidentifyCommandTests {
    static func object(burnedIn: Bool, seed: UInt64) throws -> Data {
        let photo = try SyntheticFundus(size: 64, seed: seed).draw().image
        let frame = try #require(DICOMRGBFrame(width: photo.width, height: photo.height, pixels: photo.pixels))
        let study = DICOMStudyReference(patientID: "MRN-INFANT-7", patientName: "Doe^Baby", patientBirthDate: "20260901",
                                        studyInstanceUID: "1.2.826.0.1.3680043.2.1125.77", studyDate: "20261120", laterality: "R")
        return try DICOMSecondaryCapture(study: study, image: frame, burnedInAnnotation: burnedIn).write()
    }

    @Test("Identifiers go, the study stays linked under a key-derived pseudonym, dates shift, burned-in text is refused by name")
    func deidentifies() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("deid-\(UUID())")
        let sources = work.appendingPathComponent("in"), out = work.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        try Self.object(burnedIn: false, seed: 1).write(to: sources.appendingPathComponent("a.dcm"))
        try Self.object(burnedIn: false, seed: 2).write(to: sources.appendingPathComponent("b.dcm"))
        try Self.object(burnedIn: true, seed: 3).write(to: sources.appendingPathComponent("c.dcm"))
        let keyFile = work.appendingPathComponent("key")
        try Data("a site secret of thirty-two bytes".utf8).write(to: keyFile)

        let command = try DeidentifyCommand.parse([sources.path, "--out", out.path, "--key-file", keyFile.path, "--shift-days=-10"])
        #expect(throws: ExitCode(1), "one object was refused") { try command.run() }

        let written = try FileManager.default.contentsOfDirectory(at: out, includingPropertiesForKeys: nil).sorted { $0.path < $1.path }
        #expect(written.count == 2)
        let files = try written.map { try DICOMReader().read(try Data(contentsOf: $0)) }
        let pseudonym = DICOMDeidentifier(options: DICOMDeidentificationOptions(key: [UInt8]("a site secret of thirty-two bytes".utf8))).pseudonym("MRN-INFANT-7")
        for file in files {
            #expect(file.dataSet.string(.patientID) == pseudonym)
            #expect(file.dataSet.string(.patientName) == nil)
            #expect(file.dataSet.string(.patientIdentityRemoved) == "YES")
            #expect(file.dataSet.string(.studyDate) == "20261110", "shifted by -10 days")
            #expect(file.dataSet.string(.studyInstanceUID)?.hasPrefix("2.25.") == true)
        }
        #expect(Set(files.compactMap { $0.dataSet.string(.studyInstanceUID) }).count == 1, "both objects stay in one study")

        let dcmdump = "/usr/bin/dcmdump"
        guard FileManager.default.isExecutableFile(atPath: dcmdump) else {
            print("skipped the dcmdump check: DCMTK is not installed (scripts/setup.sh --test installs dcmtk)")
            return
        }
        for file in written {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: dcmdump)
            process.arguments = [file.path]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let dump = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            #expect(!dump.contains("MRN-INFANT-7") && !dump.contains("Doe^Baby") && !dump.contains("20260901"), "\(dump)")
            #expect(dump.contains("(0012,0062) CS [YES]"), "Patient Identity Removed")
        }
    }
}
