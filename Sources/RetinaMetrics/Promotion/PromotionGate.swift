import Foundation

/// Whether a candidate model may replace the production model of a screening task, judged
/// on the task's locked evaluation set. A screening model must not miss more disease, so
/// the gate is a non-inferiority test: the lower end of the confidence interval of
/// (candidate − production) sensitivity, from a paired, stratified, seeded bootstrap over
/// the same photographs, must not fall below −margin; likewise specificity and AUC with
/// their own margins. The figures the candidate's card states for the locked set must be
/// reproduced, the candidate must answer within the latency budget, and, when the policy
/// asks for it, it must have run beside production in the shadow for long enough and
/// agreed with it often enough. Pure: the same evidence and policy give the same verdict.
public struct PromotionGate: Sendable {
    public let policy: Policy

    public init(policy: Policy = Policy()) { self.policy = policy }

    /// Margins, tolerance and budgets, each with the default a 2-core deployment uses.
    public struct Policy: Codable, Sendable, Equatable {
        /// How much lower the candidate's sensitivity may be, at the interval's lower end.
        public var sensitivityMargin = 0.05
        public var specificityMargin = 0.10
        public var aucMargin = 0.05
        /// How far a re-measured figure may be from the card's.
        public var cardTolerance = 0.02
        /// The candidate's 95th-percentile latency per photograph, in milliseconds.
        public var latencyBudgetMs = 1000.0
        /// Two-sided level of the bootstrap intervals.
        public var confidence = 0.95
        public var resamples = 2000
        public var seed: UInt64 = 18
        /// A locked set with fewer photographs of a class cannot show non-inferiority.
        public var minimumPositives = 5
        public var minimumNegatives = 5
        /// Shadow analyses required before promotion (0: no shadow period required).
        public var minimumShadowAnalyses = 0
        /// Share of shadow analyses whose finding agreed with production's.
        public var minimumShadowAgreement = 0.9

        public init() {}
    }

    /// One photograph of the locked set: its reference label and each model's probability.
    public struct Case: Sendable, Equatable {
        public var positive: Bool
        /// nil when the task has no production model yet.
        public var production: Double?
        public var candidate: Double

        public init(positive: Bool, production: Double?, candidate: Double) {
            (self.positive, self.production, self.candidate) = (positive, production, candidate)
        }
    }

    /// How the candidate did beside production on live photographs.
    public struct ShadowRecord: Sendable, Equatable {
        public var analyses: Int
        /// Share of them where the candidate's finding was production's.
        public var agreement: Double

        public init(analyses: Int, agreement: Double) { (self.analyses, self.agreement) = (analyses, agreement) }
    }

    public struct Evidence: Sendable {
        public var cases: [Case]
        public var candidateThreshold: Double
        public var productionThreshold: Double?
        /// The candidate card's figures on the locked set (`auc`, `sensitivity`, `specificity`).
        public var claimed: [String: Double]
        /// Per-photograph time of the candidate through the report path.
        public var candidateLatenciesMs: [Double]
        public var shadow: ShadowRecord?

        public init(cases: [Case], candidateThreshold: Double, productionThreshold: Double?, claimed: [String: Double],
                    candidateLatenciesMs: [Double], shadow: ShadowRecord? = nil) {
            (self.cases, self.candidateThreshold, self.productionThreshold) = (cases, candidateThreshold, productionThreshold)
            (self.claimed, self.candidateLatenciesMs, self.shadow) = (claimed, candidateLatenciesMs, shadow)
        }
    }

    public struct Check: Codable, Sendable, Equatable {
        public var name: String
        public var passed: Bool
        public var detail: String

        /// `passed sensitivity: …` / `failed sensitivity: …`.
        public var summary: String { "\(passed ? "passed" : "failed") \(name): \(detail)" }
    }

    public struct Verdict: Codable, Sendable, Equatable {
        public var admitted: Bool
        public var checks: [Check]
        public var figures: [String: Double]

        /// Why it was refused (empty when admitted).
        public var reasons: [String] { checks.filter { !$0.passed }.map(\.summary) }
    }

