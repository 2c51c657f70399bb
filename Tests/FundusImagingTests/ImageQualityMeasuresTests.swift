import Foundation
import Testing
@testable import FundusImaging

@Suite("Image quality measures")
struct ImageQualityMeasuresTests {
    static let photo = try! SyntheticFundus(size: 512, seed: 11).draw().image

    @Test("Blur lowers sharpness and vessel visibility")
    func blur() throws {
        let sharp = try ImageQualityMeasures.measure(Self.photo)
        let blurred = try ImageQualityMeasures.measure(Self.photo.gaussianBlurred(sigma: 6))
        #expect(blurred.sharpness < sharp.sharpness / 4)
        #expect(blurred.vesselVisibility < sharp.vesselVisibility)
    }

    @Test("Darkening lowers brightness and contrast; brightening saturates pixels")
    func exposure() throws {
        let normal = try ImageQualityMeasures.measure(Self.photo)
        var dark = Self.photo
        dark.pixels = dark.pixels.map { UInt8(Double($0) * 0.15) }
        var bright = Self.photo
        bright.pixels = bright.pixels.map { UInt8(min(255, Double($0) * 3 + 60)) }
        // Measured inside the original field of view, as the pipeline does.
        let fov = try FieldOfView.detect(in: Self.photo)
        let d = try ImageQualityMeasures.measure(dark, fieldOfView: fov)
        let b = try ImageQualityMeasures.measure(bright, fieldOfView: fov)
        #expect(d.brightness < normal.brightness * 0.3 && d.contrast < normal.contrast)
        #expect(d.darkShare > normal.darkShare)
        #expect(b.brightShare > normal.brightShare + 0.1 && b.brightness > normal.brightness)
    }

    @Test("A retina moved towards a corner is off centre")
    func offCentre() throws {
        let centred = try ImageQualityMeasures.measure(Self.photo)
        let moved = try ImageQualityMeasures.measure(Self.photo.warped(by: .translation(180, 150), to: Self.photo.size))
        #expect(centred.fieldOfViewOffset < 0.05)
        #expect(moved.fieldOfViewOffset > 0.3 && moved.fieldOfViewCoverage < centred.fieldOfViewCoverage)
    }

    @Test("Every named measure is readable by name")
    func names() throws {
        let m = try ImageQualityMeasures.measure(Self.photo)
        for name in ImageQualityMeasures.names { #expect(m[name] != nil) }
        #expect(m["nonsense"] == nil)
    }
}
