/// Where the quality model's extra examples come from: photographs of other
/// data sets taken as gradable, degraded copies of them as ungradable, and
/// generated pictures that are not fundus photographs as outliers.
public struct QualitySynthesis: Codable, Sendable, Equatable {
    /// Manifests whose train images count as `good` (relative to the data root).
    public var goodManifests: [String]
    /// Shares of each batch: those images as they are (`good`), degraded copies
    /// of them (`bad`) and generated non-fundus pictures (`outlier`); the rest
    /// of the batch comes from the recipe's own manifests.
    public var goodShare: Double
    public var degradedShare: Double
    public var outlierShare: Double
    /// Per good manifest, images held out for validation, where each appears as
    /// it is, degraded, and beside one generated outlier.
    public var validationImagesPerManifest: Int
    /// Draw each gradable photograph from a good manifest chosen uniformly, so that a
    /// small data set (the infants') weighs as much as a large one (nil: uniform over photographs).
    public var balanceManifests: Bool?

    public init(goodManifests: [String], goodShare: Double, degradedShare: Double, outlierShare: Double, validationImagesPerManifest: Int) {
        self.goodManifests = goodManifests
        self.goodShare = goodShare
        self.degradedShare = degradedShare
        self.outlierShare = outlierShare
        self.validationImagesPerManifest = validationImagesPerManifest
    }
}
