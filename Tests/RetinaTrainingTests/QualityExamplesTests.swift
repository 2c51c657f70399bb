import Foundation
import FundusImaging
import Testing
import Torch
@testable import RetinaTraining

@Suite("Quality examples: degradations and generated outliers")
struct QualityExamplesTests {
    static let photo = try! SyntheticFundus(size: 192, seed: 5).draw().image

    @Test("Each degradation changes the photograph, and the same seed gives the same result", arguments: QualityDegradation.allCases)
    func degradation(_ kind: QualityDegradation) throws {
        let a = try kind.apply(to: Self.photo, generator: RandomGenerator(seed: 9))
        let b = try kind.apply(to: Self.photo, generator: RandomGenerator(seed: 9))
        #expect(a == b)
        #expect(a.size == Self.photo.size)
        let changed = zip(a.pixels, Self.photo.pixels).filter { abs(Int($0) - Int($1)) > 8 }.count
        #expect(Double(changed) / Double(a.pixels.count) > 0.05, "\(kind) changed only \(changed) values")
    }

    @Test("Degradations make the measures worse in the way they should")
    func measuresFollow() throws {
        let g = try RandomGenerator(seed: 2)
        let fov = try FieldOfView.detect(in: Self.photo)
        let clean = try ImageQualityMeasures.measure(Self.photo, fieldOfView: fov)
        let blurred = try ImageQualityMeasures.measure(QualityDegradation.blur.apply(to: Self.photo, generator: g), fieldOfView: fov)
        let dark = try ImageQualityMeasures.measure(QualityDegradation.underexposure.apply(to: Self.photo, generator: g), fieldOfView: fov)
        let hazy = try ImageQualityMeasures.measure(QualityDegradation.haze.apply(to: Self.photo, generator: g), fieldOfView: fov)
        #expect(blurred.sharpness < clean.sharpness)
        #expect(dark.brightness < clean.brightness)
        #expect(hazy.contrast < clean.contrast)
    }

    @Test("Every kind of outlier is drawn, deterministically, at the requested size", arguments: SyntheticOutlier.allCases)
    func outlier(_ kind: SyntheticOutlier) throws {
        let a = try kind.draw(size: 96, generator: RandomGenerator(seed: 4))
        let b = try kind.draw(size: 96, generator: RandomGenerator(seed: 4))
        #expect(a == b && a.size == Size(width: 96, height: 96) && a.channels == 3)
        let c = try kind.draw(size: 96, generator: RandomGenerator(seed: 5))
        #expect(a != c)
    }

    @Test("Outliers come in the frame shapes photographs come in, 96 px high")
    func framedOutliers() throws {
        let g = try RandomGenerator(seed: 9)
        let aspects = Set(try (0 ..< 40).map { _ in
            let picture = try SyntheticOutlier.randomFramed(size: 96, generator: g)
            #expect(picture.height == 96)
            return (Double(picture.width) / 96 * 100).rounded()
        })
        #expect(aspects.count >= 4 && aspects.isSubset(of: Set(SyntheticOutlier.frameAspects.map { ($0 * 100).rounded() })), "\(aspects)")
    }
}
