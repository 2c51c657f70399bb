import Foundation

/// Writes DICOM Part 10 files in explicit VR little endian (or, for a data set
/// holding encapsulated pixel data, the compressed syntax it came in).
///
/// The file meta information is built from the data set's SOP Class and SOP
/// Instance UIDs, with its group length. Group lengths inside the data set are
/// retired and left out (a stale one, after editing, would mislead readers).
/// Every value is padded to even length; sequences and items get defined lengths.
public struct DICOMWriter: Sendable {
    /// Identifies the software that wrote the file (0002,0012).
    public var implementationClassUID: String
    /// At most 16 characters (0002,0013).
    public var implementationVersionName: String

    /// The UID under which ropscreen identifies itself as a DICOM implementation.
    public static let ropscreenImplementationClassUID = "2.25.315452276684656465605183629555696309838"

    public init(implementationClassUID: String = DICOMWriter.ropscreenImplementationClassUID,
                implementationVersionName: String = "ROPSCREEN_1") {
        self.implementationClassUID = implementationClassUID
        self.implementationVersionName = implementationVersionName
    }

    /// Writes `file`'s data set, keeping a compressed transfer syntax and
    /// converting implicit VR or deflated input to explicit VR little endian.
    public func write(_ file: DICOMFile) throws -> Data {
        let syntax: DICOMTransferSyntax = file.transferSyntax.isEncapsulated ? file.transferSyntax : .explicitVRLittleEndian
        return try write(file.dataSet, transferSyntax: syntax)
    }

    public func write(_ dataSet: DICOMDataSet, transferSyntax: DICOMTransferSyntax = .explicitVRLittleEndian) throws -> Data {
        guard transferSyntax == .explicitVRLittleEndian || transferSyntax.isEncapsulated else {
            throw DICOMError.cannotWrite(reason: "writing \(transferSyntax) is not supported")
        }
        let encapsulated: Bool
        switch dataSet[.pixelData]?.value {
        case .encapsulated: encapsulated = true
        default: encapsulated = false
        }
        guard encapsulated == transferSyntax.isEncapsulated || dataSet[.pixelData] == nil else {
            throw DICOMError.cannotWrite(reason: "pixel data encoding does not match transfer syntax \(transferSyntax)")
        }
        guard let sopClass = dataSet.string(.sopClassUID) else { throw DICOMError.missingAttribute(tag: .sopClassUID) }
        guard let sopInstance = dataSet.string(.sopInstanceUID) else { throw DICOMError.missingAttribute(tag: .sopInstanceUID) }

        var meta = DICOMDataSet()
        meta.set(.fileMetaInformationVersion, .OB, bytes: [0x00, 0x01])
        meta.set(.mediaStorageSOPClassUID, .UI, sopClass)
        meta.set(.mediaStorageSOPInstanceUID, .UI, sopInstance)
        meta.set(.transferSyntaxUID, .UI, transferSyntax.uid)
        meta.set(.implementationClassUID, .UI, implementationClassUID)
        meta.set(.implementationVersionName, .SH, String(implementationVersionName.prefix(16)))
        var metaBody = DICOMByteWriter()
        try encode(meta, into: &metaBody)

        var out = DICOMByteWriter()
        out.append([UInt8](repeating: 0, count: 128))
        out.append(Array("DICM".utf8))
        try out.header(.fileMetaGroupLength, .UL, length: 4)
        out.uint32(UInt32(metaBody.bytes.count))
        out.append(metaBody.bytes)
        var body = DICOMByteWriter()
        try encode(dataSet, into: &body, skippingFileMeta: true)
        out.append(body.bytes)
        return Data(out.bytes)
    }

    // MARK: Encoding

    private func encode(_ dataSet: DICOMDataSet, into out: inout DICOMByteWriter, skippingFileMeta: Bool = false) throws {
        for element in dataSet.elements {
            if element.tag.isGroupLength || element.tag.group == 0xFFFE { continue }
            if skippingFileMeta && element.tag.isFileMeta { continue }
            try encode(element, into: &out)
        }
    }

    private func encode(_ element: DICOMElement, into out: inout DICOMByteWriter) throws {
        switch element.value {
        case .bytes(let value):
            var padded = value
            if padded.count % 2 == 1 { padded.append(element.vr.paddingByte) }
            try out.header(element.tag, element.vr, length: try Self.length(padded.count, element.tag))
            out.append(padded)
        case .sequence(let items):
            var body = DICOMByteWriter()
            for item in items {
                var itemBody = DICOMByteWriter()
                try encode(item, into: &itemBody)
                body.tag(.item)
                body.uint32(try Self.length(itemBody.bytes.count, element.tag))
                body.append(itemBody.bytes)
            }
            try out.header(element.tag, .SQ, length: try Self.length(body.bytes.count, element.tag))
            out.append(body.bytes)
        case .encapsulated(let pixels):
            try out.header(element.tag, .OB, length: 0xFFFF_FFFF)
            out.tag(.item)
            out.uint32(UInt32(pixels.offsetTable.count * 4))
            for offset in pixels.offsetTable { out.uint32(offset) }
            for fragment in pixels.fragments {
                var padded = fragment
                if padded.count % 2 == 1 { padded.append(0) }
                out.tag(.item)
                out.uint32(try Self.length(padded.count, element.tag))
                out.append(padded)
            }
            out.tag(.sequenceDelimitation)
            out.uint32(0)
        }
    }

    private static func length(_ count: Int, _ tag: DICOMTag) throws -> UInt32 {
        guard count < Int(UInt32.max) else { throw DICOMError.cannotWrite(reason: "element \(tag) exceeds 4 GiB") }
        return UInt32(count)
    }
}
