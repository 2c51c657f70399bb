import Torch

/// DiffAugment (Zhao et al., "Differentiable augmentation for data-efficient GAN
/// training", 2020): colour, translation and cutout applied to every photograph the
/// discriminator sees, real and generated alike, as tensor operations that the
/// generator's gradient passes through. Without it a few hundred photographs let
/// the discriminator memorise them and the generator collapse.
///
/// Images are (N, 3, H, W) in [−1, 1]; each photograph draws its own parameters.
public struct DifferentiableAugmentation: Codable, Sendable, Equatable {
    /// Random brightness (±0.5), saturation (×0…2) and contrast (×0.5…1.5).
    public var colour: Bool
    /// Shift by up to this fraction of the side (0: none; DiffAugment uses 1/8), filling with black (−1).
    public var translation: Double
    /// Blank (to 0) a square of this fraction of the side at a random place (0: none; DiffAugment uses 1/2).
    public var cutout: Double

    public init(colour: Bool = true, translation: Double = 0.125, cutout: Double = 0.5) {
        self.colour = colour
        self.translation = translation
        self.cutout = cutout
    }

    public func callAsFunction(_ images: Tensor, generator: RandomGenerator) throws -> Tensor {
        var x = images
        if colour { x = try colourJitter(x, generator: generator) }
        if translation > 0 { x = try translate(x, generator: generator) }
        if cutout > 0 { x = try cut(x, generator: generator) }
        return x
    }

    func colourJitter(_ x: Tensor, generator: RandomGenerator) throws -> Tensor {
        let n = x.shape[0]
        let brightness = try Tensor.rand([n, 1, 1, 1], generator: generator) - 0.5
        var y = try x + brightness
        let grey = try y.mean(dims: [1], keepDims: true)
        let saturation = try Tensor.rand([n, 1, 1, 1], generator: generator) * 2
        y = try (y - grey) * saturation + grey
        let mean = try y.mean(dims: [1, 2, 3], keepDims: true)
        let contrast = try Tensor.rand([n, 1, 1, 1], generator: generator) + 0.5
        return try (y - mean) * contrast + mean
    }

    func translate(_ x: Tensor, generator: RandomGenerator) throws -> Tensor {
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (py, px) = (Int((Double(h) * translation).rounded()), Int((Double(w) * translation).rounded()))
        guard py > 0 || px > 0 else { return x }
        let rows = try Tensor.full([n, c, py, w], value: -1)
        let tall = try Tensor.cat([rows, x, rows], dim: 2)
        let columns = try Tensor.full([n, c, h + 2 * py, px], value: -1)
        let padded = try Tensor.cat([columns, tall, columns], dim: 3)
        var shifted: [Tensor] = []
        for i in 0 ..< n {
            let dy = try generator.index(below: 2 * py + 1)
            let dx = try generator.index(below: 2 * px + 1)
            shifted.append(try padded.slice(dim: 0, start: i, end: i + 1).slice(dim: 2, start: dy, end: dy + h).slice(dim: 3, start: dx, end: dx + w))
        }
        return try Tensor.cat(shifted, dim: 0)
    }

    func cut(_ x: Tensor, generator: RandomGenerator) throws -> Tensor {
        let (n, h, w) = (x.shape[0], x.shape[2], x.shape[3])
        let (sh, sw) = (max(Int((Double(h) * cutout).rounded()), 1), max(Int((Double(w) * cutout).rounded()), 1))
        var mask = [Float](repeating: 1, count: n * h * w)
        for i in 0 ..< n {
            // The square's centre is anywhere in the image; the square may be clipped at the border.
            let cy = try generator.index(below: h), cx = try generator.index(below: w)
            for y in max(cy - sh / 2, 0) ..< min(cy - sh / 2 + sh, h) {
                for x in max(cx - sw / 2, 0) ..< min(cx - sw / 2 + sw, w) { mask[(i * h + y) * w + x] = 0 }
            }
        }
        return try x * Tensor(mask, shape: [n, 1, h, w])
    }
}
