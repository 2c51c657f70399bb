import Foundation
import FundusImaging
import RetinaDICOM

/// DICOM objects made from a generated fundus photograph with the project's
/// writer: a secondary capture of its pixels, a JPEG baseline multi-frame
/// object, and the broken objects the API must refuse by name.
enum DICOMTestObjects {
    static let patientID = "MRN0042"
    static let studyInstanceUID = "1.2.826.0.1.3680043.2.1125.1"

    static func study(laterality: String?) -> DICOMStudyReference {
        DICOMStudyReference(patientID: patientID, patientName: "Doe^Baby", patientBirthDate: "20260901", studyInstanceUID: studyInstanceUID,
                            studyDate: "20261120", studyTime: "101500", accessionNumber: "ACC123", laterality: laterality)
    }

    static func photograph(size: Int = 384, seed: UInt64 = 1) throws -> Bitmap {
        try SyntheticFundus(size: size, seed: seed).draw().image
    }

    /// An uncompressed RGB secondary capture of a generated fundus photograph.
    static func dataSet(laterality: String? = "L", seed: UInt64 = 1) throws -> DICOMDataSet {
        let photo = try photograph(seed: seed)
        guard let frame = DICOMRGBFrame(width: photo.width, height: photo.height, pixels: photo.pixels) else {
            throw DICOMError.cannotWrite(reason: "test photograph")
        }
        var d = DICOMSecondaryCapture(study: study(laterality: laterality), image: frame, burnedInAnnotation: false).dataSet
        d.set(.acquisitionDateTime, .DT, "20261120101530+0100")
        return d
    }

    static func rgb(laterality: String? = "L", seed: UInt64 = 1) throws -> [UInt8] {
        [UInt8](try DICOMWriter().write(try dataSet(laterality: laterality, seed: seed)))
    }

    /// JPEG baseline, one fragment per frame, each frame a different photograph.
    static func jpeg(frames: Int) throws -> [UInt8] {
        var d = try dataSet()
        let fragments = try (0 ..< frames).map { try photograph(seed: UInt64($0 + 1)).jpegData(quality: 92) }
        d.set(.photometricInterpretation, .CS, "YBR_FULL_422")
        d.set(.numberOfFrames, .IS, String(frames))
        d.set(.lossyImageCompression, .CS, "01")
        d[.pixelData] = DICOMElement(tag: .pixelData, vr: .OB, value: .encapsulated(DICOMEncapsulatedPixelData(fragments: fragments)))
        return [UInt8](try DICOMWriter().write(d, transferSyntax: .jpegBaseline))
    }

    /// The broken objects of issue 20, each with the code the API answers.
    static func broken() throws -> [(name: String, body: [UInt8], code: String, status: Int)] {
        let good = try rgb()
        var bigEndian = good
        let explicitLE = Array("1.2.840.10008.1.2.1\0".utf8), explicitBE = Array("1.2.840.10008.1.2.2\0".utf8)
        if let at = (0 ..< 400).first(where: { Array(bigEndian[$0 ..< $0 + explicitLE.count]) == explicitLE }) {
            bigEndian.replaceSubrange(at ..< at + explicitBE.count, with: explicitBE)
        }
        var noPixels = try dataSet()
        noPixels.remove(.pixelData)
        var huge = try dataSet()
        huge.set(.rows, uint32: 100_000)
        huge.set(.columns, uint32: 100_000)
        huge.set(.pixelData, .OB, bytes: [0, 0, 0, 0])
        var directory = DICOMDataSet()
        directory.set(.sopClassUID, .UI, DICOMFile.mediaStorageDirectorySOPClassUID)
        directory.set(.sopInstanceUID, .UI, DICOMUID.make())
        return [
            ("truncated", Array(good.prefix(good.count / 2)), "INVALID_DICOM", 422),
            ("not DICOM", Array(repeating: 0x41, count: 400), "INVALID_DICOM", 422),
            ("big endian transfer syntax", bigEndian, "UNSUPPORTED_TRANSFER_SYNTAX", 422),
            ("no pixel data", [UInt8](try DICOMWriter().write(noPixels)), "MISSING_PIXEL_DATA", 422),
            ("100000 × 100000 frame", [UInt8](try DICOMWriter().write(huge)), "IMAGE_TOO_LARGE", 413),
            ("DICOMDIR", [UInt8](try DICOMWriter().write(directory)), "DICOM_NOT_AN_IMAGE", 422),
        ]
    }
}
