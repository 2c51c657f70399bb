import Foundation

/// Builds the FHIR R4 DiagnosticReport of a screening and its coded
/// Observations (quality, eye, ROP finding, zone I, plus biomarkers).
public struct FHIRReportBuilder: Sendable {
    public init() {}

    /// The report with its observations contained in it (referenced as `#id`):
    /// one self-sufficient resource, what `GET /v1/analyses/{id}/fhir` returns.
    public func containedReport(_ figures: ROPScreeningFigures) -> FHIRDiagnosticReport {
        let observations = self.observations(figures)
        var report = diagnosticReport(figures, results: observations.map { FHIRReference(reference: "#" + ($0.id ?? "")) })
        report.contained = observations.isEmpty ? nil : observations
        return report
    }

    /// A transaction bundle: the report and each observation as separate
    /// resources, linked by `urn:uuid:` references that `uuid` makes.
    public func transactionBundle(_ figures: ROPScreeningFigures, uuid: () -> UUID = { UUID() }) -> FHIRBundle {
        let observations = self.observations(figures)
        let urls = observations.map { _ in "urn:uuid:" + uuid().uuidString.lowercased() }
        var report = diagnosticReport(figures, results: urls.map { FHIRReference(reference: $0, type: "Observation") })
        report.id = nil
        var entries = zip(urls, observations).map { url, observation in
            var observation = observation
            observation.id = nil
            return FHIRBundle.Entry(fullUrl: url, resource: .observation(observation), request: .init(method: "POST", url: "Observation"))
        }
        entries.insert(FHIRBundle.Entry(fullUrl: "urn:uuid:" + uuid().uuidString.lowercased(), resource: .diagnosticReport(report),
                                        request: .init(method: "POST", url: "DiagnosticReport")), at: 0)
        return FHIRBundle(type: "transaction", entry: entries)
    }

