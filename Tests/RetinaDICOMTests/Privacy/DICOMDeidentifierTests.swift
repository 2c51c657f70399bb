import Foundation
import Testing
@testable import RetinaDICOM

@Suite struct DICOMDeidentifierTests {
    let key = Array("test-secret".utf8)

    private func source() throws -> DICOMFile {
        var body = DICOMFixture()
        body.identifiers()
        body.string(DICOMTag(0x0009, 0x0010), "LO", "VENDOR")
        body.string(DICOMTag(0x0009, 0x1001), "LO", "private patient note")
        body.sequence(.sourceImageSequence, undefinedLength: false, items: [
            { $0.string(.referencedSOPClassUID, "UI", "1.2.840.10008.5.1.4.1.1.7"); $0.string(.referencedSOPInstanceUID, "UI", "1.2.826.0.1.3680043.2.1125.3") },
        ])
        body.imagePixel(rows: 1, columns: 1, samples: 1, photometric: "MONOCHROME2")
        body.element(.pixelData, "OB", [42, 0])
        return try DICOMReader().read(DICOMFixture.part10(transferSyntax: DICOMTransferSyntax.explicitVRLittleEndian.uid, body: body.bytes))
    }

    @Test func removesIdentifiersAndReplacesUIDs() throws {
        let original = try source()
        let deidentifier = DICOMDeidentifier(options: DICOMDeidentificationOptions(key: key))
        let clean = deidentifier.deidentify(original.dataSet)
        #expect(clean.string(.patientName) == nil && clean.contains(.patientName))
        #expect(clean.string(.patientID) == deidentifier.pseudonym("MRN0042"))
        #expect(clean.string(.patientID)?.hasPrefix("ROPS-") == true)
        #expect(clean.string(.patientBirthDate) == nil)
        #expect(clean.string(.patientSex) == nil)
        #expect(!clean.contains(.institutionName))
        #expect(clean.string(.referringPhysicianName) == nil && clean.contains(.referringPhysicianName))
        #expect(clean.string(.accessionNumber) == nil)
        #expect(!clean.contains(.deviceSerialNumber))
        #expect(!clean.contains(.acquisitionDateTime))
        #expect(clean.contains(.studyDate) && clean.string(.studyDate) == nil)
        #expect(!clean.contains(DICOMTag(0x0009, 0x1001)) && !clean.contains(DICOMTag(0x0009, 0x0010)))
        #expect(clean.string(.patientIdentityRemoved) == "YES")
        #expect(clean.sequence(.deidentificationMethodCodeSequence).first?.string(.codeValue) == "113100")
        // Kept: what the analysis needs.
        #expect(clean.string(.imageLaterality) == "L")
        #expect(clean.string(.modality) == "OP")
        #expect(clean[.pixelData] == original.dataSet[.pixelData])
        #expect(clean.string(.sopClassUID) == original.dataSet.string(.sopClassUID))

        let sop = try #require(clean.string(.sopInstanceUID))
        #expect(sop != original.dataSet.string(.sopInstanceUID))
        #expect(sop.hasPrefix("2.25.") && DICOMUID.isValid(sop))
        // The nested reference to the same instance gets the same replacement.
        #expect(clean.sequence(.sourceImageSequence).first?.string(.referencedSOPInstanceUID) == DICOMUID.derived(from: "1.2.826.0.1.3680043.2.1125.3", key: key))
        #expect(clean.sequence(.sourceImageSequence).first?.string(.referencedSOPClassUID) == "1.2.840.10008.5.1.4.1.1.7")
        // Consistent across runs, different under another key.
        #expect(deidentifier.deidentify(original.dataSet).string(.studyInstanceUID) == clean.string(.studyInstanceUID))
        let other = DICOMDeidentifier(options: DICOMDeidentificationOptions(key: Array("other".utf8))).deidentify(original.dataSet)
        #expect(other.string(.studyInstanceUID) != clean.string(.studyInstanceUID))
    }

    @Test func shiftsDatesKeepingIntervals() throws {
        let options = DICOMDeidentificationOptions(key: key, dates: .shift(days: -100), retainPatientCharacteristics: true)
        let clean = DICOMDeidentifier(options: options).deidentify(try source().dataSet)
        #expect(clean.string(.studyDate) == "20231206")
        #expect(clean.string(.patientBirthDate) == "20230923")
        #expect(clean.string(.acquisitionDateTime) == "20231206103045.5+0100")
        #expect(clean.string(.studyTime) == "103000")
        #expect(clean.string(.patientSex) == "F")
        #expect(clean.string(.longitudinalTemporalInformationModified) == "MODIFIED")
    }

    @Test func resultIsWritableAndReadable() throws {
        let clean = DICOMDeidentifier(options: DICOMDeidentificationOptions(key: key)).deidentify(try source())
        let reread = try DICOMReader().readImage(try DICOMWriter().write(clean))
        #expect(reread.metadata.patientName == nil)
        #expect(reread.metadata.sopInstanceUID == clean.dataSet.string(.sopInstanceUID))
        #expect(reread.file.fileMeta.string(.mediaStorageSOPInstanceUID) == clean.dataSet.string(.sopInstanceUID))
    }
}
