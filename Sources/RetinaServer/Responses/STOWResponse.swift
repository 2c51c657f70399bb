import Foundation
import Hummingbird
import NIOCore

/// The answer to a STOW-RS request (PS3.18 10.5.3): the stored instances in
/// Referenced SOP Sequence (0008,1199), the refused ones in Failed SOP
/// Sequence (0008,1198) with a Failure Reason (0008,1197), as DICOM JSON.
struct STOWResponse {
    private var referenced: [[String: Any]] = []
    private var failed: [[String: Any]] = []
    /// The analysis ids, in instance order.
    private(set) var analysisIDs: [String] = []

    mutating func stored(sopClassUID: String?, sopInstanceUID: String?, analysisIDs ids: [String]) {
        referenced.append(Self.reference(sopClassUID, sopInstanceUID))
        analysisIDs += ids
    }

    mutating func failed(sopClassUID: String?, sopInstanceUID: String?, because error: APIError) {
        var item = Self.reference(sopClassUID, sopInstanceUID)
        item["00081197"] = ["vr": "US", "Value": [Self.failureReason(error.code)]]
        failed.append(item)
    }

    /// PS3.18 table 10.5.3-1: 200 when every instance was stored, 202 when some were, 409 when none was.
    var status: HTTPResponse.Status {
        if failed.isEmpty { return .ok }
        return referenced.isEmpty ? .conflict : .accepted
    }

    var response: Response {
        var body: [String: Any] = [:]
        if !referenced.isEmpty { body["00081199"] = ["vr": "SQ", "Value": referenced] }
        if !failed.isEmpty { body["00081198"] = ["vr": "SQ", "Value": failed] }
        let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data("{}".utf8)
        var headers: HTTPFields = [.contentType: "application/dicom+json"]
        if !analysisIDs.isEmpty { headers[.analysisIDs] = analysisIDs.joined(separator: ",") }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    private static func reference(_ sopClassUID: String?, _ sopInstanceUID: String?) -> [String: Any] {
        var item: [String: Any] = [:]
        if let sopClassUID { item["00081150"] = ["vr": "UI", "Value": [sopClassUID]] }
        if let sopInstanceUID { item["00081155"] = ["vr": "UI", "Value": [sopInstanceUID]] }
        return item
    }

    /// The STOW-RS failure reason (PS3.18 table I.2-1) of an API error code.
    static func failureReason(_ code: APIError.Code) -> Int {
        switch code {
        case .unsupportedTransferSyntax: 0xC122  // referenced transfer syntax not supported
        case .missingPixelData, .dicomNotAnImage, .unsupportedPixelFormat: 0x0122  // SOP class not supported
        case .invalidDICOM, .emptyInput: 0xC000  // cannot understand
        case .imageTooLarge, .overloaded, .timeout: 0xA700  // out of resources
        default: 0x0110  // processing failure
        }
    }
}
