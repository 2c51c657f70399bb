import Foundation
import FundusImaging
import Torch
import TorchNN

/// Retinal vessel segmentation with a U-Net over the whole photograph.
public final class VesselSegmenter: @unchecked Sendable {
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

    /// The bundled model (`Models/vessels`).
    public static func bundled() throws -> VesselSegmenter {
        try VesselSegmenter(bundle: ModelBundle(directory: ModelBundle.bundledRoot().appendingPathComponent("vessels")))
    }

    /// Vessel probability for every pixel of `image`, at its resolution.
    public func probabilities(for image: Bitmap) throws -> ProbabilityMap {
        let input = try card.preprocessing.tensor(for: image)
        var probability = try predictLogits(input).sigmoid()
        if card.preprocessing.mirrorAveraging == true {
            let mirrored = try predictLogits(input.flipped([3])).sigmoid().flipped([3])
            probability = try (probability + mirrored) * 0.5
        }
        let values = try probability.contiguous().toArray(of: Float.self)
        return ProbabilityMap(width: image.width, height: image.height, values: values)
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
}
