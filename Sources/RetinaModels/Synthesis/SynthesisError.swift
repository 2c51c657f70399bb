/// A synthesis configuration, condition or bundle that cannot be used, with the reason.
public struct SynthesisError: Error, CustomStringConvertible, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "synthesis: \(message)" }
}
