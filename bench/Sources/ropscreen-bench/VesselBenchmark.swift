import Foundation
import FundusImaging
import RetinaModels
import RetinaTraining
import Torch
import TorchNN

/// Vessel U-Net inference on a DRIVE-sized and an HRF-sized photograph with one
/// and two threads, and training throughput on the recipe's patches.
enum VesselBenchmark {
    static func run() throws {
        let recipe = try Recipe.read(URL(fileURLWithPath: "recipes/vessels.json"))
        guard case .unet(let configuration) = recipe.architecture else { throw TorchError("recipes/vessels.json is not a U-Net") }
        let segmenter: Segmenter
        if let bundled = try? Segmenter.bundled("vessels") {
            segmenter = bundled
            print("Vessel U-Net: bundled model \(bundled.card.name) \(bundled.card.version)")
        } else {
            segmenter = Segmenter(card: recipe.card(labels: ["background", "vessel"]),
                                        network: try UNet(configuration, generator: RandomGenerator(seed: 0)))
            print("Vessel U-Net: no bundled model, timing the recipe's architecture untrained")
        }
        let threads = Runtime.threadCount
        print("image          threads   median ms (5 runs, CLAHE + network + sigmoid)")
        for (name, size) in [("565×584", Size(width: 565, height: 584)), ("1752×1168", Size(width: 1752, height: 1168))] {
            let image = try SyntheticFundus(size: max(size.width, size.height), seed: 1).draw().image.resized(to: size)
            var perThreads: [Int: Double] = [:]
            for t in Array(Set([1, threads])).sorted() {
                try Runtime.setThreadCount(t)
                _ = try segmenter.probabilities(for: image)
                var times: [Double] = []
                for _ in 0 ..< 5 {
                    let start = ContinuousClock.now
                    _ = try segmenter.probabilities(for: image)
                    times.append(milliseconds(ContinuousClock.now - start))
                }
                perThreads[t] = median(times)
                print(name.padding(toLength: 15, withPad: " ", startingAt: 0) + "\(t)".padding(toLength: 10, withPad: " ", startingAt: 0)
                      + String(format: "%8.1f", median(times)))
            }
            if let one = perThreads[1], let all = perThreads[threads], threads > 1 {
                print(String(format: "               speed-up with %d threads: %.2f×", threads, one / all))
            }
        }
        try Runtime.setThreadCount(threads)

        // Training throughput: forward + BCE/Dice + backward + AdamW on batches of recipe-sized patches.
        let net = try UNet(configuration, generator: RandomGenerator(seed: 0))
        let optimizer = AdamW(parameters: net.parameters(), learningRate: recipe.learningRate)
        let g = try RandomGenerator(seed: 1)
        let side = recipe.geometry.outputSize?.width ?? 128
        let x = try Tensor.randn([recipe.batchSize, 3, side, side], generator: g)
        let y = try Tensor.rand([recipe.batchSize, 1, side, side], generator: g).gt(0.85).to(.float32)
        func step() throws {
            try optimizer.zeroGrad()
            let logits = try net(x)
            try (Loss.binaryCrossEntropyWithLogits(logits: logits, targets: y) + Loss.dice(logits: logits, targets: y)).backward()
            try optimizer.step()
        }
        try step()
        let steps = 10
        let start = ContinuousClock.now
        for _ in 0 ..< steps { try step() }
        let seconds = milliseconds(ContinuousClock.now - start) / 1000
        print(String(format: "\ntraining: %.1f patches/s (%d×%d, batch %d, %d threads), %.0f ms per step",
                     Double(steps * recipe.batchSize) / seconds, side, side, recipe.batchSize, threads, seconds / Double(steps) * 1000))
    }
}
