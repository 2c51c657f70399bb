import Foundation
import FundusImaging
import Torch
import TorchNN

/// Segmentation with a U-Net over the whole photograph: retinal vessels, or the
/// ROP ridge, depending on the card.
public final class Segmenter: @unchecked Sendable {
    public let card: ModelCard
    let network: any Layer
    let multiple: Int
    /// Serialises inference: a module's tensors are shared state.
    private let lock = NSLock()

    public init(card: ModelCard, network: any Layer) {
        self.card = card
        self.network = network
        if case .unet(let configuration) = card.architecture { multiple = configuration.sizeMultiple } else { multiple = 1 }
    }

    public convenience init(bundle: ModelBundle) { self.init(card: bundle.card, network: bundle.network) }

    /// A bundled model: `Models/<name>` (`vessels`, `ridge`).
    public static func bundled(_ name: String) throws -> Segmenter {
        try Segmenter(bundle: ModelBundle(directory: ModelBundle.bundledRoot().appendingPathComponent(name)))
    }

    /// Probability for every pixel of `image`, at its resolution. When the card
    /// sets `inputSize`, the network runs with the image's longer side scaled to
    /// it and the map is scaled back (bilinear).
    /// `mirrorAveraging` overrides the card's test-time mirroring (nil: as the card says).
    public func probabilities(for image: Bitmap, mirrorAveraging: Bool? = nil) throws -> ProbabilityMap {
        let working = try workingImage(image)
        let input = try card.preprocessing.tensor(for: working)
        var probability = try predictLogits(input).sigmoid()
        if mirrorAveraging ?? (card.preprocessing.mirrorAveraging == true) {
            let mirrored = try predictLogits(input.flipped([3])).sigmoid().flipped([3])
            probability = try (probability + mirrored) * 0.5
        }
        if working.size != image.size {
            probability = try withNoGrad { try probability.upsample(to: Pair(image.height, image.width), mode: .bilinear(alignCorners: false)) }
        }
        let values = try probability.contiguous().toArray(of: Float.self)
        return ProbabilityMap(width: image.width, height: image.height, values: values)
    }

    /// Probabilities at the photograph's pixels, computed on its field of view
    /// cropped square and scaled to `diameter` pixels (the reports' setting: the
    /// scale the vessel model was trained at, whatever the camera's resolution).
    /// Without a usable field of view, the whole photograph at its own resolution.
    public func probabilities(for photo: FundusImage, fieldOfView: FieldOfView, diameter: Int, mirrorAveraging: Bool? = nil) throws -> ProbabilityMap {
        guard fieldOfView.coverage > 0.05 else { return try probabilities(for: photo.image, mirrorAveraging: mirrorAveraging) }
        let working = try photo.applying([fieldOfView.squareCrop(), .resize(Size(width: diameter, height: diameter))])
        let map = try probabilities(for: working.image, mirrorAveraging: mirrorAveraging)
        return try map.warped(by: working.transformToOriginal, to: photo.originalSize)
    }

    /// The image at the resolution the network works at: unchanged, or with its
    /// longer side scaled to the card's `inputSize`.
    public func workingImage(_ image: Bitmap) throws -> Bitmap {
        guard let side = card.preprocessing.inputSize else { return image }
        return try image.resized(to: Self.workingSize(of: image.size, longerSide: side), interpolation: .area)
    }

    /// `size` scaled so that its longer side is `longerSide`.
    public static func workingSize(of size: Size, longerSide: Int) -> Size {
        let scale = Double(longerSide) / Double(max(size.width, size.height, 1))
        return Size(width: max(1, Int((Double(size.width) * scale).rounded())), height: max(1, Int((Double(size.height) * scale).rounded())))
    }

    /// Logits (1, 1, H, W) for a preprocessed input of any size: zero-padded
    /// to the network's size multiple, then cropped back.
    public func predictLogits(_ input: Tensor) throws -> Tensor {
        let (h, w) = (input.shape[2], input.shape[3])
        let (ph, pw) = ((h + multiple - 1) / multiple * multiple, (w + multiple - 1) / multiple * multiple)
        return try withNoGrad {
            var x = input
            if ph != h || pw != w {
                x = try Tensor.zeros([1, input.shape[1], ph, pw])
                try x.slice(dim: 2, start: 0, end: h).slice(dim: 3, start: 0, end: w).copy_(input)
            }
            lock.lock()
            defer { lock.unlock() }
            network.eval()
            return try network(x).slice(dim: 2, start: 0, end: h).slice(dim: 3, start: 0, end: w).contiguous()
        }
    }

    /// The network when it is a U-Net: for its int8 form (`UNet.useInt8`) and that form's
    /// calibration (`UNet.observe`), both set up before the model serves.
    public var unet: UNet? { network as? UNet }

    /// Computes in bfloat16 from now on (see `UNet.useReducedPrecision`); the reports' setting where the CPU has native bfloat16.
    public func useReducedPrecision() throws {
        lock.lock()
        defer { lock.unlock() }
        guard let unet = network as? UNet else { throw ModelBundleError(model: card.name, "only a U-Net runs in reduced precision") }
        try unet.useReducedPrecision()
    }

    /// Runs in float32 inference form from now on (batch norm folded, channels-last,
    /// see `InferencePreparable`): the same outputs within float rounding, faster on every CPU.
    public func prepareForInference() throws {
        lock.lock()
        defer { lock.unlock() }
        try network.prepareTreeForInference()
    }
}
