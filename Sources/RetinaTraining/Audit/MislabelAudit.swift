import Foundation
import FundusImaging
import RetinaData
import RetinaModels
import Torch

/// Finds labels that the data itself contradicts, in the manner of confident
/// learning (Northcutt, Jiang and Chuang, JAIR 2021): every sample is predicted
/// by a model that never saw it (K folds); a class's threshold is the mean
/// probability that the samples labelled with it get; a sample whose confident
/// class (the most probable of those over their thresholds) is not its given
/// label is a suspected label error. Samples are ranked by the margin of their
/// given label over the strongest other class, each probability divided by
/// its class threshold (so a rare class that the models score low overall is
/// not always suspect): the most negative margin first.
public enum MislabelAudit {
    /// One audited sample.
    public struct Finding: Sendable, Equatable {
        /// 1 for the sample most likely mislabelled.
        public var rank: Int
        public var source: URL?
        public var givenLabel: Int
        /// The confident class, nil when no class passes its threshold.
        public var suggestedLabel: Int?
        /// Out-of-fold class probabilities.
        public var probabilities: [Double]
        public var isSuspect: Bool { suggestedLabel.map { $0 != givenLabel } ?? false }
    }

    /// Ranks samples from their out-of-fold `probabilities` and given `labels`.
    public static func rank(probabilities: [[Double]], labels: [Int], sources: [URL?]? = nil) -> [Finding] {
        let classes = probabilities.first?.count ?? 0
        let thresholds = (0 ..< classes).map { c -> Double in
            let own = zip(probabilities, labels).filter { $0.1 == c }.map { $0.0[c] }
            return own.isEmpty ? 1 : own.reduce(0, +) / Double(own.count)
        }
        var findings = probabilities.indices.map { i -> Finding in
            let p = probabilities[i]
            let confident = (0 ..< classes).filter { p[$0] >= thresholds[$0] }.max { p[$0] < p[$1] }
            return Finding(rank: 0, source: sources?[i], givenLabel: labels[i], suggestedLabel: confident, probabilities: p)
        }
        func margin(_ f: Finding) -> Double {
            let calibrated = f.probabilities.indices.map { f.probabilities[$0] / max(thresholds[$0], 1e-6) }
            let other = calibrated.indices.filter { $0 != f.givenLabel }.map { calibrated[$0] }.max() ?? 0
            return calibrated[f.givenLabel] - other
        }
        let margins = findings.map(margin)
        let order = findings.indices.sorted { margins[$0] < margins[$1] }
        findings = order.enumerated().map { rank, index in
            var finding = findings[index]
            finding.rank = rank + 1
            return finding
        }
        return findings
    }

    /// Trains `folds` models of `run`'s recipe, each on all samples but one fold,
    /// and returns every sample's probabilities from the model that did not see it.
    /// Each fold's model and log go to `run.work/fold-k`.
    /// `goodSources` are the quality recipe's gradable photographs of other data sets, if any.
    public static func outOfFoldProbabilities(_ run: RecipeRun, samples: [TrainingSample], folds: Int,
                                              goodSources: [[TrainingSample]] = []) throws -> [[Double]] {
        guard folds >= 2, samples.count >= folds else {
            throw ManifestError(file: run.recipePath, line: 0, message: "an audit needs at least 2 folds and a sample per fold (\(samples.count) samples, \(folds) folds)")
        }
        let order = try RandomGenerator(seed: run.recipe.seed &+ 0xA0D1).permutation(samples.count)
        var fold = [Int](repeating: 0, count: samples.count)
        for (position, index) in order.enumerated() { fold[index] = position % folds }
        // The recipe's own training (its synthesis and transfer learning included), but no validation.
        var recipe = run.recipe
        recipe.trainer.validateEvery = recipe.trainer.steps  // no validation data: the last step is the model
        recipe.trainer.monitor = "accuracy"
        recipe.trainer.earlyStoppingPatience = nil
        var probabilities = [[Double]](repeating: [], count: samples.count)
        for k in 0 ..< folds {
            let held = samples.indices.filter { fold[$0] == k }
            let training = samples.indices.filter { fold[$0] != k }.map { samples[$0] }
            let directory = run.work.appendingPathComponent("fold-\(k)")
            var foldRun = RecipeRun(recipe: recipe, recipePath: run.recipePath, dataRoot: run.dataRoot, work: directory, outputDirectory: directory)
            foldRun.showsProgress = run.showsProgress
            let (_, network) = try ClassifierTraining.train(foldRun, examples: .init(train: [training], validation: [], goodSources: goodSources))
            network.eval()
            try withNoGrad {
                for i in held {
                    probabilities[i] = try network(PreparedSamples.input(samples[i], recipe: recipe)).softmax(dim: 1)
                        .toArray(of: Float.self).map(Double.init)
                }
            }
        }
        return probabilities
    }

