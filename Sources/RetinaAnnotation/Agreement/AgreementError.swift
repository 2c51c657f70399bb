/// Ratings that an agreement statistic cannot be computed from.
public enum AgreementError: Error, Hashable, CustomStringConvertible {
    /// Paired statistics need one rating per item from each side.
    case mismatchedCounts(first: Int, second: Int)
    /// No item to compare (for Fleiss' κ: no item with two ratings or more).
    case noItems
    /// A weighted κ rating that is not one of the ordered categories.
    case ratingOutsideCategories
    case maskSizesDiffer(ImageSize, ImageSize)

    public var description: String {
        switch self {
        case .mismatchedCounts(let first, let second): "\(first) ratings paired with \(second)"
        case .noItems: "no items to compare"
        case .ratingOutsideCategories: "a rating is not one of the ordered categories"
        case .maskSizesDiffer(let first, let second):
            "masks of \(first.width)×\(first.height) and \(second.width)×\(second.height) cannot be compared"
        }
    }
}
