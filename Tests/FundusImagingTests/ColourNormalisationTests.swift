import Testing
@testable import FundusImaging

@Suite("Colour normalisation")
struct ColourNormalisationTests {
    @Test("A red–blue swap and channel gains are undone: channels reordered by brightness, scaled to the target means")
    func undoesCasts() throws {
        let original = try SyntheticFundus(size: 96, seed: 4).draw().image
        let field = try FieldOfView.detect(in: original)
        let pixels = original.pixels
        // The original's own means inside its field, as the target.
        var sums = [0.0, 0.0, 0.0], count = 0.0
        for index in 0 ..< original.width * original.height where field.mask.pixels[index] > 0 {
            for channel in 0 ..< 3 { sums[channel] += Double(pixels[index * 3 + channel]) }
            count += 1
        }
        let means = sums.map { $0 / count / 255 }
        #expect(means[0] > means[1] && means[1] > means[2], "a fundus is brightest in red, darkest in blue")
        let swapped = try Bitmap(width: original.width, height: original.height, channels: 3,
                                 pixels: pixels.indices.map { pixels[$0 - $0 % 3 + 2 - $0 % 3] })
        let restored = try swapped.recoloured(toChannelMeans: means, inside: field.mask)
        #expect(zip(restored.pixels, pixels).allSatisfy { abs(Int($0) - Int($1)) <= 1 }, "the swap is undone to within rounding")

        let outside = try Bitmap(width: 4, height: 4, channels: 1)
        #expect(throws: VisionError.self) { try swapped.recoloured(toChannelMeans: means, inside: outside) }
    }
}
