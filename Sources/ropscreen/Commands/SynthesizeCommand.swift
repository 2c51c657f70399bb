import ArgumentParser
import Foundation
import FundusImaging
import RetinaData
import RetinaModels
import Torch

/// `ropscreen synthesize`: generated photographs of one class as PNGs, with a manifest
/// in the project's format whose `synthetic` column marks every row, so they are never
/// mixed with real photographs unnoticed.
struct SynthesizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synthesize", abstract: "Generate synthetic fundus photographs of one class, with a manifest that marks them synthetic.")

    @Option(name: .customLong("class"), help: "Diagnosis to generate: one of the generator's classes (normal, rop).")
    var diagnosis: String

    @Option(help: "Number of photographs.")
    var count: Int

    @Option(help: "Folder to write the photographs and manifest.csv to.")
    var out: String

    @Option(help: "Seed of the noise (the same seed gives the same photographs).")
    var seed: UInt64 = 0

    @Option(help: "Camera family to generate as (RetCam, Neo); alternated when omitted.")
    var camera: String?

    @Option(help: "Generator bundle (default: the bundled synthesis model).")
    var model: String?

    func validate() throws {
        if count < 1 { throw ValidationError("--count must be at least 1, got \(count)") }
    }

    func run() throws {
        let directory = model.map { URL(fileURLWithPath: $0) } ?? ModelBundle.bundledRoot().appendingPathComponent("synthesis")
        let synthesizer = try FundusSynthesizer(directory: directory)
        let card = synthesizer.card
        let cameras = card.factors.first { $0.name == "camera" }?.values ?? []
        if let camera, !cameras.contains(camera) { throw ValidationError("--camera must be one of \(cameras.joined(separator: ", ")), got \(camera)") }
        let named: [[String: String]] = (0 ..< count).map { i in
            var values = ["diagnosis": diagnosis]
            if !cameras.isEmpty { values["camera"] = camera ?? cameras[i % cameras.count] }
            return values
        }
        let conditions = try named.map { try card.condition($0) }
        let folder = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("images"), withIntermediateDirectories: true)
        let photographs = try synthesizer.photographs(conditions, random: RandomGenerator(seed: seed))
        var lines = [(Manifest.columns + ["synthetic", "camera", "generator"]).joined(separator: ",")]
        for (i, photograph) in photographs.enumerated() {
            let name = "images/synthetic_\(diagnosis)_\(named[i]["camera"].map { "\($0)_" } ?? "")\(seed)_\(i).png"
            try Data(photograph.pngData()).write(to: folder.appendingPathComponent(name))
            var cells = Dictionary(uniqueKeysWithValues: Manifest.columns.map { ($0, "") })
            cells["image"] = name
            cells["split"] = "train"
            cells["diagnosis"] = diagnosis
            lines.append((Manifest.columns.map { cells[$0]! } + ["true", named[i]["camera"] ?? "", "\(card.name) \(card.version)"]).joined(separator: ","))
        }
        try (lines.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("manifest.csv"), atomically: true, encoding: .utf8)
        print("wrote \(count) synthetic \(diagnosis) photographs and manifest.csv (column synthetic = true) to \(folder.path)")
    }
}
