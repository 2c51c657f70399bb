/// Loss weights that counter class imbalance, computed from label frequencies.
public enum ClassWeights {
    /// w_c = N / (C · n_c): each class contributes as if the classes were balanced,
    /// and the weights average to 1 over the samples. Absent classes get weight 0.
    public static func inverseFrequency(_ counts: [Int]) -> [Double] {
        let total = counts.reduce(0, +)
        let present = counts.filter { $0 > 0 }.count
        return counts.map { $0 == 0 ? 0 : Double(total) / (Double(present) * Double($0)) }
    }

    /// Counts of each class index in `labels`.
    public static func counts(_ labels: [Int], classes: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: classes)
        for label in labels where label >= 0 && label < classes { counts[label] += 1 }
        return counts
    }

    /// BCE `pos_weight` = negatives / positives, so both classes weigh the same in total.
    public static func positiveWeight(positives: Int, negatives: Int) -> Double {
        positives == 0 ? 1 : Double(negatives) / Double(positives)
    }
}
