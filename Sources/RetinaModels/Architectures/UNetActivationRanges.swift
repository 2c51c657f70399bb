import Foundation
import Torch

/// The range of every activation a U-Net's int8 form quantizes (the input, each
/// convolution's output after its ReLU, each upsampling, each join of skip and
/// upsampling), measured over calibration photographs run through the float32
/// inference form. Stored beside a bundle's weights (`fileName`); `ropscreen quantize`
/// writes it. Each range maps to 8 bits affinely: [min(lo, 0), max(hi, 0)] over 0…255.
public struct UNetActivationRanges: Codable, Sendable, Equatable {
    public static let fileName = "int8-calibration.json"

    /// [lowest, highest] per activation, named as `UNet` names its layers (`encoder.0.conv1`, `upsample.1`, `concat.1`, …).
    public var ranges: [String: [Double]]
    /// How many network inputs were measured (a mirrored copy counts), and which photographs they came from.
    public var inputs: Int
    public var source: String

    public init(ranges: [String: [Double]] = [:], inputs: Int = 0, source: String = "") {
        self.ranges = ranges
        self.inputs = inputs
        self.source = source
    }

    /// Scale and zero point of activation `name`.
    public func parameters(_ name: String) throws -> (scale: Double, zeroPoint: Int) {
        guard let range = ranges[name], range.count == 2, range[0].isFinite, range[1].isFinite else {
            throw TorchError("the int8 calibration has no range for \(name)")
        }
        let (low, high) = (min(range[0], 0), max(range[1], 0))
        let scale = max((high - low) / 255, 1e-8)
        return (scale, min(255, max(0, Int((-low / scale).rounded()))))
    }

    public static func read(from directory: URL) throws -> UNetActivationRanges? {
        let url = directory.appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return try JSONDecoder().decode(UNetActivationRanges.self, from: Data(contentsOf: url))
    }

    public func write(to directory: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: directory.appendingPathComponent(Self.fileName), options: .atomic)
    }
}

/// Collects activation ranges while a U-Net runs (`UNet.observe`); thread-safe.
public final class ActivationObserver: @unchecked Sendable {
    private let lock = NSLock()
    private var ranges: [String: [Double]] = [:]
    private var inputs = 0

    public init() {}

    func record(_ name: String, _ tensor: Tensor) throws {
        let (low, high) = (try tensor.min().item(), try tensor.max().item())
        lock.withLock {
            let old = ranges[name] ?? [low, high]
            ranges[name] = [min(old[0], low), max(old[1], high)]
            if name == "input" { inputs += 1 }
        }
    }

    /// What was observed so far, as a calibration of `source`.
    public func ranges(source: String) -> UNetActivationRanges {
        lock.withLock { UNetActivationRanges(ranges: ranges, inputs: inputs, source: source) }
    }
}
