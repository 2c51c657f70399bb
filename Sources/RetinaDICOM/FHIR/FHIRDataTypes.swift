/// FHIR R4 data types, only the elements the ROP report uses. Optional
/// elements that are nil are left out of the JSON.
public struct FHIRCoding: Codable, Sendable, Equatable, Hashable {
    public var system: String
    public var code: String
    public var display: String?

    public init(system: String, code: String, display: String? = nil) {
        self.system = system
        self.code = code
        self.display = display
    }

    public static let snomedSystem = "http://snomed.info/sct"
    public static let loincSystem = "http://loinc.org"
    public static let ucumSystem = "http://unitsofmeasure.org"
}

public struct FHIRCodeableConcept: Codable, Sendable, Equatable {
    public var coding: [FHIRCoding]
    public var text: String?

    public init(_ coding: FHIRCoding..., text: String? = nil) {
        self.coding = coding
        self.text = text
    }
}

public struct FHIRIdentifier: Codable, Sendable, Equatable {
    public var system: String?
    public var value: String

    public init(system: String?, value: String) {
        self.system = system
        self.value = value
    }

    /// A DICOM UID as FHIR writes it: system `urn:dicom:uid`, value `urn:oid:<uid>`.
    public static func dicomUID(_ uid: String) -> FHIRIdentifier {
        FHIRIdentifier(system: "urn:dicom:uid", value: "urn:oid:" + uid)
    }
}

public struct FHIRReference: Codable, Sendable, Equatable {
    /// A literal reference: `#id` (contained), `Observation/id` or `urn:uuid:…`.
    public var reference: String?
    public var type: String?
    /// A logical reference, when the target's server id is not known.
    public var identifier: FHIRIdentifier?
    public var display: String?

    public init(reference: String? = nil, type: String? = nil, identifier: FHIRIdentifier? = nil, display: String? = nil) {
        self.reference = reference
        self.type = type
        self.identifier = identifier
        self.display = display
    }
}

public struct FHIRQuantity: Codable, Sendable, Equatable {
    public var value: Double
    public var unit: String?
    public var system: String?
    public var code: String?

    public init(value: Double, unit: String? = nil, system: String? = FHIRCoding.ucumSystem, code: String? = nil) {
        self.value = value
        self.unit = unit
        self.system = system
        self.code = code
    }

    /// A dimensionless value (UCUM "1"): a probability, score or ratio.
    public static func unitless(_ value: Double, unit: String = "1") -> FHIRQuantity {
        FHIRQuantity(value: value, unit: unit, code: "1")
    }

    /// A length in image pixels (UCUM annotation `{pixels}`).
    public static func pixels(_ value: Double) -> FHIRQuantity {
        FHIRQuantity(value: value, unit: "pixels", code: "{pixels}")
    }
}
