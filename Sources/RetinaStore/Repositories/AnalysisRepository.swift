import Foundation
import RetinaAnalysis

/// Where answered analyses and their photographs are kept. Every backend
/// (SQLite on one machine, PostgreSQL for several servers) passes the same
/// contract tests: a saved analysis comes back whole, history is newest first,
/// and retention never removes a photograph that an analysis still marks as kept.
public protocol AnalysisRepository: Sendable {
    /// Stores the photograph, then the analysis, so that a record never points at a missing file.
    @discardableResult
    func save(_ report: Report, image: [UInt8], at date: Date) async throws -> StoredAnalysis

    /// Stores the photograph, the analysis and the DICOM identifiers it came with, all or none.
    @discardableResult
    func save(_ report: Report, image: [UInt8], identifiers: DICOMIdentifiers, at date: Date) async throws -> StoredAnalysis

    func analysis(id: String) async throws -> StoredAnalysis?

    /// The DICOM identifiers of an analysis; nil when it was not made from a DICOM object.
    func identifiers(ofAnalysis id: String) async throws -> DICOMIdentifiers?

    /// The newest analyses first.
    func recent(limit: Int, offset: Int) async throws -> [StoredAnalysis]

    /// The newest analysis of the photograph with this content hash, if any.
    func latestAnalysis(imageSHA256: String) async throws -> StoredAnalysis?

    func count() async throws -> Int

    /// The photograph of `analysis`, or nil when retention has removed it.
    func image(of analysis: StoredAnalysis) async throws -> [UInt8]?

    /// Removes the photographs of analyses older than `date` (the reports stay) and
    /// returns how many files were removed. A photograph a newer analysis uses stays.
    @discardableResult
    func removeImages(olderThan date: Date) async throws -> Int

    /// The schema migrations applied so far, in order.
    func appliedMigrations() async throws -> [String]
}

extension AnalysisRepository {
    @discardableResult
    public func save(_ report: Report, image: [UInt8]) async throws -> StoredAnalysis {
        try await save(report, image: image, at: Date())
    }

    public func recent() async throws -> [StoredAnalysis] { try await recent(limit: 50, offset: 0) }
}
