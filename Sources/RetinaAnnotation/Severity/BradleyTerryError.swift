/// A Bradley–Terry fit that cannot be made.
public enum BradleyTerryError: Error, Hashable, CustomStringConvertible {
    /// The ridge prior's precision must be positive and finite.
    case invalidPriorPrecision(Double)
    case selfComparison(PhotographID)
    case tooFewPhotographs(Int)
    case didNotConverge(iterations: Int)

    public var description: String {
        switch self {
        case .invalidPriorPrecision(let precision): "prior precision \(precision) is not positive and finite"
        case .selfComparison(let photograph): "photograph \(photograph) compared with itself"
        case .tooFewPhotographs(let count): "\(count) photographs; a ranking needs two"
        case .didNotConverge(let iterations): "no convergence in \(iterations) iterations"
        }
    }
}
