import ArgumentParser
import Foundation
import RetinaData
import RetinaEvaluation
import RetinaModels

/// The options `evaluate --task synthesis` adds, and what it runs.
struct SynthesisEvaluationOptions: ParsableArguments {
    @Option(help: "Synthesis: ImageNet EfficientNet-Lite0 weights for the feature space (made by scripts/pretrained/efficientnet_lite0.py).")
    var featureWeights = ".build-pretrained/efficientnet-lite0.safetensors"

    @Option(help: "Synthesis: seed of the generated photographs, the halves and the kernel subsets.")
    var synthesisSeed: UInt64 = 20261201

    @Option(help: "Synthesis: folder for the contact sheets (closest generated–training pairs; generated beside real per class).")
    var sheets: String?

    func run(manifest: URL, model: String?, json: Bool, updateCard: Bool) throws {
        let directory = model.map { URL(fileURLWithPath: $0) } ?? ModelBundle.bundledRoot().appendingPathComponent("synthesis")
        var options = SynthesisEvaluation.Options(featureWeights: URL(fileURLWithPath: featureWeights))
        options.seed = synthesisSeed
        options.sheets = sheets.map { URL(fileURLWithPath: $0) }
        let parsed = try Manifest(contentsOf: manifest)
        let result = try SynthesisEvaluation.evaluate(generator: directory, manifest: parsed, options: options)
        let dataset = manifest.deletingLastPathComponent().lastPathComponent
        if updateCard {
            var card = try SynthesisCard.read(from: directory)
            card.metrics["\(dataset)/train+test"] = result.metrics.filter { $0.value.isFinite }
            for note in result.notes where !card.notes.contains(note) { card.notes.append(note) }
            try card.write(to: directory)
        }
        if json {
            print(String(decoding: try SynthesisEvaluation.contractJSON(result), as: UTF8.self))
        } else {
            print("synthesis on \(manifest.path): \(result.n) generated photographs")
            for key in result.metrics.keys.sorted() { print(String(format: "  %@ %.4f", key, result.metrics[key]!)) }
        }
    }
}
