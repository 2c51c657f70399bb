/// The C-STORE response statuses the listener answers with (PS3.4 B.2.3).
public enum DIMSEStatus: UInt16, Sendable {
    case success = 0x0000
    /// Refused, the sender may try again later: the service is full or too slow, or the object too large.
    case outOfResources = 0xA700
    /// The object is not something this service can analyse (not a photograph, not a fundus, broken).
    case cannotUnderstand = 0xC000
    case processingFailure = 0x0110

    /// The status for an analysis that failed with `code`.
    init(_ code: APIError.Code) {
        switch code {
        case .overloaded, .timeout, .imageTooLarge: self = .outOfResources
        case .internalError: self = .processingFailure
        default: self = .cannotUnderstand
        }
    }
}