    public func judge(_ evidence: Evidence) -> Verdict {
        var checks: [Check] = []
        var figures: [String: Double] = [:]
        let positives = evidence.cases.indices.filter { evidence.cases[$0].positive }
        let negatives = evidence.cases.indices.filter { !evidence.cases[$0].positive }
        figures["positives"] = Double(positives.count)
        figures["negatives"] = Double(negatives.count)
        guard positives.count >= policy.minimumPositives, negatives.count >= policy.minimumNegatives else {
            checks.append(Check(name: "locked set", passed: false,
                                detail: "\(positives.count) positive and \(negatives.count) negative photographs; at least \(policy.minimumPositives) and \(policy.minimumNegatives) are needed"))
            return Verdict(admitted: false, checks: checks, figures: figures)
        }
        let candidateScores = evidence.cases.map(\.candidate)
        let candidate = Self.figures(scores: candidateScores, cases: evidence.cases, threshold: evidence.candidateThreshold,
                                     positives: positives, negatives: negatives)
        for (name, value) in candidate.named { figures["candidate.\(name)"] = value }
        for (name, interval) in [("sensitivity", ConfidenceInterval.wilson(successes: candidate.truePositives, of: positives.count)),
                                 ("specificity", ConfidenceInterval.wilson(successes: candidate.trueNegatives, of: negatives.count))] {
            if let interval {
                figures["candidate.\(name).ciLow"] = interval.lowerBound
                figures["candidate.\(name).ciHigh"] = interval.upperBound
            }
        }

        let productionScores = evidence.cases.compactMap(\.production)
        if let productionThreshold = evidence.productionThreshold, productionScores.count == evidence.cases.count {
            let production = Self.figures(scores: productionScores, cases: evidence.cases, threshold: productionThreshold,
                                          positives: positives, negatives: negatives)
            for (name, value) in production.named { figures["production.\(name)"] = value }
            let intervals = bootstrapDifferences(candidate: candidateScores, production: productionScores, cases: evidence.cases,
                                                 thresholds: (evidence.candidateThreshold, productionThreshold), positives: positives, negatives: negatives)
            let level = Int((policy.confidence * 100).rounded())
            for (name, margin, difference) in [("sensitivity", policy.sensitivityMargin, candidate.sensitivity - production.sensitivity),
                                               ("specificity", policy.specificityMargin, candidate.specificity - production.specificity),
                                               ("auc", policy.aucMargin, candidate.auc - production.auc)] {
                let interval = intervals[name] ?? (difference ... difference)
                figures["difference.\(name)"] = difference
                figures["difference.\(name).ciLow"] = interval.lowerBound
                figures["difference.\(name).ciHigh"] = interval.upperBound
                let candidateValue = figures["candidate.\(name)"] ?? 0, productionValue = figures["production.\(name)"] ?? 0
                checks.append(Check(name: name, passed: interval.lowerBound >= -margin,
                                    detail: "candidate \(Self.format(candidateValue)) against production \(Self.format(productionValue)); "
                                        + "difference \(Self.format(difference, signed: true)), \(level)% interval "
                                        + "[\(Self.format(interval.lowerBound, signed: true)), \(Self.format(interval.upperBound, signed: true))], "
                                        + "allowed down to \(Self.format(-margin, signed: true))"))
            }
        } else {
            checks.append(Check(name: "production", passed: true, detail: "the task has no production model: nothing to be worse than"))
        }

        let claimed = evidence.claimed.filter { ["auc", "sensitivity", "specificity"].contains($0.key) }
        if claimed.isEmpty {
            checks.append(Check(name: "card", passed: false, detail: "the card states no figures on the locked set to reproduce"))
        } else {
            let misses = claimed.keys.sorted().compactMap { name -> String? in
                let measured = figures["candidate.\(name)"] ?? .nan
                guard let stated = claimed[name], !(abs(measured - stated) <= policy.cardTolerance) else { return nil }
                return "\(name) measured \(Self.format(measured)), the card states \(Self.format(stated))"
            }
            checks.append(Check(name: "card", passed: misses.isEmpty,
                                detail: misses.isEmpty ? "\(claimed.keys.sorted().joined(separator: ", ")) reproduced within \(Self.format(policy.cardTolerance))"
                                    : misses.joined(separator: "; ") + " (tolerance \(Self.format(policy.cardTolerance)))"))
        }

        if let p95 = Self.percentile(evidence.candidateLatenciesMs, 0.95) {
            figures["candidate.latencyP95Ms"] = p95
            checks.append(Check(name: "latency", passed: p95 <= policy.latencyBudgetMs,
                                detail: String(format: "95th percentile %.0f ms per photograph, budget %.0f ms", p95, policy.latencyBudgetMs)))
        } else {
            checks.append(Check(name: "latency", passed: false, detail: "no latency was measured"))
        }

        if policy.minimumShadowAnalyses > 0 {
            let shadow = evidence.shadow ?? ShadowRecord(analyses: 0, agreement: 0)
            figures["shadow.analyses"] = Double(shadow.analyses)
            figures["shadow.agreement"] = shadow.agreement
            let long = shadow.analyses >= policy.minimumShadowAnalyses, agrees = shadow.agreement >= policy.minimumShadowAgreement
            checks.append(Check(name: "shadow", passed: long && agrees,
                                detail: "\(shadow.analyses) shadow analyses (at least \(policy.minimumShadowAnalyses)), agreement with production "
                                    + "\(Self.format(shadow.agreement)) (at least \(Self.format(policy.minimumShadowAgreement)))"))
        }
        return Verdict(admitted: checks.allSatisfy(\.passed), checks: checks, figures: figures)
    }