    /// Pretty, key-sorted JSON of any of the resources.
    public static func json<Resource: Encodable>(_ resource: Resource) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(resource)
    }

    // MARK: Parts

    private func diagnosticReport(_ figures: ROPScreeningFigures, results: [FHIRReference]) -> FHIRDiagnosticReport {
        var report = FHIRDiagnosticReport(id: figures.reportID, status: figures.status.rawValue,
                                          code: FHIRCodeableConcept(ROPScreenCodeSystem.screeningReport, text: "ROP screening"))
        report.identifier = [FHIRIdentifier(system: ROPScreenCodeSystem.reportIdentifierSystem, value: figures.reportID)]
        report.subject = subject(figures)
        report.effectiveDateTime = figures.effective.map(Self.dateTime)
        report.issued = Self.dateTime(figures.issued)
        report.result = results.isEmpty ? nil : results
        report.imagingStudy = figures.studyInstanceUID.map {
            [FHIRReference(type: "ImagingStudy", identifier: .dicomUID($0))]
        }
        report.conclusion = figures.conclusion
        if let rop = figures.rop {
            report.conclusionCode = [ropValue(rop)]
        }
        return report
    }

    func observations(_ figures: ROPScreeningFigures) -> [FHIRObservation] {
        var list: [FHIRObservation] = []
        func observation(_ id: String, _ code: FHIRCoding) -> FHIRObservation {
            var o = FHIRObservation(id: id, status: figures.status.rawValue, code: FHIRCodeableConcept(code))
            o.category = [FHIRCodeableConcept(FHIRKnownCodes.imagingCategory)]
            o.subject = subject(figures)
            o.effectiveDateTime = figures.effective.map(Self.dateTime)
            o.issued = Self.dateTime(figures.issued)
            o.bodySite = figures.eye.flatMap { bodySite($0.laterality) }
            return o
        }
        func component(_ code: FHIRCoding, _ quantity: FHIRQuantity) -> FHIRObservation.Component {
            FHIRObservation.Component(code: FHIRCodeableConcept(code), valueQuantity: quantity)
        }

        if let quality = figures.quality {
            var o = observation("quality", ROPScreenCodeSystem.imageQuality)
            o.valueCodeableConcept = FHIRCodeableConcept(quality.gradable ? ROPScreenCodeSystem.gradable : ROPScreenCodeSystem.ungradable)
            o.component = [component(ROPScreenCodeSystem.imageQualityScore, .unitless(quality.score))]
            list.append(o)
        }
        if let eye = figures.eye, let site = bodySite(eye.laterality) {
            var o = observation("eye", ROPScreenCodeSystem.imagedEye)
            o.valueCodeableConcept = site
            o.component = eye.confidence.map { [component(ROPScreenCodeSystem.imagedEyeConfidence, .unitless($0))] }
            list.append(o)
        }
        if let rop = figures.rop {
            var o = observation("rop", ROPScreenCodeSystem.ropFinding)
            o.valueCodeableConcept = ropValue(rop)
            var components = [component(ROPScreenCodeSystem.ropProbability, .unitless(rop.probability))]
            if let threshold = rop.threshold { components.append(component(ROPScreenCodeSystem.ropDecisionThreshold, .unitless(threshold))) }
            o.component = components
            list.append(o)
        }
        if let zone = figures.zoneI {
            var o = observation("zone-i", ROPScreenCodeSystem.zoneIEstimate)
            o.valueQuantity = .pixels(zone.radiusPixels)
            var components = [component(ROPScreenCodeSystem.zoneIRadius, .pixels(zone.radiusPixels))]
            if let distance = zone.discFoveaDistancePixels { components.append(component(ROPScreenCodeSystem.discFoveaDistance, .pixels(distance))) }
            components.append(FHIRObservation.Component(code: FHIRCodeableConcept(ROPScreenCodeSystem.zoneIEstimatedFromDisc),
                                                        valueBoolean: zone.estimatedFromDisc))
            o.component = components
            list.append(o)
        }
        for (id, figuresOfRegion, region) in [("plus-biomarkers", figures.plusBiomarkers, ROPScreenCodeSystem.regionWholeImage),
                                               ("plus-biomarkers-zone-i", figures.zoneIPlusBiomarkers, ROPScreenCodeSystem.regionZoneI)] {
            guard let vessels = figuresOfRegion else { continue }
            var o = observation(id, ROPScreenCodeSystem.plusVesselBiomarkers)
            o.method = FHIRCodeableConcept(region)
            var components = [component(ROPScreenCodeSystem.vesselDensity, .unitless(vessels.density))]
            if let v = vessels.tortuosityMean { components.append(component(ROPScreenCodeSystem.vesselTortuosityMean, .unitless(v))) }
            if let v = vessels.tortuosityP90 { components.append(component(ROPScreenCodeSystem.vesselTortuosityP90, .unitless(v))) }
            if let v = vessels.calibreMeanPixels { components.append(component(ROPScreenCodeSystem.vesselCalibreMean, .pixels(v))) }
            if let v = vessels.calibreInDiscDiameters {
                components.append(component(ROPScreenCodeSystem.vesselCalibreInDiscDiameters, .unitless(v, unit: "disc diameters")))
            }
            if let v = vessels.plusProbability { components.append(component(ROPScreenCodeSystem.plusProbability, .unitless(v))) }
            o.component = components
            list.append(o)
        }
        return list
    }

    private func subject(_ figures: ROPScreeningFigures) -> FHIRReference? {
        figures.patientIdentifier.map { FHIRReference(type: "Patient", identifier: $0) }
    }

    private func ropValue(_ rop: ROPScreeningFigures.ROPFinding) -> FHIRCodeableConcept {
        FHIRCodeableConcept(rop.detected ? FHIRKnownCodes.retinopathyOfPrematurity : ROPScreenCodeSystem.ropNotDetected)
    }

    private func bodySite(_ laterality: DICOMLaterality) -> FHIRCodeableConcept? {
        switch laterality {
        case .left: FHIRCodeableConcept(FHIRKnownCodes.entireLeftEye)
        case .right: FHIRCodeableConcept(FHIRKnownCodes.entireRightEye)
        case .unknown: nil
        }
    }

    /// FHIR dateTime / instant: ISO 8601 in UTC with seconds.
    static func dateTime(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
