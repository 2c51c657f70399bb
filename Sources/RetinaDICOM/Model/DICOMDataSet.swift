import Foundation

/// A set of data elements keyed by tag: a whole object, or one item of a sequence.
public struct DICOMDataSet: Sendable, Equatable {
    private var storage: [DICOMTag: DICOMElement] = [:]

    public init() {}

    public init(_ elements: [DICOMElement]) {
        for element in elements { storage[element.tag] = element }
    }

    /// The elements in ascending tag order, the order they are written in.
    public var elements: [DICOMElement] { storage.values.sorted { $0.tag < $1.tag } }
    public var tags: [DICOMTag] { storage.keys.sorted() }
    public var count: Int { storage.count }
    public var isEmpty: Bool { storage.isEmpty }

    public subscript(tag: DICOMTag) -> DICOMElement? {
        get { storage[tag] }
        set {
            if var element = newValue {
                element.tag = tag
                storage[tag] = element
            } else {
                storage[tag] = nil
            }
        }
    }

    public func contains(_ tag: DICOMTag) -> Bool { storage[tag] != nil }

    public mutating func remove(_ tag: DICOMTag) { storage[tag] = nil }

    /// Removes every element whose tag matches `predicate`.
    public mutating func removeAll(where predicate: (DICOMTag) -> Bool) {
        for tag in storage.keys where predicate(tag) { storage[tag] = nil }
    }

    // MARK: Reading values

    /// The first value of a string element, without its padding; nil when absent or empty.
    public func string(_ tag: DICOMTag) -> String? {
        strings(tag).first.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// All backslash-separated values of a string element, each trimmed of padding.
    public func strings(_ tag: DICOMTag) -> [String] {
        guard let element = storage[tag], let bytes = element.bytes, !bytes.isEmpty else { return [] }
        let text = Self.decodeText(bytes)
        let values = element.vr.isSingleValuedText ? [text] : text.split(separator: "\\", omittingEmptySubsequences: false).map(String.init)
        return values.map { Self.trimPadding($0, leading: !element.vr.isSingleValuedText) }
    }

    /// A US value (or the first of several).
    public func uint16(_ tag: DICOMTag) -> UInt16? {
        guard let bytes = storage[tag]?.bytes, bytes.count >= 2 else { return nil }
        return UInt16(bytes[0]) | UInt16(bytes[1]) << 8
    }

    /// A UL value (or the first of several).
    public func uint32(_ tag: DICOMTag) -> UInt32? {
        guard let bytes = storage[tag]?.bytes, bytes.count >= 4 else { return nil }
        return UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 24
    }

    /// An integer from an IS string or a US / UL / SS / SL binary value.
    public func integer(_ tag: DICOMTag) -> Int? {
        guard let element = storage[tag] else { return nil }
        switch element.vr {
        case .US: return uint16(tag).map(Int.init)
        case .SS: return uint16(tag).map { Int(Int16(bitPattern: $0)) }
        case .UL: return uint32(tag).map(Int.init)
        case .SL: return uint32(tag).map { Int(Int32(bitPattern: $0)) }
        default: return string(tag).flatMap { Int($0) }
        }
    }

    /// The items of a sequence; empty when absent.
    public func sequence(_ tag: DICOMTag) -> [DICOMDataSet] { storage[tag]?.items ?? [] }

    // MARK: Writing values

    /// Sets a string element; multiple values are joined with backslashes. Padding is added on writing.
    public mutating func set(_ tag: DICOMTag, _ vr: DICOMValueRepresentation, _ values: String...) {
        set(tag, vr, strings: values)
    }

    public mutating func set(_ tag: DICOMTag, _ vr: DICOMValueRepresentation, strings values: [String]) {
        storage[tag] = DICOMElement(tag: tag, vr: vr, bytes: Array(values.joined(separator: "\\").utf8))
    }

    public mutating func set(_ tag: DICOMTag, uint16 value: UInt16) {
        storage[tag] = DICOMElement(tag: tag, vr: .US, bytes: [UInt8(value & 0xFF), UInt8(value >> 8)])
    }

    public mutating func set(_ tag: DICOMTag, uint32 value: UInt32) {
        storage[tag] = DICOMElement(tag: tag, vr: .UL, bytes: (0..<4).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) })
    }

    public mutating func set(_ tag: DICOMTag, sequence items: [DICOMDataSet]) {
        storage[tag] = DICOMElement(tag: tag, vr: .SQ, value: .sequence(items))
    }

    public mutating func set(_ tag: DICOMTag, _ vr: DICOMValueRepresentation, bytes: [UInt8]) {
        storage[tag] = DICOMElement(tag: tag, vr: vr, bytes: bytes)
    }

    // MARK: Text

    /// UTF-8 (ISO_IR 192, and its ASCII subset, the default repertoire) when
    /// valid, otherwise Latin-1 (ISO_IR 100), the usual older encoding.
    static func decodeText(_ bytes: [UInt8]) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        return String(bytes.map { Character(Unicode.Scalar($0)) })
    }

    private static func trimPadding(_ value: String, leading: Bool) -> String {
        var scalars = Substring(value).unicodeScalars
        while let last = scalars.last, last == " " || last == "\0" { scalars.removeLast() }
        if leading { while let first = scalars.first, first == " " { scalars.removeFirst() } }
        return String(scalars)
    }
}
