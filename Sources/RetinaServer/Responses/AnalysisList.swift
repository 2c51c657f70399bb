import Foundation
import RetinaStore

/// `GET /v1/analyses`: the history, newest first.
struct AnalysisList: Encodable {
    struct Entry: Encodable {
        var id: String
        var createdAt: Date
        var width: Int
        var height: Int
        var quality: String?
        var lesionProbability: Double?
        var ropFinding: String?
        var ropProbability: Double?
        var totalMs: Double
        var imageStored: Bool

        init(_ record: StoredAnalysis) {
            (id, createdAt, width, height) = (record.id, record.createdAt, record.imageWidth, record.imageHeight)
            (quality, lesionProbability, totalMs, imageStored) = (record.quality, record.lesionProbability, record.totalMs, record.imageStored)
            (ropFinding, ropProbability) = (record.ropFinding, record.ropProbability)
        }
    }

    var analyses: [Entry]
    var total: Int
}
