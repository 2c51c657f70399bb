/// A FHIR R4 Observation, with the elements the ROP report fills.
public struct FHIRObservation: Codable, Sendable, Equatable {
    /// Always "Observation".
    public var resourceType: String
    public var id: String?
    /// registered | preliminary | final | amended …
    public var status: String
    public var category: [FHIRCodeableConcept]?
    public var code: FHIRCodeableConcept
    public var subject: FHIRReference?
    public var effectiveDateTime: String?
    public var issued: String?
    public var bodySite: FHIRCodeableConcept?
    public var method: FHIRCodeableConcept?
    public var valueQuantity: FHIRQuantity?
    public var valueCodeableConcept: FHIRCodeableConcept?
    public var valueBoolean: Bool?
    public var derivedFrom: [FHIRReference]?
    public var component: [Component]?

    public struct Component: Codable, Sendable, Equatable {
        public var code: FHIRCodeableConcept
        public var valueQuantity: FHIRQuantity?
        public var valueCodeableConcept: FHIRCodeableConcept?
        public var valueBoolean: Bool?

        public init(code: FHIRCodeableConcept, valueQuantity: FHIRQuantity? = nil,
                    valueCodeableConcept: FHIRCodeableConcept? = nil, valueBoolean: Bool? = nil) {
            self.code = code
            self.valueQuantity = valueQuantity
            self.valueCodeableConcept = valueCodeableConcept
            self.valueBoolean = valueBoolean
        }
    }

    public init(id: String?, status: String, code: FHIRCodeableConcept) {
        resourceType = "Observation"
        self.id = id
        self.status = status
        self.code = code
    }
}
