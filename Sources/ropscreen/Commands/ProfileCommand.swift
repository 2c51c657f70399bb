import ArgumentParser
import Foundation
import RetinaAnalysis
import RetinaData
import RetinaModels
import RetinaMonitoring

/// `ropscreen profile MANIFEST… --model Models/rop`: the reference profile that monitoring
/// compares what the server sees with, written beside the model's card.
struct ProfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Compute the input profile of manifests' photographs (the reference monitoring compares with) and write reference-profile.json.")

    @Argument(help: "Manifest files (CSV) whose photographs to profile.")
    var manifests: [String]

    @Option(help: "Split to profile: train, validation, test, or all (every row).")
    var split = Split.train.rawValue

    @Option(help: "Model directory (quality or rop): its outputs are profiled, its score calibrated on the labels, and the profile written beside its card.")
    var model: String?

    @Option(help: "Where to write the profile (default: reference-profile.json in the model directory, else here).")
    var output: String?

    @Flag(help: "Measure the photographs only, without running any model (no quality score, outputs or embedding).")
    var withoutModels = false

    func validate() throws {
        if split != "all", Split(rawValue: split) == nil { throw ValidationError("unknown split '\(split)'") }
        if withoutModels, model != nil { throw ValidationError("--model needs the models; drop --without-models") }
    }

    func run() throws {
        let started = Date()
        var profiler = ManifestProfiler()
        var calibrated: ManifestProfiler.Calibrated?
        var destination = URL(fileURLWithPath: output ?? ReferenceProfile.fileName)
        if !withoutModels {
            let quality = try FundusClassifier(bundle: ModelBundle(directory: ModelBundle.bundledRoot().appendingPathComponent("quality")))
            var models = AnalysisModels(quality: quality)
            calibrated = .quality
            if let model {
                let directory = URL(fileURLWithPath: model)
                let classifier = try FundusClassifier(bundle: ModelBundle(directory: directory))
                switch classifier.card.task {
                case .quality: models.quality = classifier
                case .rop:
                    models.rop = classifier
                    profiler.tasks.insert(.rop)
                    calibrated = .rop(threshold: classifier.card.threshold)
                default: throw ValidationError("reference profiles are for the quality and ROP models, not \(classifier.card.task.rawValue)")
                }
                if output == nil { destination = directory.appendingPathComponent(ReferenceProfile.fileName) }
            }
            profiler.pipeline = AnalysisPipeline(models: models)
        }
        var profiled: [ManifestProfiler.Profiled] = []
        var rowCount = 0
        for path in manifests {
            let manifest = try Manifest(contentsOf: URL(fileURLWithPath: path))
            let rows = Split(rawValue: split).map(manifest.rows(in:)) ?? manifest.rows
            rowCount += rows.count
            profiled += try profiler.profiles(rows)
        }
        let reference = try ManifestProfiler.reference(of: profiled, calibrating: calibrated)
        try reference.jsonData().write(to: destination)
        print(String(format: "profiled %d of %d photographs (%d stopped as not a fundus) in %.0f s; wrote %@", profiled.count, rowCount,
                     rowCount - profiled.count, Date().timeIntervalSince(started), destination.path))
    }
}
