import FundusImaging
import RetinaModels

/// Landmarks, laterality and zones of one photograph, in the pixels sent.
public struct LandmarkAnalysis: Codable, Sendable, Equatable {
    public var landmarks: LandmarkDetection
    public var laterality: LateralityAssessment
    /// Zone I from disc and fovea; estimated from the disc and the classifier's eye
    /// when the fovea was not found (`ZoneGeometry.estimated`); nil without a disc.
    public var zone: ZoneGeometry?

    public init(landmarks: LandmarkDetection, laterality: LateralityClassifier.Prediction?) {
        self.landmarks = landmarks
        let found = landmarks.opticDisc.found && landmarks.fovea.found
        let geometry = ZoneGeometry(disc: landmarks.opticDisc.point, fovea: landmarks.fovea.point, discDiameter: landmarks.discDiameter)
        self.laterality = LateralityAssessment(classifier: laterality, geometry: geometry, landmarksFound: found)
        if found {
            zone = geometry
        } else if landmarks.opticDisc.found, landmarks.discDiameter > 0, let eye = laterality?.eye {
            // The geometry cannot vote on the eye here: the estimate takes the classifier's.
            zone = ZoneGeometry(disc: landmarks.opticDisc.point, discDiameter: landmarks.discDiameter, eye: eye)
        } else {
            zone = nil
        }
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
        if landmarks.fovea.found {
            try out.drawCross(at: landmarks.fovea.point, size: 6 * unit, color: .cyan, thickness: thickness)
        } else if let estimated = zone?.estimatedFovea {
            try out.drawCircle(center: estimated, radius: 4 * unit, color: .cyan, thickness: thickness)
            try out.drawText("estimated zone I (fovea not seen)", at: Point(x: 10 * unit, y: 48 * unit), scale: 0.6 * unit, color: .green, thickness: thickness)
        }
        let caption = "\(laterality.eye.rawValue) eye" + (laterality.agreement ? "" : " (classifier and geometry disagree)")
        try out.drawText(caption, at: Point(x: 10 * unit, y: 24 * unit), scale: 0.6 * unit, color: .white, thickness: thickness)
        return out
    }
}
