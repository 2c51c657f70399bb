import Foundation

/// The features of one analysed photograph, as drift detection sees them: named numbers
/// (size, brightness, quality score …), named categories (camera family, site …) and an
/// optional compact embedding (the quality model's pooled features). Never holds pixels
/// or patient fields.
public struct InputProfile: Sendable, Hashable, Codable {
    public var numeric: [String: Double]
    public var categorical: [String: String]
    public var embedding: [Double]?

    public init(numeric: [String: Double] = [:], categorical: [String: String] = [:], embedding: [Double]? = nil) {
        self.numeric = numeric
        self.categorical = categorical
        self.embedding = embedding
    }

    public subscript(feature: NumericFeature) -> Double? {
        get { numeric[feature.rawValue] }
        set { numeric[feature.rawValue] = newValue }
    }

    public subscript(feature: CategoricalFeature) -> String? {
        get { categorical[feature.rawValue] }
        set { categorical[feature.rawValue] = newValue }
    }
}
