import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import RetinaAnalysis
import RetinaAnnotation
import RetinaMetrics
import RetinaModels
import RetinaServer
import RetinaStore

/// A server with the model registry over a SQLite store in `directory` (several fixtures on one
/// folder are several servers on one database), the shadow runner and the production watcher.
struct RegistryFixture {
    let directory: URL
    let store: SQLiteStore
    let models: CurrentModels
    let service: AnalysisService
    let annotation: AnnotationService
    let registry: RegistryService
    let shadow: ShadowRunner
    let contract: OpenAPIContract

    init(directory: URL = FileManager.default.temporaryDirectory.appendingPathComponent("registry-\(UUID())"), importRoot: URL? = nil,
         policy: PromotionGate.Policy = RegistryFixture.policy) throws {
        self.directory = directory
        var configuration = ServerConfiguration()
        configuration.dataDirectory = directory
        configuration.passwordHashCost = 4
        configuration.importRoot = importRoot
        configuration.monitoring = nil
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        store = try SQLiteStore(directory: directory)
        models = CurrentModels(ServerFixture.models)
        shadow = ShadowRunner(registry: store, models: models, logger: logger)
        service = AnalysisService(models: models, store: store, configuration: configuration, logger: logger, shadow: shadow)
        annotation = AnnotationService(repository: store, pipeline: AnalysisPipeline(models: ServerFixture.models), configuration: configuration, logger: logger)
        registry = RegistryService(registry: store, models: models, configuration: configuration, policy: policy, feedback: store,
                                   pollInterval: .milliseconds(200), logger: logger)
        contract = try OpenAPIContract()
    }

    /// The gate as the tests run it: a locked set of four of each class, and a latency budget for a debug build on a shared machine.
    static var policy: PromotionGate.Policy {
        var policy = PromotionGate.Policy()
        policy.minimumPositives = 4
        policy.minimumNegatives = 4
        policy.latencyBudgetMs = 60_000
        return policy
    }

    func cleanUp() { try? FileManager.default.removeItem(at: directory) }

    func withClient(_ body: @escaping @Sendable (CheckedClient) async throws -> Void) async throws {
        let app = Application(router: RetinaApplication.router(service: service, annotation: annotation, jobs: store, registry: registry))
        let contract = contract
        try await app.test(.router) { client in try await body(CheckedClient(client: client, contract: contract)) }
    }

    /// Makes accounts (password "a long password").
    func addUsers(_ users: [(String, AnnotationRole)]) async throws {
        for (name, role) in users {
            try await store.createUser(UserAccount(username: name, passwordHash: Bcrypt4.hash("a long password"), role: role, createdAtMs: 0), actor: "test")
        }
    }
}
