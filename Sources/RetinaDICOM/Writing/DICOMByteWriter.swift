/// Appends little-endian values and explicit VR elements to a byte buffer.
struct DICOMByteWriter {
    private(set) var bytes: [UInt8] = []

    mutating func uint16(_ value: UInt16) {
        bytes.append(UInt8(value & 0xFF))
        bytes.append(UInt8(value >> 8))
    }

    mutating func uint32(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    mutating func tag(_ tag: DICOMTag) {
        uint16(tag.group)
        uint16(tag.element)
    }

    mutating func append(_ other: [UInt8]) { bytes += other }

    /// An explicit VR header: tag, VR and a 16- or 32-bit length as the VR requires.
    mutating func header(_ tag: DICOMTag, _ vr: DICOMValueRepresentation, length: UInt32) throws {
        self.tag(tag)
        bytes += Array(vr.code.utf8)
        if vr.hasLongLength {
            uint16(0)
            uint32(length)
        } else {
            guard length <= UInt32(UInt16.max) else {
                throw DICOMError.cannotWrite(reason: "element \(tag) is \(length) bytes, too long for VR \(vr)")
            }
            uint16(UInt16(length))
        }
    }
}
