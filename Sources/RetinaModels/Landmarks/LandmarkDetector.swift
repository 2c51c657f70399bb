import Foundation
import FundusImaging
import Torch
import TorchNN

/// Optic disc and fovea by heat-map regression.
///
/// A U-Net with four output channels looks at the field-of-view crop: channel 0
/// is the disc's heat map, 1 the fovea's, 2 and 3 the disc box's width and
/// height as a fraction of the input side (read at the disc's peak). A peak is
/// refined to sub-pixel precision by the centroid of its neighbourhood, then
/// mapped back to the photograph through the crop and resize; `detect` then
/// refines both on the photograph itself (`DiscCentreRefinement`, `FoveaRefinement`).
public final class LandmarkDetector: @unchecked Sendable {
    public let card: ModelCard
    let network: any Layer
    private let lock = NSLock()

    public static let channels = 4

    public init(card: ModelCard, network: any Layer) {
        self.card = card
        self.network = network
    }

    public convenience init(bundle: ModelBundle) { self.init(card: bundle.card, network: bundle.network) }

    public static func bundled() throws -> LandmarkDetector {
        try LandmarkDetector(bundle: ModelBundle(directory: ModelBundle.bundledRoot().appendingPathComponent("landmarks")))
    }

    /// Raw network output (1, 4, S, S): sigmoid already applied; averaged with the
    /// mirrored input's when the card asks for it.
    public func maps(for prepared: FundusImage) throws -> Tensor {
        let input = try card.preprocessing.tensor(for: prepared.image)
        lock.lock()
        defer { lock.unlock() }
        network.eval()
        return try withNoGrad {
            let maps = try network(input).sigmoid()
            guard card.preprocessing.mirrorAveraging == true else { return maps }
            // The mirrored photograph's maps, mirrored back: the disc and fovea land where they are.
            return try (maps + network(input.flipped([3])).sigmoid().flipped([3])) * 0.5
        }
    }

    public func detect(in photo: FundusImage, fieldOfView: FieldOfView? = nil) throws -> LandmarkDetection {
        let prepared = try card.preprocessing.prepare(photo, fieldOfView: fieldOfView)
        let maps = try maps(for: prepared)
        var detection = try Self.decode(maps, prepared: prepared, discThreshold: card.threshold(for: "optic_disc"),
                                        foveaThreshold: card.threshold(for: "fovea"))
        let box = detection.opticDiscBox
        // Refined in the pixels of `photo` (which may itself be a crop or resize of the original).
        let toOriginal = photo.transformToOriginal.scaleFactor
        if let local = try DiscCentreRefinement.refine(photo.fromOriginal(detection.opticDisc.point),
                                                       discSize: max(box.width, box.height) / toOriginal, in: photo.image) {
            let centre = photo.toOriginal(local)
            detection.opticDisc.x = centre.x
            detection.opticDisc.y = centre.y
            detection.opticDiscBox = Rect(x: centre.x - box.width / 2, y: centre.y - box.height / 2, width: box.width, height: box.height)
        }
        if let local = try FoveaRefinement.refine(photo.fromOriginal(detection.fovea.point),
                                                  discDiameter: (box.width + box.height) / 2 / toOriginal, in: photo.image) {
            let fovea = photo.toOriginal(local)
            detection.fovea.x = fovea.x
            detection.fovea.y = fovea.y
        }
        return detection
    }

    /// Peaks of the maps, mapped to the photograph's pixels.
    public static func decode(_ maps: Tensor, prepared: FundusImage, discThreshold: Double, foveaThreshold: Double) throws -> LandmarkDetection {
        let (h, w) = (maps.shape[2], maps.shape[3])
        let values = try maps.toArray(of: Float.self)
        func channel(_ c: Int) -> ArraySlice<Float> { values[(c * h * w) ..< ((c + 1) * h * w)] }
        func peak(_ c: Int) -> (point: Point, confidence: Double, index: Int) {
            let map = channel(c)
            let best = map.indices.max { map[$0] < map[$1] }!
            let (px, py) = ((best - map.startIndex) % w, (best - map.startIndex) / w)
            let top = map[best]
            var (sx, sy, sw) = (0.0, 0.0, 0.0)
            for y in max(py - 3, 0) ... min(py + 3, h - 1) {
                for x in max(px - 3, 0) ... min(px + 3, w - 1) {
                    let v = map[map.startIndex + y * w + x]
                    guard v >= top * 0.5 else { continue }
                    sx += Double(v) * Double(x); sy += Double(v) * Double(y); sw += Double(v)
                }
            }
            return (Point(x: sx / sw, y: sy / sw), Double(top), best - map.startIndex)
        }
        let disc = peak(0)
        let fovea = peak(1)
        let side = Double(max(h, w))
        let boxWidth = Double(channel(2)[channel(2).startIndex + disc.index]) * side
        let boxHeight = Double(channel(3)[channel(3).startIndex + disc.index]) * side
        // Box corners through the map back (the crop and letterbox only scale and shift).
        let centre = prepared.toOriginal(disc.point)
        let scale = prepared.transformToOriginal.scaleFactor
        let foveaPoint = prepared.toOriginal(fovea.point)
        return LandmarkDetection(
            opticDisc: Landmark(x: centre.x, y: centre.y, confidence: disc.confidence, found: disc.confidence >= discThreshold),
            opticDiscBox: Rect(x: centre.x - boxWidth * scale / 2, y: centre.y - boxHeight * scale / 2,
                               width: boxWidth * scale, height: boxHeight * scale),
            fovea: Landmark(x: foveaPoint.x, y: foveaPoint.y, confidence: fovea.confidence, found: fovea.confidence >= foveaThreshold))
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