    // MARK: Figures

    /// Sensitivity and specificity at `threshold`, and the AUC, of scores against labels: the figures a card states
    /// for the locked set and the gate re-measures. Empty when either class is missing.
    public static func figures(positive: [Bool], scores: [Double], threshold: Double) -> [String: Double] {
        let cases = zip(positive, scores).map { Case(positive: $0, production: nil, candidate: $1) }
        let positives = cases.indices.filter { cases[$0].positive }, negatives = cases.indices.filter { !cases[$0].positive }
        guard !positives.isEmpty, !negatives.isEmpty else { return [:] }
        return Dictionary(uniqueKeysWithValues: figures(scores: scores, cases: cases, threshold: threshold, positives: positives, negatives: negatives).named)
    }

    struct Figures {
        var truePositives: Int, trueNegatives: Int
        var sensitivity: Double, specificity: Double, auc: Double
        var named: [(String, Double)] { [("sensitivity", sensitivity), ("specificity", specificity), ("auc", auc)] }
    }

    static func figures(scores: [Double], cases: [Case], threshold: Double, positives: [Int], negatives: [Int]) -> Figures {
        let tp = positives.count(where: { scores[$0] >= threshold }), tn = negatives.count(where: { scores[$0] < threshold })
        return Figures(truePositives: tp, trueNegatives: tn, sensitivity: Double(tp) / Double(positives.count),
                       specificity: Double(tn) / Double(negatives.count), auc: auc(scores: scores, positives: positives, negatives: negatives))
    }

    /// The Mann–Whitney AUC (ties count a half) of the photographs at `positives` and `negatives`, repeats allowed.
    static func auc(scores: [Double], positives: [Int], negatives: [Int]) -> Double {
        let negativeScores = negatives.map { scores[$0] }.sorted()
        var area = 0.0
        for positive in positives {
            let score = scores[positive]
            let below = lowerBound(negativeScores, score), notAbove = upperBound(negativeScores, score)
            area += Double(below) + 0.5 * Double(notAbove - below)
        }
        return area / (Double(positives.count) * Double(negatives.count))
    }

    static func lowerBound(_ sorted: [Double], _ value: Double) -> Int {
        var (low, high) = (0, sorted.count)
        while low < high { let mid = (low + high) / 2; if sorted[mid] < value { low = mid + 1 } else { high = mid } }
        return low
    }

    static func upperBound(_ sorted: [Double], _ value: Double) -> Int {
        var (low, high) = (0, sorted.count)
        while low < high { let mid = (low + high) / 2; if sorted[mid] <= value { low = mid + 1 } else { high = mid } }
        return low
    }

