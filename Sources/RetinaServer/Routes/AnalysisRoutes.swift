import Foundation
import Hummingbird
import NIOCore
import RetinaDICOM

/// `POST /v1/analyses` and the history: `GET /v1/analyses`, one analysis, its FHIR report, its photograph.
enum AnalysisRoutes {
    static func add(to routes: inout DeclaredRouter, service: AnalysisService) {
        let configuration = service.configuration
        routes.post("/v1/analyses") { request, _ in
            var request = request
            let body = try await request.collectBody(limit: configuration.maximumBodyBytes)
            var parsed = try AnalysisRequest.parse(body: Array(buffer: body), contentType: request.headers[.contentType],
                                                   query: Dictionary(request.uri.queryParameters.map { (String($0.key), String($0.value)) }) { $1 })
            parsed.site = ClientIdentity.site(of: request.headers)
            guard parsed.container == .dicom else { return try Response.encoded(try await service.analyze(parsed)) }
            // A DICOM object: the first frame's report, and every frame's analysis id in the header.
            let analysis = try await service.analyzeDICOM(parsed)
            var response = try Response.encoded(analysis.reports[0])
            response.headers[.analysisIDs] = analysis.reports.map(\.id).joined(separator: ",")
            return response
        }
        routes.get("/v1/analyses") { request, _ in
            let limit = try integerParameter("limit", of: request, default: 50, in: 0 ... 500)
            let offset = try integerParameter("offset", of: request, default: 0, in: 0 ... 1_000_000_000)
            let page = try await service.history(limit: limit, offset: offset)
            return try Response.encoded(AnalysisList(analyses: page.analyses.map(AnalysisList.Entry.init), total: page.total))
        }
        routes.get("/v1/analyses/:id") { _, context in
            let record = try await service.storedAnalysis(id: try context.parameters.require("id"))
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: record.report)))
        }
        routes.get("/v1/analyses/:id/fhir") { _, context in
            let report = try await service.fhirReport(id: try context.parameters.require("id"))
            return Response(status: .ok, headers: [.contentType: "application/fhir+json"],
                            body: .init(byteBuffer: ByteBuffer(bytes: try FHIRReportBuilder.json(report))))
        }
        routes.get("/v1/analyses/:id/image") { _, context in
            let bytes = try await service.storedImage(id: try context.parameters.require("id"))
            return Response(status: .ok, headers: [.contentType: "application/octet-stream", .cacheControl: "private, max-age=3600"],
                            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }

    /// A query parameter that must be an integer in `range` when given, as the OpenAPI document declares it.
    static func integerParameter(_ name: String, of request: Request, default value: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let text = request.uri.queryParameters[name[...]] else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw APIError(.invalidParameter, "\(name) must be an integer in \(range.lowerBound)…\(range.upperBound == Int.max ? "" : String(range.upperBound)), got '\(text)'")
        }
        return number
    }
}
