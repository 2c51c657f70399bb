import RetinaModels

/// `GET /v1/models`.
struct ModelList: Encodable {
    struct Entry: Encodable {
        var name: String
        var version: String
        var task: AnalysisTask
        var labels: [String]
        var threshold: Double
        var metrics: [String: [String: Double]]

        init(_ card: ModelCard) {
            (name, version, task, labels, threshold, metrics) = (card.name, card.version, card.task, card.labels, card.threshold, card.metrics)
        }
    }

    var models: [Entry]
}
