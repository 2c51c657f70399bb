import Synchronization

/// Whether this server should stay in the load balancer's pool: `/readyz` answers 503
/// once it drains, so the balancer sends new requests elsewhere while this one finishes.
public final class Readiness: Sendable {
    private let draining = Mutex(false)

    public init() {}

    public var isDraining: Bool { draining.withLock { $0 } }

    public func beginDraining() { draining.withLock { $0 = true } }
}
