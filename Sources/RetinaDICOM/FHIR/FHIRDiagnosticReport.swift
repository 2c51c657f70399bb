/// A FHIR R4 DiagnosticReport, with the elements the ROP report fills.
public struct FHIRDiagnosticReport: Codable, Sendable, Equatable {
    /// Always "DiagnosticReport".
    public var resourceType: String
    public var id: String?
    /// Observations carried inside the report (referenced as `#id`).
    public var contained: [FHIRObservation]?
    public var identifier: [FHIRIdentifier]?
    /// registered | partial | preliminary | final | amended …
    public var status: String
    public var category: [FHIRCodeableConcept]?
    public var code: FHIRCodeableConcept
    public var subject: FHIRReference?
    public var effectiveDateTime: String?
    public var issued: String?
    public var result: [FHIRReference]?
    public var imagingStudy: [FHIRReference]?
    public var conclusion: String?
    public var conclusionCode: [FHIRCodeableConcept]?

    public init(id: String?, status: String, code: FHIRCodeableConcept) {
        resourceType = "DiagnosticReport"
        self.id = id
        self.status = status
        self.code = code
    }
}

/// A FHIR R4 Bundle of the report and its observations, for a transaction
/// POST to a FHIR server: the observations are separate resources referenced
/// by their `urn:uuid:` full URLs, which the server rewrites to its ids.
public struct FHIRBundle: Codable, Sendable, Equatable {
    public var resourceType: String
    /// transaction | collection …
    public var type: String
    public var entry: [Entry]

    public struct Entry: Codable, Sendable, Equatable {
        public var fullUrl: String
        public var resource: FHIRResource
        public var request: Request?
    }

    public struct Request: Codable, Sendable, Equatable {
        public var method: String
        public var url: String
    }

    public init(type: String, entry: [Entry]) {
        resourceType = "Bundle"
        self.type = type
        self.entry = entry
    }
}

/// A resource in a bundle entry, told apart by its `resourceType`.
public enum FHIRResource: Codable, Sendable, Equatable {
    case diagnosticReport(FHIRDiagnosticReport)
    case observation(FHIRObservation)

    private enum CodingKeys: String, CodingKey { case resourceType }

    public init(from decoder: any Decoder) throws {
        let type = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .resourceType)
        switch type {
        case "DiagnosticReport": self = .diagnosticReport(try FHIRDiagnosticReport(from: decoder))
        case "Observation": self = .observation(try FHIRObservation(from: decoder))
        default:
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unsupported resourceType \(type)"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .diagnosticReport(let report): try report.encode(to: encoder)
        case .observation(let observation): try observation.encode(to: encoder)
        }
    }
}
