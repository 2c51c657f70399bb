import Logging
import ServiceLifecycle

/// On a graceful shutdown (SIGTERM), first leaves the pool: marks the server draining, so
/// `/readyz` answers 503, and waits `period` for load balancers to notice while requests
/// keep being answered. Placed after the HTTP server in its service group, it is shut
/// down before the server (a group stops its services in reverse order), which then
/// finishes the requests in flight and closes.
struct DrainService: Service {
    let readiness: Readiness
    let period: Duration
    let logger: Logger

    func run() async throws {
        // Ends at the shutdown signal; a cancellation (the group failing) ends it without draining.
        guard (try? await gracefulShutdown()) != nil else { return }
        readiness.beginDraining()
        logger.info("draining", metadata: ["seconds": .stringConvertible(period.components.seconds)])
        try? await Task.sleep(for: period)
    }
}
