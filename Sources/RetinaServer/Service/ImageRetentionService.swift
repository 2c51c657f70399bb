import Foundation
import Logging
import RetinaStore
import ServiceLifecycle

/// Removes stored photographs once they are older than the retention period
/// (the reports stay), now and then every `interval`, as a service of the
/// server's service group: it stops with the server on SIGTERM.
public struct ImageRetentionService: Service {
    public let store: any AnalysisRepository
    public let retention: Duration
    public let interval: Duration
    let logger: Logger

    public init(store: any AnalysisRepository, retention: Duration, interval: Duration = .seconds(3600), logger: Logger) {
        self.store = store
        self.retention = retention
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        // Graceful shutdown cancels the wait between sweeps; that ends the loop, not the group with an error.
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await sweep()
                try? await Task.sleep(for: interval)
            }
        }
    }

    /// One pass: the photographs of analyses older than now minus the retention period.
    @discardableResult
    public func sweep(now: Date = Date()) async -> Int {
        let cutoff = now.addingTimeInterval(-Double(retention.components.seconds))
        do {
            let removed = try await store.removeImages(olderThan: cutoff)
            if removed > 0 { logger.info("retention", metadata: ["removedImages": .stringConvertible(removed)]) }
            return removed
        } catch {
            logger.error("retention failed", metadata: ["error": .string("\(error)")])
            return 0
        }
    }
}
