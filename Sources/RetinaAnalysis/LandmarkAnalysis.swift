import FundusImaging
import RetinaModels

/// Landmarks, laterality and zones of one photograph, in the pixels sent.
public struct LandmarkAnalysis: Codable, Sendable, Equatable {
    public var landmarks: LandmarkDetection
    public var laterality: LateralityAssessment
    /// Nil when the disc or fovea was not found: zone I cannot be placed.
    public var zone: ZoneGeometry?

    public init(landmarks: LandmarkDetection, laterality: LateralityClassifier.Prediction?) {
        self.landmarks = landmarks
        let found = landmarks.opticDisc.found && landmarks.fovea.found
        let geometry = ZoneGeometry(disc: landmarks.opticDisc.point, fovea: landmarks.fovea.point, discDiameter: landmarks.discDiameter)
        zone = found ? geometry : nil
        self.laterality = LateralityAssessment(classifier: laterality, geometry: geometry, landmarksFound: found)
    }

    /// An analysis already made (from a report).
    public init(landmarks: LandmarkDetection, laterality: LateralityAssessment, zone: ZoneGeometry?) {
        self.landmarks = landmarks
        self.laterality = laterality
        self.zone = zone
    }

    /// The photograph with the disc box, disc centre, fovea, zone I and posterior zone II drawn on it.
    public func overlay(on image: Bitmap) throws -> Bitmap {
        var out = image
        let unit = Double(max(image.width, image.height)) / 600
        let thickness = max(1, Int(unit.rounded()))
        if let zone {
            try out.drawCircle(center: zone.center, radius: zone.zoneIRadius, color: .green, thickness: thickness)
            if let outer = zone.posteriorZoneIIRadius {
                try out.drawCircle(center: zone.center, radius: outer, color: .magenta, thickness: thickness)
            }
        }
        try out.drawRectangle(landmarks.opticDiscBox, color: .yellow, thickness: thickness)
        try out.drawCross(at: landmarks.opticDisc.point, size: 6 * unit, color: .yellow, thickness: thickness)
        try out.drawCross(at: landmarks.fovea.point, size: 6 * unit, color: .cyan, thickness: thickness)
        let caption = "\(laterality.eye.rawValue) eye" + (laterality.agreement ? "" : " (classifier and geometry disagree)")
        try out.drawText(caption, at: Point(x: 10 * unit, y: 24 * unit), scale: 0.6 * unit, color: .white, thickness: thickness)
        return out
    }
}
