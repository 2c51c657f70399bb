import FundusImaging

/// The vessel map and its biomarkers over the field of view and inside zone I
/// (where plus disease is judged).
public struct VesselReport: Codable, Sendable, Equatable {
    /// The probability at or above which a pixel is vessel.
    public var threshold: Double
    public var biomarkers: VesselBiomarkers
    /// Inside the zone I circle; nil when zone I could not be placed.
    public var zoneI: VesselBiomarkers?
    /// The binary vessel mask, PNG, base64, at the photograph's size.
    public var maskPNG: String?
}
