import CVision

/// An OpenCV failure (a bad argument, an allocation failure), with OpenCV's message.
public struct VisionError: Error, CustomStringConvertible, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "VisionError: \(message)" }

    static func last() -> VisionError { VisionError(String(cString: cv_last_error())) }
}
