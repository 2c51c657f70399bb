import Hummingbird

/// `GET /v1/models`: the loaded models with their cards' figures.
enum ModelRoutes {
    static func add(to routes: inout DeclaredRouter, service: AnalysisService) {
        routes.get("/v1/models") { _, _ in
            try Response.encoded(ModelList(models: service.pipeline.models.cards.map(ModelList.Entry.init)))
        }
    }
}
