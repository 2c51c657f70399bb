import CTorch

/// An error raised by libtorch (a shape mismatch, a bad dtype, …) or by this
/// layer's own argument checks. `message` is libtorch's text without its C++
/// backtrace.
public struct TorchError: Error, CustomStringConvertible, Sendable, Equatable {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { "TorchError: \(message)" }

    /// The calling thread's last libtorch error.
    static func last() -> TorchError { TorchError(String(cString: ct_last_error())) }
}

/// Wraps a handle returned by CTorch, throwing libtorch's message when it is NULL.
@inline(__always)
func checked(_ handle: OpaquePointer?) throws -> Tensor {
    guard let handle else { throw TorchError.last() }
    return Tensor(handle: handle)
}

/// Throws libtorch's message when a CTorch status call failed.
@inline(__always)
func check(_ status: Int32) throws {
    if status != 0 { throw TorchError.last() }
}
