/// Parses the elements of a little-endian data set, explicit or implicit VR,
/// with nested sequences and encapsulated pixel data.
///
/// Every loop step consumes at least one 8-byte header, every length is
/// checked against the bytes that remain before anything is copied, and
/// nesting is bounded, so no input can make it hang, overflow the stack or
/// allocate more than the input's size.
struct DICOMDataSetParser {
    private var reader: DICOMByteReader
    private let limits: DICOMLimits
    private var elementCount = 0

    private static let undefinedLength: UInt32 = 0xFFFF_FFFF

    init(bytes: [UInt8], offset: Int = 0, limits: DICOMLimits) {
        reader = DICOMByteReader(bytes, offset: offset)
        self.limits = limits
    }

    var offset: Int { reader.offset }

    /// Parses elements until the end of the bytes.
    mutating func parseAll(explicitVR: Bool) throws -> DICOMDataSet {
        try parseDataSet(end: reader.bytes.count, explicitVR: explicitVR, depth: 0, delimited: false)
    }

    /// Parses the file meta group: the explicit VR elements of group 0002 at the current offset.
    mutating func parseFileMeta() throws -> DICOMDataSet {
        var meta = DICOMDataSet()
        while let tag = reader.peekTag(), tag.group == 0x0002 {
            let element = try parseElement(end: reader.bytes.count, explicitVR: true, depth: 0)
            meta[element.tag] = element
        }
        return meta
    }

    // MARK: Data sets and elements

    /// Parses until `end` or, when `delimited`, until an Item Delimitation Item.
    private mutating func parseDataSet(end: Int, explicitVR: Bool, depth: Int, delimited: Bool) throws -> DICOMDataSet {
        var dataSet = DICOMDataSet()
        while reader.offset < end {
            if let tag = reader.peekTag(), tag.group == 0xFFFE {
                if tag == .itemDelimitation && delimited {
                    _ = try reader.tag()
                    _ = try reader.uint32()
                    return dataSet
                }
                // Stray item or delimiter in a data set; some writers pad the
                // end of the file with a sequence delimiter. Stop at top level.
                if depth == 0 && !delimited && tag == .sequenceDelimitation { return dataSet }
                throw DICOMError.malformed(tag: tag, reason: "unexpected item or delimiter in a data set")
            }
            let element = try parseElement(end: end, explicitVR: explicitVR, depth: depth)
            dataSet[element.tag] = element
        }
        if delimited { throw DICOMError.truncated(offset: reader.offset) }
        return dataSet
    }

    private mutating func countElement() throws {
        elementCount += 1
        guard elementCount <= limits.maximumElementCount else { throw DICOMError.tooLarge(limit: limits.maximumElementCount) }
    }

    private mutating func parseElement(end: Int, explicitVR: Bool, depth: Int) throws -> DICOMElement {
        try countElement()
        let tag = try reader.tag()
        let vr: DICOMValueRepresentation
        let length: UInt32
        if explicitVR {
            let first = try reader.uint8(), second = try reader.uint8()
            guard let parsed = DICOMValueRepresentation(bytes: first, second) else {
                throw DICOMError.malformed(tag: tag, reason: "invalid value representation")
            }
            vr = parsed
            if vr.hasLongLength {
                try reader.skip(2)
                length = try reader.uint32()
            } else {
                length = UInt32(try reader.uint16())
            }
        } else {
            vr = DICOMDictionary.vr(for: tag)
            length = try reader.uint32()
        }

        if length == Self.undefinedLength {
            if tag == .pixelData {
                return DICOMElement(tag: tag, vr: vr == .OW ? .OB : vr, value: .encapsulated(try parseEncapsulated(end: end)))
            }
            guard vr == .SQ || vr == .UN else {
                throw DICOMError.malformed(tag: tag, reason: "undefined length on a \(vr) element")
            }
            // An UN of undefined length is a sequence encoded in implicit VR (PS3.5 6.2.2).
            let itemsExplicit = vr == .SQ ? explicitVR : false
            let items = try parseSequence(end: end, length: nil, explicitVR: itemsExplicit, depth: depth + 1)
            return DICOMElement(tag: tag, vr: .SQ, value: .sequence(items))
        }

        let valueLength = Int(length)
        let available = end - reader.offset
        guard valueLength <= available else {
            throw DICOMError.elementLengthExceedsData(tag: tag, length: valueLength, remaining: max(0, available))
        }
        if vr == .SQ {
            let items = try parseSequence(end: end, length: valueLength, explicitVR: explicitVR, depth: depth + 1)
            return DICOMElement(tag: tag, vr: .SQ, value: .sequence(items))
        }
        return DICOMElement(tag: tag, vr: vr, bytes: try reader.read(valueLength))
    }

