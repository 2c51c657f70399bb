import Foundation
import Hummingbird
import Logging
import RetinaStore
import ServiceLifecycle

/// The HTTP API of DESIGN.md, the web viewer and the operational endpoints,
/// over an `AnalysisService`, with the background services that run beside it.
public enum RetinaApplication {
    /// The routes of the analysis service and, when given, of the labelling platform.
    public static func router(service: AnalysisService, annotation: AnnotationService? = nil, jobs: (any JobQueue)? = nil) -> Router<BasicRequestContext> {
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
        DICOMwebRoutes.add(to: &routes, service: service)
        MonitoringRoutes.add(to: &routes, service: service)
        routes.refuseUndeclaredMethods()
        return router
    }

    /// The server, image retention when the configuration keeps photographs for a limited time,
    /// the PACS forwarder when it names a PACS, and monitoring when the service has a monitor.
    public static func application(service: AnalysisService, annotation: AnnotationService? = nil, jobs: (any JobQueue)? = nil) -> some ApplicationProtocol {
        let configuration = service.configuration
        var application = Application(router: router(service: service, annotation: annotation, jobs: jobs),
                                      configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "ropscreen"),
                                      logger: service.logger)
        if let days = configuration.imageRetentionDays {
            application.addServices(ImageRetentionService(store: service.store, retention: .seconds(days * 86400), logger: service.logger))
        }
        if let pacs = service.pacs { application.addServices(pacs) }
        if let monitor = service.monitor, let settings = configuration.monitoring {
            application.addServices(MonitoringService(monitor: monitor, settings: settings, metrics: service.metrics, logger: service.logger))
        }
        return application
    }

    /// The application with its drain: what `ropscreen serve` runs, stopping gracefully on
    /// SIGTERM or SIGINT (leave the pool for `configuration.drainPeriod`, then finish the
    /// requests in flight).
    public static func serviceGroup(service: AnalysisService, annotation: AnnotationService? = nil, jobs: (any JobQueue)? = nil) -> ServiceGroup {
        let drain = DrainService(readiness: service.readiness, period: service.configuration.drainPeriod, logger: service.logger)
        return ServiceGroup(configuration: .init(services: [application(service: service, annotation: annotation, jobs: jobs), drain],
                                                 gracefulShutdownSignals: [.sigterm, .sigint], logger: service.logger))
    }
}