    /// The findings as CSV, best suspects first.
    public static func csv(_ findings: [Finding], labels: [String]) -> String {
        var lines = ["rank,image,given,suggested,suspect,p_given,p_suggested," + labels.map { "p_\($0)" }.joined(separator: ",")]
        for f in findings {
            let suggested = f.suggestedLabel.map { labels[$0] } ?? ""
            let fields = ["\(f.rank)", CSV.escape(f.source?.path ?? ""), labels[f.givenLabel], suggested, f.isSuspect ? "yes" : "no",
                          String(format: "%.4f", f.probabilities[f.givenLabel]),
                          f.suggestedLabel.map { String(format: "%.4f", f.probabilities[$0]) } ?? ""]
                + f.probabilities.map { String(format: "%.4f", $0) }
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A contact sheet of the first `count` findings for a doctor to review:
    /// thumbnails in rank order, each captioned with rank, given → suggested label and probability.
    public static func contactSheet(_ findings: [Finding], labels: [String], count: Int, thumbnail: Int = 200, columns: Int = 5) throws -> Bitmap {
        let shown = Array(findings.prefix(count))
        let rows = max(1, (shown.count + columns - 1) / columns)
        let caption = 34
        var sheet = try Bitmap(width: columns * thumbnail, height: rows * (thumbnail + caption), channels: 3, value: 24)
        for (i, finding) in shown.enumerated() {
            let (x0, y0) = (i % columns * thumbnail, i / columns * (thumbnail + caption))
            if let source = finding.source, let photo = try? Bitmap.decode([UInt8](Data(contentsOf: source))) {
                let scale = Double(thumbnail - 4) / Double(max(photo.width, photo.height))
                let size = Size(width: max(1, Int(Double(photo.width) * scale)), height: max(1, Int(Double(photo.height) * scale)))
                let small = try photo.resized(to: size, interpolation: .area)
                let (ox, oy) = (x0 + (thumbnail - size.width) / 2, y0 + (thumbnail - size.height) / 2)
                for y in 0 ..< size.height {
                    for x in 0 ..< size.width {
                        for c in 0 ..< 3 { sheet[ox + x, oy + y, c] = small[x, y, c] }
                    }
                }
            }
            let given = labels[finding.givenLabel]
            let suggested = finding.suggestedLabel.map { labels[$0] } ?? "?"
            let p = finding.suggestedLabel.map { finding.probabilities[$0] } ?? 0
            let colour: Color = finding.isSuspect ? .yellow : .white
            try sheet.drawText("#\(finding.rank) \(given) -> \(suggested)", at: Point(x: Double(x0 + 4), y: Double(y0 + thumbnail + 14)),
                               scale: 0.4, color: colour)
            try sheet.drawText(String(format: "p=%.2f", p), at: Point(x: Double(x0 + 4), y: Double(y0 + thumbnail + 29)), scale: 0.4, color: colour)
        }
        return sheet
    }
}