    /// Percentile intervals of candidate − production for each figure, resampling positives and
    /// negatives separately (so every resample has both) and the two models on the same photographs.
    /// A resample is a count per photograph, so each figure of it costs one pass over the set.
    func bootstrapDifferences(candidate: [Double], production: [Double], cases: [Case], thresholds: (candidate: Double, production: Double),
                              positives: [Int], negatives: [Int]) -> [String: ClosedRange<Double>] {
        let models = [ResampledModel(scores: candidate, threshold: thresholds.candidate, positives: positives, negatives: negatives),
                      ResampledModel(scores: production, threshold: thresholds.production, positives: positives, negatives: negatives)]
        var generator = SplitMix64(seed: policy.seed)
        var differences: [String: [Double]] = ["sensitivity": [], "specificity": [], "auc": []]
        var positiveCounts = [Int](repeating: 0, count: positives.count), negativeCounts = [Int](repeating: 0, count: negatives.count)
        for _ in 0 ..< max(1, policy.resamples) {
            for k in positiveCounts.indices { positiveCounts[k] = 0 }
            for k in negativeCounts.indices { negativeCounts[k] = 0 }
            for _ in positives.indices { positiveCounts[Int(generator.next() % UInt64(positives.count))] += 1 }
            for _ in negatives.indices { negativeCounts[Int(generator.next() % UInt64(negatives.count))] += 1 }
            let c = models[0].figures(positiveCounts: positiveCounts, negativeCounts: negativeCounts)
            let b = models[1].figures(positiveCounts: positiveCounts, negativeCounts: negativeCounts)
            differences["sensitivity"]?.append(c.sensitivity - b.sensitivity)
            differences["specificity"]?.append(c.specificity - b.specificity)
            differences["auc"]?.append(c.auc - b.auc)
        }
        let tail = (1 - policy.confidence) / 2
        return differences.compactMapValues { values in
            guard let low = Self.percentile(values, tail), let high = Self.percentile(values, 1 - tail) else { return nil }
            return low ... high
        }
    }

    /// One model's scores arranged so that a resample's figures take one pass: which photographs it
    /// calls positive, the negatives in score order, and where each positive falls among them.
    struct ResampledModel {
        let positiveHits: [Bool], negativeClears: [Bool]
        /// Position of each negative (by its index in `negatives`) in score order.
        let negativeRank: [Int]
        /// For each positive, how many negatives score below it and how many at most as high.
        let below: [Int], notAbove: [Int]

        init(scores: [Double], threshold: Double, positives: [Int], negatives: [Int]) {
            positiveHits = positives.map { scores[$0] >= threshold }
            negativeClears = negatives.map { scores[$0] < threshold }
            let order = negatives.indices.sorted { scores[negatives[$0]] < scores[negatives[$1]] }
            var rank = [Int](repeating: 0, count: negatives.count)
            for (position, index) in order.enumerated() { rank[index] = position }
            negativeRank = rank
            let sorted = order.map { scores[negatives[$0]] }
            below = positives.map { PromotionGate.lowerBound(sorted, scores[$0]) }
            notAbove = positives.map { PromotionGate.upperBound(sorted, scores[$0]) }
        }

        func figures(positiveCounts: [Int], negativeCounts: [Int]) -> (sensitivity: Double, specificity: Double, auc: Double) {
            var countsInOrder = [Int](repeating: 0, count: negativeCounts.count)
            for (index, count) in negativeCounts.enumerated() { countsInOrder[negativeRank[index]] = count }
            var prefix = [Int](repeating: 0, count: countsInOrder.count + 1)
            for k in countsInOrder.indices { prefix[k + 1] = prefix[k] + countsInOrder[k] }
            var (hits, clears, area) = (0, 0, 0.0)
            for k in positiveCounts.indices where positiveCounts[k] > 0 {
                if positiveHits[k] { hits += positiveCounts[k] }
                area += Double(positiveCounts[k]) * (Double(prefix[below[k]]) + 0.5 * Double(prefix[notAbove[k]] - prefix[below[k]]))
            }
            for k in negativeCounts.indices where negativeClears[k] { clears += negativeCounts[k] }
            let (p, n) = (Double(positiveCounts.count), Double(negativeCounts.count))
            return (Double(hits) / p, Double(clears) / n, area / (p * n))
        }
    }

    /// The `q` quantile (linear between order statistics); nil for no values.
    static func percentile(_ values: [Double], _ q: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let position = q * Double(sorted.count - 1)
        let (below, above) = (Int(position.rounded(.down)), Int(position.rounded(.up)))
        return sorted[below] + (sorted[above] - sorted[below]) * (position - Double(below))
    }

    static func format(_ value: Double, signed: Bool = false) -> String {
        String(format: signed ? "%+.3f" : "%.3f", value)
    }
}
