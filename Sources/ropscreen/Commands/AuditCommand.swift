import ArgumentParser
import Foundation
import FundusImaging
import RetinaData
import RetinaModels
import RetinaTraining

/// `ropscreen audit MANIFEST --recipe R`: ranks the rows whose labels the data contradicts.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Find likely mislabelled images: train K folds, predict each row out of fold, rank the rows the models confidently contradict.")

    @Argument(help: "Manifest file (CSV) whose labels to audit.")
    var manifest: String

    @Option(help: "Classifier recipe (quality or diagnosis), e.g. recipes/quality.json: its labels, model and training.")
    var recipe: String

    @Option(help: "Folds (models trained).")
    var folds = 5

    @Option(help: "Split to audit: train, validation or test; all rows when omitted.")
    var split: String?

    @Option(help: "Override the recipe's step count per fold.")
    var steps: Int?

    @Option(help: "Folder for audit.csv, contact-sheet.png and the fold models (default: runs/audit-<recipe name>).")
    var output: String?

    @Option(help: "Images on the contact sheet.")
    var top = 30

    func validate() throws {
        if let split, Split(rawValue: split) == nil { throw ValidationError("unknown split '\(split)'") }
        if folds < 2 { throw ValidationError("--folds must be at least 2") }
    }

    func run() throws {
        var parsed = try Recipe.read(URL(fileURLWithPath: recipe))
        if let steps { parsed.trainer.steps = steps }
        guard let labels = parsed.classes else { throw ValidationError("\(recipe) is not a classifier recipe (no \"classes\")") }
        let manifestURL = URL(fileURLWithPath: manifest)
        let rows = try Manifest(contentsOf: manifestURL)
        let samples = try PreparedSamples.prepare(rows, split: split.flatMap(Split.init), recipe: parsed,
                                                  include: { ClassifierTraining.classIndex(of: $0, recipe: parsed) != nil },
                                                  classIndex: { ClassifierTraining.classIndex(of: $0, recipe: parsed) })
        let directory = URL(fileURLWithPath: output ?? "runs/audit-\(parsed.name)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        print("auditing \(samples.count) labelled rows of \(manifest) with \(folds) folds of \(parsed.trainer.steps) steps")
        let run = RecipeRun(recipe: parsed, recipePath: recipe, dataRoot: manifestURL.deletingLastPathComponent(), work: directory, outputDirectory: directory)
        let probabilities = try MislabelAudit.outOfFoldProbabilities(run, samples: samples, folds: folds)
        let findings = MislabelAudit.rank(probabilities: probabilities, labels: samples.map { $0.classIndex ?? 0 }, sources: samples.map(\.source))
        try MislabelAudit.csv(findings, labels: labels).write(to: directory.appendingPathComponent("audit.csv"), atomically: true, encoding: .utf8)
        let sheet = try MislabelAudit.contactSheet(findings, labels: labels, count: top)
        try Data(sheet.pngData()).write(to: directory.appendingPathComponent("contact-sheet.png"))
        let suspects = findings.filter(\.isSuspect)
        print("\(suspects.count) suspected label errors of \(findings.count); wrote \(directory.path)/audit.csv and contact-sheet.png")
        for finding in suspects.prefix(10) {
            print(String(format: "#%d %@: %@ -> %@ (p=%.2f)", finding.rank, finding.source?.lastPathComponent ?? "?",
                         labels[finding.givenLabel], finding.suggestedLabel.map { labels[$0] } ?? "?",
                         finding.suggestedLabel.map { finding.probabilities[$0] } ?? 0))
        }
    }
}
