import RetinaStore

/// What a worker does with one type of job. `report` records progress (0…1) and
/// renews the lease; it answers false when the job was cancelled or its lease lost,
/// and the handler should then stop.
public protocol JobHandler: Sendable {
    var type: String { get }
    func run(_ job: Job, report: @Sendable (_ progress: Double, _ note: String) async throws -> Bool) async throws -> String
}

/// The job was cancelled, or another worker holds it now: stop without failing it.
public struct JobStopped: Error {}
