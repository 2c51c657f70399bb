import Foundation
import RetinaModels
import Torch
import TorchNN

/// Every bundled network at the input size reports run it: the floating-point
/// operations of one forward pass (`FLOPCounter`), and per form — as loaded
/// (float32, NCHW, batch norm separate), the float32 inference form
/// (`InferencePreparable`) and, for the U-Nets, bfloat16 and int8 (where the bundle has
/// an int8 calibration) — the time on one
/// thread (as in a report's lanes; median, and the fastest round, which other load on a
/// shared machine only slows), the GFLOP/s reached at the median, the fraction of the
/// core's nominal and attainable peak, and the time the minimum memory traffic
/// would take at the measured bandwidth (when that is near the time, memory bounds it).
enum ModelBenchmark {
    /// Model folder and input side (vessels: the report's 512-px field of view).
    static let models = [("vessels", 512), ("ridge", 256), ("landmarks", 256), ("landmarks-infant", 256),
                         ("quality", 192), ("laterality", 128), ("rop", 320), ("lesion", 320)]

    static func run(rounds: Int) throws {
        let limits = try HardwareLimits.measure()
        limits.print()
        let nominal = limits.cpu.peakGFLOPS(cores: 1) ?? .nan
        let attainable = limits.convolutionGFLOPS[1] ?? .nan
        let bandwidth = limits.bandwidth[1] ?? .nan
        Swift.print("\nPer model, batch 1, one thread, median of \(rounds) interleaved rounds; % of one core's nominal peak (\(String(format: "%.0f", nominal)) GFLOP/s) / of the large conv's rate (\(String(format: "%.0f", attainable)))")
        Swift.print("model             input   GFLOP  traffic   form                median ms  best ms  GFLOP/s  %nominal  %attainable  memory-bound ms")
        for (name, side) in models {
            let directory = ModelBundle.bundledRoot().appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: directory.appendingPathComponent(ModelCard.fileName).path) else { continue }
            let input = try Tensor.randn([1, 3, side, side], generator: RandomGenerator(seed: 2))
            var forms: [(String, any Layer)] = [("float32 as loaded", try ModelBundle(directory: directory).network)]
            let prepared = try ModelBundle(directory: directory).network
            try prepared.prepareTreeForInference()
            forms.append(("float32 inference", prepared))
            if limits.cpu.hasNativeBFloat16, let unet = try ModelBundle(directory: directory).network as? UNet {
                try unet.useReducedPrecision()
                forms.append(("bfloat16", unet))
            }
            if Runtime.hasQuantizedEngine, let ranges = try UNetActivationRanges.read(from: directory),
               let unet = try ModelBundle(directory: directory).network as? UNet {
                try unet.useInt8(ranges)
                forms.append(("int8", unet))
            }
            let count = try FLOPCounter.count(forms[0].1) { _ = try withNoGrad { try forms[0].1(input) } }
            var times = Array(repeating: [Double](), count: forms.count)
            try Runtime.withLocalThreadCount(1) {
                try withNoGrad {
                    for (_, network) in forms { _ = try network(input) }
                    for round in 0 ..< rounds {
                        // Interleaved, the order rotating, so that drift in the machine's load hits every form alike.
                        for k in 0 ..< forms.count {
                            let index = (k + round) % forms.count
                            times[index].append(try timed { _ = try forms[index].1(input) })
                        }
                    }
                }
            }
            for (index, (form, _)) in forms.enumerated() {
                let ms = median(times[index])
                let rate = count.total / (ms / 1000) / 1e9
                let bytes = form == "bfloat16" ? count.totalBytes / 2 : form == "int8" ? count.totalBytes / 4 : count.totalBytes
                Swift.print(String(format: "%@ %@ %7.2f  %5.0f MB  %@ %8.1f %8.1f  %7.1f     %4.0f%%       %4.0f%%         %6.1f",
                                   (index == 0 ? name : "").padding(toLength: 16, withPad: " ", startingAt: 0),
                                   (index == 0 ? "\(side)²" : "").padding(toLength: 6, withPad: " ", startingAt: 0),
                                   count.total / 1e9, bytes / 1e6, form.padding(toLength: 19, withPad: " ", startingAt: 0),
                                   ms, times[index].min() ?? .nan, rate, rate / nominal * 100, rate / attainable * 100, bytes / 1e9 / bandwidth * 1000))
            }
            // Whether batching U-Nets would pay: two photographs in one call, per photograph, against one at a time.
            if let (form, network) = forms.last, network is UNet {
                let pair = try Tensor.cat([input, input], dim: 0)
                let batched = try Runtime.withLocalThreadCount(1) {
                    try withNoGrad { _ = try network(pair); return try (0 ..< rounds).map { _ in try timed { _ = try network(pair) } / 2 } }
                }
                Swift.print(String(format: "%@ batch 2 in %@: %.1f ms per photograph (batch 1: %.1f)", "".padding(toLength: 23, withPad: " ", startingAt: 0),
                                   form, median(batched), median(times[forms.count - 1])))
            }
        }
    }
}
