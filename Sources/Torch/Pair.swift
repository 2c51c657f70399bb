/// A (height, width) pair for kernel sizes, strides, padding and output sizes;
/// an integer literal means the same value for both.
public struct Pair: Sendable, Equatable, Hashable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    public var height: Int
    public var width: Int

    public init(_ height: Int, _ width: Int) {
        self.height = height
        self.width = width
    }

    public init(_ both: Int) { self.init(both, both) }
    public init(integerLiteral value: Int) { self.init(value) }

    var int64s: [Int64] { [Int64(height), Int64(width)] }
    public var description: String { "(\(height), \(width))" }
}
