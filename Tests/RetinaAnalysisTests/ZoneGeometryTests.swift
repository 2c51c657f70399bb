import Foundation
import Testing
import FundusImaging
import RetinaModels
@testable import RetinaAnalysis

@Suite("Zone geometry and laterality")
struct ZoneGeometryTests {
    @Test("Zone I radius is twice the disc–fovea distance; posterior zone II adds two disc diameters")
    func zoneRadii() {
        let zone = ZoneGeometry(disc: Point(x: 300, y: 200), fovea: Point(x: 180, y: 250), discDiameter: 40)
        #expect(zone.discFoveaDistance == 130)
        #expect(zone.zoneIRadius == 260)
        #expect(zone.posteriorZoneIIRadius == 340)
        #expect(zone.eyeFromGeometry == .right)
        #expect(zone.inZoneI(Point(x: 300, y: 459)) && !zone.inZoneI(Point(x: 300, y: 461)))
        #expect(ZoneGeometry(disc: Point(x: 100, y: 200), fovea: Point(x: 220, y: 200), discDiameter: nil).eyeFromGeometry == .left)
        #expect(ZoneGeometry(disc: Point(x: 0, y: 0), fovea: Point(x: 1, y: 0), discDiameter: nil).posteriorZoneIIRadius == nil)
    }

