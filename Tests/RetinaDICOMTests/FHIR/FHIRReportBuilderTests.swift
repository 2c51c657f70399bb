import Foundation
import Testing
@testable import RetinaDICOM

@Suite struct FHIRReportBuilderTests {
    let figures = ROPScreeningFigures(
        reportID: "rep-1", status: .preliminary, issued: Date(timeIntervalSince1970: 1_710_000_000),
        effective: Date(timeIntervalSince1970: 1_709_990_000),
        patientIdentifier: FHIRIdentifier(system: "urn:oid:1.2.36.146.595.217.0.1", value: "MRN0042"),
        studyInstanceUID: "1.2.826.0.1.3680043.2.1125.1",
        quality: .init(gradable: true, score: 0.91), eye: .init(laterality: .left, confidence: 0.97),
        rop: .init(detected: true, probability: 0.87, threshold: 0.5),
        zoneI: .init(radiusPixels: 412, discFoveaDistancePixels: 206, estimatedFromDisc: false),
        plusBiomarkers: .init(density: 0.11, tortuosityMean: 1.08, tortuosityP90: 1.21, calibreMeanPixels: 6.5, calibreInDiscDiameters: 0.05),
        zoneIPlusBiomarkers: .init(density: 0.14, tortuosityMean: 1.12),
        conclusion: "ROP suspected")

    private func json(_ value: some Encodable) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: try FHIRReportBuilder.json(value))
        return try #require(object as? [String: Any])
    }

    @Test func containedReport() throws {
        let report = FHIRReportBuilder().containedReport(figures)
        let object = try json(report)
        #expect(object["resourceType"] as? String == "DiagnosticReport")
        #expect(object["status"] as? String == "preliminary")
        let subject = try #require(object["subject"] as? [String: Any])
        #expect((subject["identifier"] as? [String: Any])?["value"] as? String == "MRN0042")
        #expect(subject["type"] as? String == "Patient")
        let study = try #require((object["imagingStudy"] as? [[String: Any]])?.first)
        #expect((study["identifier"] as? [String: Any])?["value"] as? String == "urn:oid:1.2.826.0.1.3680043.2.1125.1")
        #expect((study["identifier"] as? [String: Any])?["system"] as? String == "urn:dicom:uid")

        let contained = try #require(object["contained"] as? [[String: Any]])
        #expect(contained.count == 6)
        let ids = contained.compactMap { $0["id"] as? String }
        let results = (object["result"] as? [[String: Any]])?.compactMap { $0["reference"] as? String }
        #expect(results == ids.map { "#" + $0 })
        #expect(contained.allSatisfy { $0["resourceType"] as? String == "Observation" && $0["code"] != nil })

        let rop = try #require(report.contained?.first { $0.id == "rop" })
        #expect(rop.valueCodeableConcept?.coding.first == FHIRKnownCodes.retinopathyOfPrematurity)
        #expect(rop.valueCodeableConcept?.coding.first?.code == "415297005")
        #expect(rop.component?.first?.valueQuantity?.value == 0.87)
        #expect(rop.bodySite?.coding.first?.code == "362503005")
        #expect(report.contained?.first { $0.id == "eye" }?.valueCodeableConcept?.coding.first == FHIRKnownCodes.entireLeftEye)
        #expect(report.contained?.first { $0.id == "zone-i" }?.component?.last?.valueBoolean == false)
        #expect(report.effectiveDateTime == "2024-03-09T13:13:20Z")
        // Every coding of ours lives in the project's code system.
        let ownCodes = report.contained?.flatMap { [$0.code] + ($0.component?.map(\.code) ?? []) }.flatMap(\.coding) ?? []
        #expect(ownCodes.allSatisfy { $0.system == ROPScreenCodeSystem.url })
        // Codable both ways.
        let decoded = try JSONDecoder().decode(FHIRDiagnosticReport.self, from: try FHIRReportBuilder.json(report))
        #expect(decoded == report)
    }

    @Test func leavesOutWhatIsUnknown() throws {
        var minimal = figures
        minimal.quality = nil; minimal.eye = nil; minimal.zoneI = nil; minimal.plusBiomarkers = nil
        minimal.zoneIPlusBiomarkers = nil; minimal.studyInstanceUID = nil; minimal.effective = nil
        minimal.rop = .init(detected: false, probability: 0.1)
        let object = try json(FHIRReportBuilder().containedReport(minimal))
        #expect(object["imagingStudy"] == nil && object["effectiveDateTime"] == nil)
        let contained = try #require(object["contained"] as? [[String: Any]])
        #expect(contained.count == 1)
        #expect(contained[0]["bodySite"] == nil)
        let value = (contained[0]["valueCodeableConcept"] as? [String: Any])?["coding"] as? [[String: Any]]
        #expect(value?.first?["code"] as? String == "rop-not-detected")
    }

    @Test func transactionBundleReferencesEntries() throws {
        var counter = 0
        let bundle = FHIRReportBuilder().transactionBundle(figures) {
            counter += 1
            return UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", counter)) ?? UUID()
        }
        #expect(bundle.type == "transaction")
        #expect(bundle.entry.count == 7)
        guard case .diagnosticReport(let report) = bundle.entry[0].resource else { Issue.record("report first"); return }
        let urls = bundle.entry.dropFirst().map(\.fullUrl)
        #expect(report.result?.compactMap(\.reference) == Array(urls))
        #expect(report.contained == nil)
        let decoded = try JSONDecoder().decode(FHIRBundle.self, from: try FHIRReportBuilder.json(bundle))
        #expect(decoded == bundle)
    }
}
