import Foundation
@testable import RetinaDICOM

/// Builds DICOM bytes by hand, independently of `DICOMWriter`, so the reader
/// is tested against encodings the writer never produces (implicit VR,
/// undefined lengths, encapsulated fragments, broken lengths).
struct DICOMFixture {
    var bytes: [UInt8] = []
    var explicitVR = true

    mutating func u16(_ v: UInt16) { bytes += [UInt8(v & 0xFF), UInt8(v >> 8)] }
    mutating func u32(_ v: UInt32) { for s in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: v >> UInt32(s))) } }
    mutating func tag(_ t: DICOMTag) { u16(t.group); u16(t.element) }

    static let longVRs: Set<String> = ["OB", "OW", "SQ", "UN", "UT", "UC", "UR", "OF", "OD", "OL"]

    mutating func header(_ t: DICOMTag, _ vr: String, _ length: UInt32) {
        tag(t)
        if explicitVR {
            bytes += Array(vr.utf8)
            if Self.longVRs.contains(vr) { u16(0); u32(length) } else { u16(UInt16(truncatingIfNeeded: length)) }
        } else {
            u32(length)
        }
    }

    mutating func element(_ t: DICOMTag, _ vr: String, _ value: [UInt8]) {
        var v = value
        if v.count % 2 == 1 { v.append(vr == "UI" || vr == "OB" ? 0 : 0x20) }
        header(t, vr, UInt32(v.count))
        bytes += v
    }

    mutating func string(_ t: DICOMTag, _ vr: String, _ s: String) { element(t, vr, Array(s.utf8)) }
    mutating func us(_ t: DICOMTag, _ v: UInt16) { element(t, "US", [UInt8(v & 0xFF), UInt8(v >> 8)]) }
    mutating func ul(_ t: DICOMTag, _ v: UInt32) {
        element(t, "UL", (0..<4).map { UInt8(truncatingIfNeeded: v >> UInt32($0 * 8)) })
    }

    /// A sequence of items, each built by `item`; lengths defined or undefined.
    mutating func sequence(_ t: DICOMTag, undefinedLength: Bool, items: [(inout DICOMFixture) -> Void]) {
        var body = DICOMFixture(explicitVR: explicitVR)
        for build in items {
            var item = DICOMFixture(explicitVR: explicitVR)
            build(&item)
            body.tag(.item)
            if undefinedLength {
                body.u32(0xFFFF_FFFF)
                body.bytes += item.bytes
                body.tag(.itemDelimitation)
                body.u32(0)
            } else {
                body.u32(UInt32(item.bytes.count))
                body.bytes += item.bytes
            }
        }
        if undefinedLength {
            header(t, "SQ", 0xFFFF_FFFF)
            bytes += body.bytes
            tag(.sequenceDelimitation)
            u32(0)
        } else {
            header(t, "SQ", UInt32(body.bytes.count))
            bytes += body.bytes
        }
    }

    mutating func encapsulated(offsetTable: [UInt32], fragments: [[UInt8]]) {
        header(.pixelData, "OB", 0xFFFF_FFFF)
        tag(.item)
        u32(UInt32(offsetTable.count * 4))
        for o in offsetTable { u32(o) }
        for f in fragments {
            tag(.item)
            u32(UInt32(f.count))
            bytes += f
        }
        tag(.sequenceDelimitation)
        u32(0)
    }

    /// Preamble, "DICM" and a file meta group (explicit VR, with its group length) around `body`.
    static func part10(transferSyntax: String, sopClass: String = "1.2.840.10008.5.1.4.1.1.77.1.5.1", body: [UInt8]) -> Data {
        var meta = DICOMFixture()
        meta.element(.fileMetaInformationVersion, "OB", [0, 1])
        meta.string(.mediaStorageSOPClassUID, "UI", sopClass)
        meta.string(.mediaStorageSOPInstanceUID, "UI", "1.2.3.4.5.6")
        meta.string(.transferSyntaxUID, "UI", transferSyntax)
        var file = DICOMFixture()
        file.bytes = [UInt8](repeating: 0, count: 128) + Array("DICM".utf8)
        file.ul(.fileMetaGroupLength, UInt32(meta.bytes.count))
        file.bytes += meta.bytes
        file.bytes += body
        return Data(file.bytes)
    }

    /// The identifying attributes of a fundus photograph, in tag order.
    mutating func identifiers(sopClass: String = "1.2.840.10008.5.1.4.1.1.77.1.5.1") {
        string(.sopClassUID, "UI", sopClass)
        string(.sopInstanceUID, "UI", "1.2.826.0.1.3680043.2.1125.3")
        string(.studyDate, "DA", "20240315")
        string(.acquisitionDateTime, "DT", "20240315103045.5+0100")
        string(.studyTime, "TM", "103000")
        string(.accessionNumber, "SH", "ACC123")
        string(.modality, "CS", "OP")
        string(.manufacturer, "LO", "Natus")
        string(.institutionName, "LO", "St Elsewhere NICU")
        string(.referringPhysicianName, "PN", "House^Gregory")
        string(.manufacturerModelName, "LO", "RetCam Envision")
        string(.patientName, "PN", "Doe^Baby")
        string(.patientID, "LO", "MRN0042")
        string(.patientBirthDate, "DA", "20240101")
        string(.patientSex, "CS", "F")
        string(.deviceSerialNumber, "LO", "SN-77")
        string(.studyInstanceUID, "UI", "1.2.826.0.1.3680043.2.1125.1")
        string(.seriesInstanceUID, "UI", "1.2.826.0.1.3680043.2.1125.2")
        string(.laterality, "CS", "R")
        string(.imageLaterality, "CS", "L")
    }

    /// Image pixel module attributes (in tag order, before pixel data).
    mutating func imagePixel(rows: UInt16, columns: UInt16, samples: UInt16, photometric: String, bitsAllocated: UInt16 = 8,
                             bitsStored: UInt16? = nil, planar: UInt16? = nil, frames: Int? = nil) {
        us(.samplesPerPixel, samples)
        string(.photometricInterpretation, "CS", photometric)
        if let planar { us(.planarConfiguration, planar) }
        if let frames { string(.numberOfFrames, "IS", String(frames)) }
        us(.rows, rows)
        us(.columns, columns)
        us(.bitsAllocated, bitsAllocated)
        us(.bitsStored, bitsStored ?? bitsAllocated)
        us(.highBit, (bitsStored ?? bitsAllocated) - 1)
        us(.pixelRepresentation, 0)
    }

    /// A native image file: identifiers, pixel module and `pixels` as Pixel Data.
    static func image(transferSyntax: String = DICOMTransferSyntax.explicitVRLittleEndian.uid, rows: UInt16, columns: UInt16,
                      samples: UInt16, photometric: String, bitsAllocated: UInt16 = 8, bitsStored: UInt16? = nil,
                      planar: UInt16? = nil, frames: Int? = nil, pixels: [UInt8]) -> Data {
        var body = DICOMFixture(explicitVR: transferSyntax != DICOMTransferSyntax.implicitVRLittleEndian.uid)
        body.identifiers()
        body.imagePixel(rows: rows, columns: columns, samples: samples, photometric: photometric, bitsAllocated: bitsAllocated,
                        bitsStored: bitsStored, planar: planar, frames: frames)
        body.element(.pixelData, bitsAllocated == 16 ? "OW" : "OB", pixels)
        return part10(transferSyntax: transferSyntax, body: body.bytes)
    }
}

/// Raw DEFLATE with stored (uncompressed) blocks only: enough to make a
/// deflated transfer syntax fixture without a compressor.
func storedDeflate(_ data: [UInt8], blockSize: Int = 40_000) -> [UInt8] {
    var out: [UInt8] = []
    var start = 0
    repeat {
        let end = min(data.count, start + blockSize)
        out.append(end == data.count ? 1 : 0)
        let length = UInt16(end - start)
        out += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)]
        out += data[start..<end]
        start = end
    } while start < data.count
    return out
}

func hexBytes(_ hex: String) -> [UInt8] {
    var bytes: [UInt8] = []
    var index = hex.startIndex
    while index < hex.endIndex {
        let next = hex.index(index, offsetBy: 2)
        bytes.append(UInt8(hex[index..<next], radix: 16) ?? 0)
        index = next
    }
    return bytes
}

/// Runs `expression` and returns the `DICOMError` it threw, or nil.
func dicomError<T>(_ expression: () throws -> T) -> DICOMError? {
    do {
        _ = try expression()
        return nil
    } catch let error as DICOMError {
        return error
    } catch {
        return nil
    }
}
