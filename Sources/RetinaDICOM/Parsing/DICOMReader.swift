import Foundation

/// Reads DICOM Part 10 files: preamble, "DICM", file meta information, then the
/// data set in explicit VR little endian, implicit VR little endian or deflated
/// explicit VR little endian. Compressed pixel data is returned undecoded.
///
/// Every failure is a `DICOMError`; no input can crash, hang, or make it
/// allocate beyond `limits`.
public struct DICOMReader: Sendable {
    public var limits: DICOMLimits

    public init(limits: DICOMLimits = DICOMLimits()) {
        self.limits = limits
    }

    /// Parses the whole file into file meta and data set.
    public func read(_ data: Data) throws -> DICOMFile {
        guard !data.isEmpty else { throw DICOMError.empty }
        guard data.count <= limits.maximumFileBytes else { throw DICOMError.tooLarge(limit: limits.maximumFileBytes) }
        let bytes = [UInt8](data)
        guard bytes.count >= 132, bytes[128..<132].elementsEqual("DICM".utf8) else { throw DICOMError.notDICOM }

        var metaParser = DICOMDataSetParser(bytes: bytes, offset: 132, limits: limits)
        let meta = try metaParser.parseFileMeta()
        guard let uid = meta.string(.transferSyntaxUID) else { throw DICOMError.missingTransferSyntax }
        let syntax = DICOMTransferSyntax(uid: uid)
        guard syntax.isSupported else { throw DICOMError.unsupportedTransferSyntax(uid: uid) }

        var body = Array(bytes[metaParser.offset...])
        if syntax.isDeflated {
            body = try Inflate.decompress(body, maximumOutput: limits.maximumFileBytes)
        }
        var parser = DICOMDataSetParser(bytes: body, limits: limits)
        let dataSet = try parser.parseAll(explicitVR: syntax.isExplicitVR)
        return DICOMFile(fileMeta: meta, dataSet: dataSet, transferSyntax: syntax)
    }

    /// Parses an image: its identifiers and every frame. A DICOMDIR, an object
    /// without pixel data or a frame beyond the limits is an error.
    public func readImage(_ data: Data) throws -> DICOMImage {
        let file = try read(data)
        return try image(from: file)
    }

    /// The image of an already parsed file.
    public func image(from file: DICOMFile) throws -> DICOMImage {
        guard !file.isDirectory else { throw DICOMError.directoryNotImage }
        let frames = try DICOMPixelDecoder(limits: limits).frames(of: file.dataSet, transferSyntax: file.transferSyntax)
        return DICOMImage(metadata: DICOMImageMetadata(file), frames: frames, file: file)
    }
}
