/// Deterministic blind assignment of photographs to `annotatorsPerPhotograph` annotators
/// each, out of a pool.
///
/// Photographs are taken in the order given; each goes to the least-loaded annotators not
/// already holding it, ties broken by a shuffle drawn from `seed`. Loads therefore differ by
/// at most one when starting from an even pool, and the pairings vary, so pairwise κ has
/// many pairs to draw on. The same inputs and seed give the same assignment.
public struct BlindAssignment: Sendable, Hashable, Codable {
    public let annotatorsPerPhotograph: Int
    public let seed: UInt64

    public init(annotatorsPerPhotograph: Int, seed: UInt64) throws(AssignmentError) {
        guard annotatorsPerPhotograph >= 1 else { throw .invalidAnnotatorsPerPhotograph(annotatorsPerPhotograph) }
        self.annotatorsPerPhotograph = annotatorsPerPhotograph
        self.seed = seed
    }

    /// Assigns each photograph to `annotatorsPerPhotograph` distinct annotators.
    /// - Parameter existing: assignments already made (a project growing); their annotators
    ///   keep the photograph and count towards the load, and a photograph that has enough is
    ///   left as it is.
    /// - Returns: one entry per photograph, in the given order, existing annotators included.
    public func assign(_ photographs: [PhotographID], to pool: [AnnotatorID],
                       existing: [PhotographID: [AnnotatorID]] = [:]) throws(AssignmentError) -> [PhotographAssignment] {
        var seenAnnotators: Set<AnnotatorID> = []
        for annotator in pool where !seenAnnotators.insert(annotator).inserted { throw .duplicateAnnotator(annotator) }
        var seenPhotographs: Set<PhotographID> = []
        for photograph in photographs where !seenPhotographs.insert(photograph).inserted { throw .duplicatePhotograph(photograph) }

        var load: [AnnotatorID: Int] = Dictionary(uniqueKeysWithValues: pool.map { ($0, 0) })
        for annotators in existing.values { for annotator in Set(annotators) where load[annotator] != nil { load[annotator, default: 0] += 1 } }
        var generator = SeededGenerator(seed: seed)
        return try photographs.map { photograph throws(AssignmentError) in
            var assigned = Set(existing[photograph] ?? [])
            let needed = annotatorsPerPhotograph - assigned.count
            if needed > 0 {
                var candidates = pool.filter { !assigned.contains($0) }
                guard candidates.count >= needed else {
                    throw .poolTooSmall(photograph: photograph, needed: needed, available: candidates.count)
                }
                generator.shuffle(&candidates)
                // A stable sort keeps the shuffled order among equal loads.
                let chosen = candidates.enumerated()
                    .sorted { (load[$0.element] ?? 0, $0.offset) < (load[$1.element] ?? 0, $1.offset) }
                    .prefix(needed).map(\.element)
                for annotator in chosen {
                    assigned.insert(annotator)
                    load[annotator, default: 0] += 1
                }
            }
            return PhotographAssignment(photograph: photograph, annotators: assigned.sorted())
        }
    }
}
