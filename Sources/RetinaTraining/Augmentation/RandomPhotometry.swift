import Foundation
import FundusImaging
import RetinaData
import Torch

/// Brightness, contrast, gamma, colour cast, blur and noise: changes of the
/// camera and exposure that leave geometry and labels alone.
public struct RandomPhotometry: Augmentation, Codable, Equatable {
    /// Added to every channel, in 8-bit levels.
    public var brightness: ClosedRange<Double>
    /// Multiplies the distance from mid-grey.
    public var contrast: ClosedRange<Double>
    public var gamma: ClosedRange<Double>
    public var blurProbability: Double
    public var blurSigma: ClosedRange<Double>
    /// Standard deviation of added Gaussian noise, in 8-bit levels.
    public var noise: ClosedRange<Double>
    /// Each channel multiplied by its own gain from this range: the colour casts of
    /// other cameras (bluish and violet wide-field infant photographs). Nil draws
    /// nothing, so recipes without it see the same random sequence as before.
    public var channelGain: ClosedRange<Double>?

    public init(brightness: ClosedRange<Double> = 0...0, contrast: ClosedRange<Double> = 1...1,
                gamma: ClosedRange<Double> = 1...1, blurProbability: Double = 0,
                blurSigma: ClosedRange<Double> = 0.5...1.5, noise: ClosedRange<Double> = 0...0,
                channelGain: ClosedRange<Double>? = nil) {
        self.brightness = brightness
        self.contrast = contrast
        self.gamma = gamma
        self.blurProbability = blurProbability
        self.blurSigma = blurSigma
        self.noise = noise
        self.channelGain = channelGain
    }

    public func callAsFunction(_ sample: TrainingSample, generator: RandomGenerator) throws -> TrainingSample {
        let (b, c, g) = (try generator.uniform(brightness), try generator.uniform(contrast), try generator.uniform(gamma))
        let blur = try generator.chance(blurProbability) ? try generator.uniform(blurSigma) : 0
        let sigma = try generator.uniform(noise)
        let noiseValues = sigma > 0
            ? try Tensor.randn([sample.image.image.pixels.count], generator: generator).toArray(of: Float.self)
            : []
        let channels = sample.image.image.channels
        let gains = try channelGain.map { range in try (0 ..< channels).map { _ in try generator.uniform(range) } }
        // One lookup table for gamma, contrast and brightness.
        let table: [UInt8] = (0 ..< 256).map { v in
            let gammaCorrected = 255 * Foundation.pow(Double(v) / 255, g)
            return UInt8(max(0, min(255, ((gammaCorrected - 128) * c + 128 + b).rounded())))
        }
        var result = sample
        result.image = try sample.image.withPixels { image in
            var out = image
            for i in out.pixels.indices {
                var v = Double(table[Int(out.pixels[i])])
                if let gains { v *= gains[i % channels] }
                if sigma > 0 { v += Double(noiseValues[i]) * sigma }
                out.pixels[i] = UInt8(max(0, min(255, v.rounded())))
            }
            return blur > 0 ? try out.gaussianBlurred(sigma: blur) : out
        }
        return result
    }
}
