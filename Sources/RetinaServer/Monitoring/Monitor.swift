import Foundation
import RetinaAnalysis
import RetinaMonitoring
import RetinaStore

/// The server's monitoring state: the windows of recent profiles and confirmations, the
/// watched classifiers, the latest snapshot. The request path only appends to a buffer
/// (`record`); flushing to the store and every statistic happen here, off that path.
public actor Monitor {
    public nonisolated let classifiers: [WatchedClassifier]
    public nonisolated let configuration: MonitoringConfiguration
    public nonisolated let store: any MonitoringRepository
    private nonisolated let buffer: ProfileBuffer
    private var windows: MonitoringWindows
    private var latest: MonitoringSnapshot?
    private var changed = true
    /// The dashboard's time series: one point per evaluation, the newest `historyLength`.
    private var history: [MonitoringSnapshot.HistoryPoint] = []
    private var recordedSincePoint = 0
    nonisolated let historyLength: Int

    public init(classifiers: [WatchedClassifier], store: any MonitoringRepository, settings: MonitoringSettings = .init()) throws {
        self.classifiers = classifiers
        configuration = settings.statistics
        self.store = store
        buffer = ProfileBuffer(capacity: settings.bufferCapacity)
        historyLength = settings.historyLength
        windows = try MonitoringWindows(configuration: settings.statistics)
    }

    /// A monitor of the classifiers `WatchedClassifier.watched` finds among `models`, with the
    /// reference profiles beside their cards in `root`.
    public init(watching models: AnalysisModels, root: URL, store: any MonitoringRepository, settings: MonitoringSettings = .init()) throws {
        try self.init(classifiers: WatchedClassifier.watched(in: models, root: root), store: store, settings: settings)
    }

    /// Hands an answered analysis's profile to monitoring; never waits.
    public nonisolated func record(_ analysis: MonitoredAnalysis) { buffer.append(analysis) }

    /// Hands a stored confirmation to the windows; never waits.
    public nonisolated func record(_ confirmation: Confirmation) { buffer.append(confirmation) }

    /// Profiles dropped because the buffer was full.
    public nonisolated var droppedProfiles: Int { buffer.dropped }

    /// Refills the windows from the store (after a restart): the last window's worth of
    /// profiles and confirmations.
    public func restore(now: Date = Date()) async throws {
        let since = now.addingTimeInterval(-configuration.windowDuration)
        for analysis in try await store.profiles(since: since, limit: configuration.windowCount) { windows.record(analysis) }
        for confirmation in try await store.confirmations(since: since, limit: configuration.windowCount) { windows.record(confirmation) }
        changed = true
    }

    /// Writes waiting profiles to the store and adds them (and waiting confirmations) to the
    /// windows; returns how many profiles it wrote.
    @discardableResult
    public func flush() async throws -> Int {
        let (analyses, confirmations) = buffer.take()
        guard !analyses.isEmpty || !confirmations.isEmpty else { return 0 }
        for analysis in analyses { windows.record(analysis) }
        for confirmation in confirmations { windows.record(confirmation) }
        changed = true
        recordedSincePoint += analyses.count
        try await store.saveProfiles(analyses)
        return analyses.count
    }

    /// The state now: flushed, and evaluated again when anything came in since the last one
    /// or the last one is older than `maximumAge`.
    public func snapshot(now: Date = Date(), maximumAge: TimeInterval = 60) async throws -> MonitoringSnapshot {
        try await flush()
        if !changed, let latest, now.timeIntervalSince(latest.generatedAt) < maximumAge { return latest }
        var snapshot = windows.snapshot(of: classifiers, now: now)
        history.append(MonitoringSnapshot.HistoryPoint(snapshot, volume: recordedSincePoint))
        if history.count > historyLength { history.removeFirst(history.count - historyLength) }
        recordedSincePoint = 0
        snapshot.history = history
        latest = snapshot
        changed = false
        return snapshot
    }
}