    // MARK: Sequences

    private mutating func parseSequence(end: Int, length: Int?, explicitVR: Bool, depth: Int) throws -> [DICOMDataSet] {
        guard depth <= limits.maximumSequenceDepth else { throw DICOMError.nestingTooDeep(limit: limits.maximumSequenceDepth) }
        let sequenceEnd = length.map { reader.offset + $0 } ?? end
        var items: [DICOMDataSet] = []
        while true {
            if length != nil && reader.offset >= sequenceEnd { return items }
            try countElement()
            let tag = try reader.tag()
            let itemLength = try reader.uint32()
            if tag == .sequenceDelimitation {
                guard length == nil else { throw DICOMError.malformed(tag: tag, reason: "sequence delimiter in a sequence of defined length") }
                return items
            }
            guard tag == .item else { throw DICOMError.malformed(tag: tag, reason: "expected an item in a sequence") }
            if itemLength == Self.undefinedLength {
                items.append(try parseDataSet(end: sequenceEnd, explicitVR: explicitVR, depth: depth, delimited: true))
            } else {
                let available = sequenceEnd - reader.offset
                guard Int(itemLength) <= available else {
                    throw DICOMError.elementLengthExceedsData(tag: tag, length: Int(itemLength), remaining: max(0, available))
                }
                items.append(try parseDataSet(end: reader.offset + Int(itemLength), explicitVR: explicitVR, depth: depth, delimited: false))
            }
        }
    }

    // MARK: Encapsulated pixel data

    private mutating func parseEncapsulated(end: Int) throws -> DICOMEncapsulatedPixelData {
        var offsetTable: [UInt32]?
        var fragments: [[UInt8]] = []
        while true {
            try countElement()
            let tag = try reader.tag()
            let length = try reader.uint32()
            if tag == .sequenceDelimitation {
                guard offsetTable != nil else {
                    throw DICOMError.malformed(tag: .pixelData, reason: "encapsulated pixel data without a basic offset table item")
                }
                return DICOMEncapsulatedPixelData(offsetTable: offsetTable ?? [], fragments: fragments)
            }
            guard tag == .item, length != Self.undefinedLength else {
                throw DICOMError.malformed(tag: .pixelData, reason: "expected a fragment item of defined length")
            }
            let available = end - reader.offset
            guard Int(length) <= available else {
                throw DICOMError.elementLengthExceedsData(tag: .pixelData, length: Int(length), remaining: max(0, available))
            }
            let bytes = try reader.read(Int(length))
            if offsetTable == nil {
                guard bytes.count % 4 == 0 else {
                    throw DICOMError.malformed(tag: .pixelData, reason: "basic offset table length is not a multiple of 4")
                }
                offsetTable = stride(from: 0, to: bytes.count, by: 4).map {
                    UInt32(bytes[$0]) | UInt32(bytes[$0 + 1]) << 8 | UInt32(bytes[$0 + 2]) << 16 | UInt32(bytes[$0 + 3]) << 24
                }
            } else {
                fragments.append(bytes)
            }
        }
    }
}