    @Test("Without a fovea, zone I is estimated from the disc: 3.76 disc diameters temporal, 5.5° below, marked estimated")
    func estimatedZone() throws {
        let right = ZoneGeometry(disc: Point(x: 400, y: 300), discDiameter: 40, eye: .right)
        let distance = 3.76 * 40
        #expect(right.estimated && abs(right.discFoveaDistance - distance) < 1e-9 && abs(right.zoneIRadius - 2 * distance) < 1e-9)
        let fovea = try #require(right.estimatedFovea)
        #expect(fovea.x < 400 && fovea.y > 300)  // temporal is to the viewer's left in a right eye, and below
        #expect(abs(atan2(fovea.y - 300, 400 - fovea.x) * 180 / .pi - 5.5) < 1e-9)
        #expect(right.eyeFromGeometry == .right)
        let left = ZoneGeometry(disc: Point(x: 400, y: 300), discDiameter: 40, eye: .left)
        #expect(left.estimatedFovea!.x > 400 && left.eyeFromGeometry == .left)
        let measured = ZoneGeometry(disc: Point(x: 300, y: 200), fovea: Point(x: 180, y: 250), discDiameter: 40)
        #expect(!measured.estimated && measured.estimatedFovea == nil)
        // A zone stored before estimated zones existed decodes as measured.
        var json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(measured)) as! [String: Any]
        json["estimated"] = nil
        let decoded = try JSONDecoder().decode(ZoneGeometry.self, from: JSONSerialization.data(withJSONObject: json))
        #expect(decoded == measured)
    }

    @Test("Landmark analysis: disc without fovea gives an estimated zone with the classifier's eye; no disc, no zone")
    func estimatedZoneFromLandmarks() {
        let box = Rect(x: 380, y: 280, width: 40, height: 40)
        let noFovea = LandmarkDetection(opticDisc: Landmark(x: 400, y: 300, confidence: 0.9, found: true), opticDiscBox: box,
                                        fovea: Landmark(x: 0, y: 0, confidence: 0.1, found: false))
        let eye = LateralityClassifier.Prediction(eye: .left, confidence: 0.9, probabilityRight: 0.1)
        let analysis = LandmarkAnalysis(landmarks: noFovea, laterality: eye)
        #expect(analysis.zone?.estimated == true && analysis.zone!.estimatedFovea!.x > 400)
        #expect(analysis.laterality.fromGeometry == nil)  // an estimate does not vote on the eye
        #expect(LandmarkAnalysis(landmarks: noFovea, laterality: nil).zone == nil)
        var noDisc = noFovea
        noDisc.opticDisc.found = false
        #expect(LandmarkAnalysis(landmarks: noDisc, laterality: eye).zone == nil)
    }

    @Test func zoneIMaskCoversTheCircle() throws {
        let zone = ZoneGeometry(disc: Point(x: 100, y: 100), fovea: Point(x: 80, y: 100), discDiameter: 10)
        let mask = try zone.zoneIMask(size: Size(width: 200, height: 200))
        let area = Double(mask.pixels.filter { $0 > 127 }.count)
        #expect(abs(area - Double.pi * 40 * 40) / (Double.pi * 1600) < 0.02)
    }

    @Test("A flipped photograph's geometry names the other eye")
    func flipSwapsGeometricEye() throws {
        let drawing = try SyntheticFundus(size: 200, eye: .right, seed: 1).draw()
        let photo = try FundusImage(drawing.image, keypoints: ["disc": drawing.disc, "fovea": drawing.fovea])
        let flipped = try photo.applying(.horizontalFlip)
        let before = ZoneGeometry(disc: photo.keypoints["disc"]!, fovea: photo.keypoints["fovea"]!, discDiameter: nil)
        let after = ZoneGeometry(disc: flipped.keypoints["disc"]!, fovea: flipped.keypoints["fovea"]!, discDiameter: nil)
        #expect(before.eyeFromGeometry == .right && after.eyeFromGeometry == .left)
        #expect(abs(before.zoneIRadius - after.zoneIRadius) < 1e-9)
    }

    @Test("Disagreement between classifier and geometry is reported and flagged for review")
    func lateralityDisagreement() {
        let right = LateralityClassifier.Prediction(eye: .right, confidence: 0.97, probabilityRight: 0.97)
        let zoneRight = ZoneGeometry(disc: Point(x: 300, y: 200), fovea: Point(x: 180, y: 200), discDiameter: nil)
        let zoneLeft = ZoneGeometry(disc: Point(x: 100, y: 200), fovea: Point(x: 220, y: 200), discDiameter: nil)
        let agree = LateralityAssessment(classifier: right, geometry: zoneRight, landmarksFound: true)
        #expect(agree.eye == .right && agree.agreement && !agree.needsReview)
        let disagree = LateralityAssessment(classifier: right, geometry: zoneLeft, landmarksFound: true)
        #expect(disagree.eye == .right && !disagree.agreement && disagree.needsReview && disagree.fromGeometry == .left)
        let noLandmarks = LateralityAssessment(classifier: right, geometry: zoneLeft, landmarksFound: false)
        #expect(noLandmarks.agreement && noLandmarks.fromGeometry == nil)
        let geometryOnly = LateralityAssessment(classifier: nil, geometry: zoneLeft, landmarksFound: true)
        #expect(geometryOnly.eye == .left && geometryOnly.needsReview)
    }

    @Test("The overlay draws the zone I circle, the disc box and both landmarks")
    func overlay() throws {
        let detection = LandmarkDetection(
            opticDisc: Landmark(x: 300, y: 200, confidence: 0.9, found: true),
            opticDiscBox: Rect(x: 280, y: 180, width: 40, height: 40),
            fovea: Landmark(x: 220, y: 200, confidence: 0.8, found: true))
        let analysis = LandmarkAnalysis(landmarks: detection, laterality: nil)
        #expect(analysis.zone?.zoneIRadius == 160)
        let image = try Bitmap(width: 600, height: 400, channels: 3)
        let drawn = try analysis.overlay(on: image)
        #expect(drawn[300, 40, 1] > 150)    // top of the zone I circle, green
        #expect(drawn[280, 200, 0] > 150)   // left side of the disc box, yellow
        #expect(drawn[220, 200, 2] > 150)   // fovea cross, cyan
        let missing = LandmarkAnalysis(landmarks: LandmarkDetection(
            opticDisc: detection.opticDisc, opticDiscBox: detection.opticDiscBox,
            fovea: Landmark(x: 0, y: 0, confidence: 0.1, found: false)), laterality: nil)
        #expect(missing.zone == nil)
    }
}
