/// The options of a categorical label field, in the order the schema lists them.
///
/// For an ordinal field that order is the scale: weighted κ measures how far apart two
/// options are by the distance of their positions.
public struct LabelOptions: Sendable, Hashable {
    public let values: [String]
    public let isOrdinal: Bool
    /// Key sequences (one or two characters) typed after the field's key to pick each
    /// option, parallel to `values`; nil for the defaults `KeyboardShortcuts` describes.
    public let keys: [String]?

    public init(_ values: [String], ordinal: Bool, keys: [String]? = nil) {
        self.values = values
        self.isOrdinal = ordinal
        self.keys = keys
    }

    public func index(of value: String) -> Int? { values.firstIndex(of: value) }
}
