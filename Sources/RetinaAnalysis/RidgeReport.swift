import FundusImaging

/// The ROP ridge (demarcation line) map and whether a ridge is present.
public struct RidgeReport: Codable, Sendable, Equatable {
    public var present: Bool
    /// The highest ridge probability of any pixel: the confidence that a ridge is there.
    public var confidence: Double
    /// Share of the field of view above the threshold.
    public var areaShare: Double
    public var threshold: Double
    /// The ridge probability map, grey PNG, base64, at the photograph's size.
    public var mapPNG: String?
}
