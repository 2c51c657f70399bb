/// One data element: its tag, its value representation and its value.
///
/// Values are kept as their little-endian bytes (padding included), the way
/// both supported encodings store them, so an element read from a file is
/// written back unchanged.
public struct DICOMElement: Sendable, Equatable {
    public var tag: DICOMTag
    public var vr: DICOMValueRepresentation
    public var value: Value

    public enum Value: Sendable, Equatable {
        /// The value's bytes, little endian.
        case bytes([UInt8])
        /// A sequence (SQ) of items, each a nested data set.
        case sequence([DICOMDataSet])
        /// Pixel data in a compressed transfer syntax: offset table and fragments.
        case encapsulated(DICOMEncapsulatedPixelData)
    }

    public init(tag: DICOMTag, vr: DICOMValueRepresentation, value: Value) {
        self.tag = tag
        self.vr = vr
        self.value = value
    }

    public init(tag: DICOMTag, vr: DICOMValueRepresentation, bytes: [UInt8]) {
        self.init(tag: tag, vr: vr, value: .bytes(bytes))
    }

    /// The value's bytes, or nil for a sequence or encapsulated pixel data.
    public var bytes: [UInt8]? {
        if case .bytes(let bytes) = value { return bytes }
        return nil
    }

    /// The items of a sequence, or nil when this is not one.
    public var items: [DICOMDataSet]? {
        if case .sequence(let items) = value { return items }
        return nil
    }
}

/// Pixel data of a compressed transfer syntax (PS3.5 A.4): a basic offset table
/// and the fragments that follow it.
public struct DICOMEncapsulatedPixelData: Sendable, Equatable {
    /// Byte offsets of each frame's first fragment, measured from the first
    /// fragment's item tag; often empty.
    public var offsetTable: [UInt32]
    public var fragments: [[UInt8]]

    public init(offsetTable: [UInt32] = [], fragments: [[UInt8]]) {
        self.offsetTable = offsetTable
        self.fragments = fragments
    }
}
