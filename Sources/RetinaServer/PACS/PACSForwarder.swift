import Foundation
import Logging
import RetinaDICOM
import ServiceLifecycle

/// Sends the results of DICOM analyses to the configured PACS by STOW-RS, one
/// request per analysed frame, off the request path: `enqueue` never waits,
/// and a delivery that fails is tried again after a pause that doubles.
/// Runs as a service beside the server; logs name analysis ids only.
public final class PACSForwarder: Service, Sendable {
    public let url: URL
    let client: STOWClient
    let attempts: Int
    let retryDelay: Duration
    let patientIdentifierSystem: String?
    let logger: Logger
    private let deliveries: AsyncStream<PACSDelivery>
    private let continuation: AsyncStream<PACSDelivery>.Continuation

    /// Deliveries waiting at most; more are dropped (and logged) rather than held without bound.
    static let capacity = 256

    public init(url: URL, client: STOWClient, attempts: Int, retryDelay: Duration, patientIdentifierSystem: String?, logger: Logger) {
        self.url = url
        self.client = client
        self.attempts = max(1, attempts)
        self.retryDelay = retryDelay
        self.patientIdentifierSystem = patientIdentifierSystem
        self.logger = logger
        let (deliveries, continuation) = AsyncStream<PACSDelivery>.makeStream(bufferingPolicy: .bufferingOldest(Self.capacity))
        self.deliveries = deliveries
        self.continuation = continuation
    }

    /// The STOW-RS endpoint: `<url>/studies`.
    var studiesURL: URL { url.appendingPathComponent("studies") }

    /// Queues a delivery; false (logged) when the queue is full.
    @discardableResult
    public func enqueue(_ delivery: PACSDelivery) -> Bool {
        if case .enqueued(_) = continuation.yield(delivery) { return true }
        logger.error("PACS queue full: results not sent", metadata: ["id": .string(delivery.result.report.id)])
        return false
    }

    public func run() async throws {
        await withGracefulShutdownHandler {
            for await delivery in deliveries { _ = await deliver(delivery) }
        } onGracefulShutdown: {
            self.continuation.finish()
        }
    }

    /// Builds and sends one delivery, retrying; true once the PACS answered 2xx.
    func deliver(_ delivery: PACSDelivery) async -> Bool {
        let id = delivery.result.report.id
        let instances: [Data]
        do {
            guard let built = try delivery.instances(patientIdentifierSystem: patientIdentifierSystem, softwareVersion: "ropscreen") else {
                logger.warning("no Study Instance UID: results not sent to the PACS", metadata: ["id": .string(id)])
                return false
            }
            instances = built
        } catch {
            logger.error("results could not be written as DICOM", metadata: ["id": .string(id), "error": .string("\(error)")])
            return false
        }
        let multipart = DICOMMultipartRelated(instances: instances)
        var delay = retryDelay
        for attempt in 1 ... attempts {
            do {
                let status = try await client.send(studiesURL, multipart.contentType, multipart.body)
                if (200 ..< 300).contains(status) {
                    logger.info("results sent to the PACS", metadata: ["id": .string(id), "status": .stringConvertible(status)])
                    return true
                }
                // A refusal that a retry cannot change (bad request, conflict…) is final; 408, 429 and 5xx are retried.
                if (400 ..< 500).contains(status) && status != 408 && status != 429 {
                    logger.error("the PACS refused the results", metadata: ["id": .string(id), "status": .stringConvertible(status)])
                    return false
                }
                logger.warning("the PACS did not take the results", metadata: ["id": .string(id), "status": .stringConvertible(status), "attempt": .stringConvertible(attempt)])
            } catch {
                logger.warning("the PACS could not be reached", metadata: ["id": .string(id), "error": .string("\(error)"), "attempt": .stringConvertible(attempt)])
            }
            if attempt < attempts {
                try? await Task.sleep(for: delay)
                delay *= 2
            }
        }
        logger.error("results not sent to the PACS after every attempt", metadata: ["id": .string(id), "attempts": .stringConvertible(attempts)])
        return false
    }
}
