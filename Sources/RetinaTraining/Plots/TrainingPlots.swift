import Foundation
import RetinaMetrics

/// The loss and validation curves of a training log (`log.jsonl`), as PNGs.
public enum TrainingPlots {
    /// Writes `loss.png` and `validation.png` beside the log; returns their URLs.
    @discardableResult
    public static func write(log: URL, metrics: [String] = ["f1", "auc"]) throws -> [URL] {
        let text = try String(contentsOf: log, encoding: .utf8)
        var loss: [(x: Double, y: Double)] = []
        var validation: [String: [(x: Double, y: Double)]] = [:]
        for line in text.split(separator: "\n") {
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let step = object["step"] as? Double ?? (object["step"] as? Int).map(Double.init)
            else { continue }
            if let value = object["loss"] as? Double { loss.append((step, value)) }
            if let values = object["validation"] as? [String: Double] {
                for name in metrics { if let v = values[name] { validation[name, default: []].append((step, v)) } }
            }
        }
        let directory = log.deletingLastPathComponent()
        let lossURL = directory.appendingPathComponent("loss.png")
        let validationURL = directory.appendingPathComponent("validation.png")
        try LinePlot(title: "TRAIN LOSS", series: [.init(name: "LOSS", points: loss, color: LinePlot.palette[0])]).write(to: lossURL)
        let series = metrics.enumerated().compactMap { i, name in
            validation[name].map { LinePlot.Series(name: name.uppercased(), points: $0, color: LinePlot.palette[(i + 1) % LinePlot.palette.count]) }
        }
        try LinePlot(title: "VALIDATION", series: series).write(to: validationURL)
        return [lossURL, validationURL]
    }
}
