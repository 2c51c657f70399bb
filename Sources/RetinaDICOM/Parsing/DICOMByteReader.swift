/// A bounds-checked cursor over little-endian bytes: every read past the end
/// is a `DICOMError.truncated`, never a trap.
struct DICOMByteReader {
    let bytes: [UInt8]
    private(set) var offset: Int

    init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var remaining: Int { bytes.count - offset }
    var isAtEnd: Bool { offset >= bytes.count }

    mutating func uint8() throws -> UInt8 {
        guard offset < bytes.count else { throw DICOMError.truncated(offset: offset) }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func uint16() throws -> UInt16 {
        guard remaining >= 2 else { throw DICOMError.truncated(offset: bytes.count) }
        defer { offset += 2 }
        return UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    mutating func uint32() throws -> UInt32 {
        guard remaining >= 4 else { throw DICOMError.truncated(offset: bytes.count) }
        defer { offset += 4 }
        return UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8
            | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
    }

    mutating func tag() throws -> DICOMTag {
        let group = try uint16()
        return DICOMTag(group, try uint16())
    }

    mutating func read(_ count: Int) throws -> [UInt8] {
        guard count >= 0, remaining >= count else { throw DICOMError.truncated(offset: bytes.count) }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    mutating func skip(_ count: Int) throws {
        guard count >= 0, remaining >= count else { throw DICOMError.truncated(offset: bytes.count) }
        offset += count
    }

    func peekTag() -> DICOMTag? {
        guard remaining >= 4 else { return nil }
        return DICOMTag(UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8,
                        UInt16(bytes[offset + 2]) | UInt16(bytes[offset + 3]) << 8)
    }
}
