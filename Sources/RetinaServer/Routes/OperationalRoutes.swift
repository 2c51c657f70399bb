import Foundation
import Hummingbird
import NIOCore

/// The web viewer, the labelling page, the monitoring dashboard, the OpenAPI document, health, readiness and metrics: open
/// without an API key, for browsers, load balancers and Prometheus.
enum OperationalRoutes {
    static func add(to routes: inout DeclaredRouter, service: AnalysisService) {
        routes.get("/") { _, _ in try Response.resource("index", "html", type: "text/html; charset=utf-8") }
        routes.get("/annotate") { _, _ in try Response.resource("annotate", "html", type: "text/html; charset=utf-8") }
        routes.get("/monitoring") { _, _ in try Response.resource("monitoring", "html", type: "text/html; charset=utf-8") }
        routes.get("/registry") { _, _ in try Response.resource("registry", "html", type: "text/html; charset=utf-8") }
        routes.get("/openapi.yaml") { _, _ in try Response.resource("openapi", "yaml", type: "application/yaml") }
        routes.get("/healthz") { _, _ in Response.json(["status": "ok"]) }
        routes.get("/readyz") { _, _ in
            let models = service.pipeline.models.versions
            let status = service.readiness.isDraining ? "draining" : models.isEmpty ? "not ready" : "ready"
            return Response.json(["status": status, "models": models], status: status == "ready" ? .ok : .serviceUnavailable)
        }
        routes.get("/metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                     body: .init(byteBuffer: ByteBuffer(string: service.metrics.exposition())))
        }
    }
}
