import Foundation
import FundusImaging
import RetinaData
@testable import RetinaTraining
import Testing
import Torch

@Suite("Augmentations")
struct AugmentationTests {
    func sample(eye: Eye = .right) throws -> TrainingSample {
        let d = try SyntheticFundus(size: 128, eye: eye, seed: 4).draw()
        let image = try FundusImage(d.image, masks: ["vessels": d.vessels], keypoints: ["disc": d.disc, "fovea": d.fovea])
        return TrainingSample(image: image, eye: eye)
    }

    @Test("A horizontal flip swaps the eye label, and the disc moves to the other side of the fovea")
    func flipSwapsEye() throws {
        let flip = RandomGeometry(horizontalFlipProbability: 1)
        let out = try flip(sample(eye: .right), generator: RandomGenerator(seed: 1))
        #expect(out.eye == .left)
        #expect(out.image.keypoints["disc"]!.x < out.image.keypoints["fovea"]!.x)
        let kept = try RandomGeometry(horizontalFlipProbability: 0)(sample(eye: .right), generator: RandomGenerator(seed: 1))
        #expect(kept.eye == .right)
    }

    @Test("Parameters are drawn once: image, mask and keypoints stay aligned")
    func staysAligned() throws {
        let geometry = RandomGeometry(rotationDegrees: -180...180, scale: 0.7...1.4,
                                      outputSize: Size(width: 64, height: 64), patch: true)
        let s = try sample()
        for seed in 0 ..< 5 as Range<UInt64> {
            let out = try geometry(s, generator: RandomGenerator(seed: seed))
            #expect(out.image.size == Size(width: 64, height: 64))
            // Where the warped mask says vessel, the warped image is darker in green than the retina around it.
            let mask = out.image.masks["vessels"]!
            var (vessel, vesselN, other, otherN) = (0.0, 0, 0.0, 0)
            for i in 0 ..< mask.pixels.count {
                let green = Double(out.image.image.pixels[i * 3 + 1])
                if mask.pixels[i] > 0 { vessel += green; vesselN += 1 } else if green > 40 { other += green; otherN += 1 }
            }
            if vesselN > 20 && otherN > 20 { #expect(vessel / Double(vesselN) < other / Double(otherN)) }
            for (name, p) in out.image.keypoints {
                let back = out.image.toOriginal(p)
                #expect(back.distance(to: s.image.keypoints[name]!) < 1e-6)
            }
        }
    }

    @Test("The same seed gives the same augmented sample")
    func repeatable() throws {
        let pipeline = AugmentationPipeline([
            RandomGeometry(rotationDegrees: -30...30, scale: 0.9...1.1),
            RandomPhotometry(brightness: -20...20, contrast: 0.8...1.2, gamma: 0.8...1.2, blurProbability: 0.5, noise: 0...5),
        ])
        let a = try pipeline(sample(), generator: RandomGenerator(seed: 7)).image.image
        let b = try pipeline(sample(), generator: RandomGenerator(seed: 7)).image.image
        let c = try pipeline(sample(), generator: RandomGenerator(seed: 8)).image.image
        #expect(a == b)
        #expect(a != c)
    }

    @Test func photometryLeavesGeometryAlone() throws {
        let s = try sample()
        let out = try RandomPhotometry(brightness: 30...30)(s, generator: RandomGenerator(seed: 1))
        #expect(out.image.masks["vessels"] == s.image.masks["vessels"])
        #expect(out.image.keypoints == s.image.keypoints)
        let before = s.image.image.pixels.map(Int.init).reduce(0, +)
        let after = out.image.image.pixels.map(Int.init).reduce(0, +)
        #expect(after > before)
    }

    @Test("A colour cast scales each channel by its own gain; without one, the draws are those of before")
    func channelGain() throws {
        let s = try sample()
        func channelMeans(_ image: Bitmap) -> [Double] {
            (0 ..< 3).map { c in Double(stride(from: c, to: image.pixels.count, by: 3).map { Int(image.pixels[$0]) }.reduce(0, +)) }
        }
        let cast = try RandomPhotometry(channelGain: 0.5...1.5)(s, generator: RandomGenerator(seed: 3))
        let (before, after) = (channelMeans(s.image.image), channelMeans(cast.image.image))
        let ratios = zip(after, before).map { $0 / max($1, 1) }
        #expect(Set(ratios.map { ($0 * 100).rounded() }).count == 3)  // three different gains
        #expect(cast.image.masks["vessels"] == s.image.masks["vessels"])
        // A recipe without channelGain sees the same random sequence as before the option existed.
        let plain = RandomPhotometry(brightness: -20...20, contrast: 0.8...1.2, noise: 0...3)
        let decoded = try JSONDecoder().decode(RandomPhotometry.self, from: JSONEncoder().encode(plain))
        #expect(decoded.channelGain == nil)
        #expect(try plain(s, generator: RandomGenerator(seed: 9)).image.image == decoded(s, generator: RandomGenerator(seed: 9)).image.image)
    }
}
