import FundusImaging

/// One measured reason why a photograph may not be gradable, with what to
/// change at the next shot.
public struct QualityReason: Codable, Sendable, Equatable {
    /// `BLURRED`, `UNDEREXPOSED`, `OVEREXPOSED`, `LOW_CONTRAST`, `SMALL_FIELD_OF_VIEW`,
    /// `OFF_CENTRE` or `VESSELS_NOT_VISIBLE`.
    public var code: String
    /// The `ImageQualityMeasures` property that is out of range.
    public var measure: String
    public var value: Double
    /// The range of that property on gradable training photographs.
    public var expected: ClosedRange<Double>
    /// What to do about it.
    public var advice: String

    public init(code: String, measure: String, value: Double, expected: ClosedRange<Double>, advice: String) {
        self.code = code
        self.measure = measure
        self.value = value
        self.expected = expected
        self.advice = advice
    }

    /// The rules, in the order a photographer would address them: each names a
    /// measure, which side of its range is a problem, a floor under the tolerance
    /// (for shares whose gradable range is nearly zero), and the advice.
    struct Rule {
        let code: String
        let measure: String
        let tooLow: Bool
        let tolerance: Double
        let advice: String
    }

    static let rules = [
        Rule(code: "SMALL_FIELD_OF_VIEW", measure: "fieldOfViewCoverage", tooLow: true, tolerance: 0,
             advice: "Little of the frame shows retina: align the camera with the pupil and come closer."),
        Rule(code: "OFF_CENTRE", measure: "fieldOfViewOffset", tooLow: false, tolerance: 0,
             advice: "The retina is off centre or cut by the frame: re-centre the camera on the pupil."),
        Rule(code: "UNDEREXPOSED", measure: "brightness", tooLow: true, tolerance: 0,
             advice: "Too dark: raise the flash or illumination, and check that the pupil is dilated."),
        Rule(code: "UNDEREXPOSED", measure: "darkShare", tooLow: false, tolerance: 0.1,
             advice: "Parts of the retina are black: raise the illumination or remove what shades the pupil (eyelid, lashes)."),
        Rule(code: "OVEREXPOSED", measure: "brightness", tooLow: false, tolerance: 0,
             advice: "Too bright: lower the flash or illumination."),
        Rule(code: "OVEREXPOSED", measure: "brightShare", tooLow: false, tolerance: 0.05,
             advice: "Glare or burnt-out areas: adjust the working distance and angle to remove reflections."),
        Rule(code: "LOW_CONTRAST", measure: "contrast", tooLow: true, tolerance: 0,
             advice: "Hazy, low contrast: clean the lens, wait for the cornea to clear (gel, tear film), retake."),
        Rule(code: "BLURRED", measure: "sharpness", tooLow: true, tolerance: 0,
             advice: "Out of focus or moved: refocus on the retina, steady the camera and retake."),
        Rule(code: "VESSELS_NOT_VISIBLE", measure: "vesselVisibility", tooLow: true, tolerance: 0,
             advice: "The vessels cannot be followed: focus on the vessels at the disc and retake."),
    ]

    /// Every rule that `measures` break against the reference ranges.
    public static func reasons(for measures: ImageQualityMeasures, references: [String: ClosedRange<Double>]) -> [QualityReason] {
        var found: [QualityReason] = []
        for rule in rules {
            guard let range = references[rule.measure], let value = measures[rule.measure] else { continue }
            let broken = rule.tooLow ? value < range.lowerBound : value > max(range.upperBound, rule.tolerance)
            if broken, !found.contains(where: { $0.code == rule.code }) {
                found.append(QualityReason(code: rule.code, measure: rule.measure, value: value, expected: range, advice: rule.advice))
            }
        }
        return found
    }
}
