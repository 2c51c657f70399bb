import RetinaMetrics

/// Monitoring's draws use the metrics' seeded generator (its callers need not import RetinaMetrics).
public typealias SplitMix64 = RetinaMetrics.SplitMix64
