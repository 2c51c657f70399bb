import Foundation
import Hummingbird
import Logging
import RetinaStore
import ServiceLifecycle

/// The HTTP API of DESIGN.md, the web viewer and the operational endpoints,
/// over an `AnalysisService`, with the background services that run beside it.
public enum RetinaApplication {
    /// The routes of the analysis service and, when given, of the labelling platform, the job queue and the model registry
    /// (which signs people in through the labelling platform's sessions).
    public static func router(service: AnalysisService, annotation: AnnotationService? = nil, jobs: (any JobQueue)? = nil,
                              registry: RegistryService? = nil) -> Router<BasicRequestContext> {
        let configuration = service.configuration
        let router = Router(context: BasicRequestContext.self, options: .autoGenerateHeadEndpoints)
        router.add(middleware: ObservingMiddleware(metrics: service.metrics, logger: service.logger))
        router.add(middleware: APIKeyMiddleware(keys: configuration.apiKeys, revoked: configuration.revokedKeys))
        var routes = DeclaredRouter(router)
        OperationalRoutes.add(to: &routes, service: service)
        ModelRoutes.add(to: &routes, service: service)
        AnalysisRoutes.add(to: &routes, service: service)
        if let annotation { AnnotationRoutes.add(to: &routes, service: annotation, configuration: configuration) }
        if let jobs { JobRoutes.add(to: &routes, queue: jobs) }
        if let registry, let annotation { RegistryRoutes.add(to: &routes, service: registry, annotation: annotation) }
        DICOMwebRoutes.add(to: &routes, service: service)
        MonitoringRoutes.add(to: &routes, service: service)
        routes.refuseUndeclaredMethods()
        return router
    }

    /// The server, image retention when the configuration keeps photographs for a limited time,
    /// the PACS forwarder when it names a PACS, the C-STORE listener when it has DIMSE settings, and monitoring when the service has a monitor.
    /// With a registry, its watcher keeps the served models on the `production` aliases, and the service's shadow runner runs.
    public static func application(service: AnalysisService, annotation: AnnotationService? = nil, jobs: (any JobQueue)? = nil,
                                   registry: RegistryService? = nil) -> some ApplicationProtocol {
        let configuration = service.configuration
        var application = Application(router: router(service: service, annotation: annotation, jobs: jobs, registry: registry),
                                      configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "ropscreen"),
                                      logger: service.logger)
        if let days = configuration.imageRetentionDays {
            application.addServices(ImageRetentionService(store: service.store, retention: .seconds(days * 86400), logger: service.logger))
        }
        if let pacs = service.pacs { application.addServices(pacs) }
        if let dimse = configuration.dimse { application.addServices(DIMSEListener(settings: dimse, service: service)) }
        if let monitor = service.monitor, let settings = configuration.monitoring {
            application.addServices(MonitoringService(monitor: monitor, settings: settings, metrics: service.metrics, logger: service.logger))
        }
        if let registry { application.addServices(registry.watcher) }
        if let shadow = service.shadow { application.addServices(shadow) }
        return application
    }

    /// The application with its drain: what `ropscreen serve` runs, stopping gracefully on
    /// SIGTERM or SIGINT (leave the pool for `configuration.drainPeriod`, then finish the
    /// requests in flight).
    /// `others` (a training trigger) run beside it.
    public static func serviceGroup(service: AnalysisService, annotation: AnnotationService? = nil, jobs: (any JobQueue)? = nil,
                                    registry: RegistryService? = nil, others: [any Service] = []) -> ServiceGroup {
        let drain = DrainService(readiness: service.readiness, period: service.configuration.drainPeriod, logger: service.logger)
        let services: [any Service] = others + [application(service: service, annotation: annotation, jobs: jobs, registry: registry), drain]
        return ServiceGroup(configuration: .init(services: services.map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint],
                                                 logger: service.logger))
    }
}
