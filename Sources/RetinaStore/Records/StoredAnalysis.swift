import Foundation
import GRDB
import RetinaAnalysis

/// One analysis as the database keeps it: the report as JSON, with the columns
/// that history lists and monitoring queries need beside it.
public struct StoredAnalysis: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "analysis"

    public var id: String
    public var createdAt: Date
    public var imageSHA256: String
    public var imageWidth: Int
    public var imageHeight: Int
    public var imageBytes: Int
    /// Whether the photograph is still on disk (retention removes it, the report stays).
    public var imageStored: Bool
    /// `good`, `bad` or `outlier`, when quality was analysed.
    public var quality: String?
    public var lesionProbability: Double?
    /// `rop` or `no_rop`, when the ROP finding was made, and its probability.
    public var ropFinding: String?
    public var ropProbability: Double?
    public var modelVersions: String
    public var totalMs: Double
    public var report: String

    public init(report: Report, imageSHA256: String, imageBytes: Int, createdAt: Date = Date()) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        id = report.id
        self.createdAt = createdAt
        self.imageSHA256 = imageSHA256
        imageWidth = report.image.width
        imageHeight = report.image.height
        self.imageBytes = imageBytes
        imageStored = true
        quality = report.quality?.verdict
        lesionProbability = report.lesion?.probability
        ropFinding = report.rop?.finding
        ropProbability = report.rop?.probability
        modelVersions = String(decoding: try encoder.encode(report.modelVersions), as: UTF8.self)
        totalMs = report.timingsMs["total"] ?? 0
        self.report = String(decoding: try encoder.encode(report), as: UTF8.self)
    }

    /// The report, decoded.
    public func decodedReport() throws -> Report {
        try JSONDecoder().decode(Report.self, from: Data(report.utf8))
    }
}
