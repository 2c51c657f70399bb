import CDICOMNetwork
import Foundation
import Logging
import ServiceLifecycle

/// The C-STORE service class provider: devices and PACS that speak DIMSE rather
/// than DICOMweb push objects, and each is analysed as STOW-RS would analyse it
/// (every frame, identifiers kept apart, results to the PACS when one is configured).
/// The C-STORE response tells the sender how it went: success once the reports are
/// stored, otherwise a failure status whose Error Comment starts with the named
/// error (`NOT_A_FUNDUS: …`, `INVALID_DICOM: …`), so nothing is lost silently.
///
/// DCMTK's listener (behind `CDICOMNetwork`) runs on a thread of its own and serves
/// one association at a time; each object waits in a spool file under the data
/// directory only while it is analysed.
public final class DIMSEListener: Service, @unchecked Sendable {
    public let settings: DIMSESettings
    let service: AnalysisService
    let spool: URL
    private let logger: Logger
    private let state = NSLock()
    private var listener: OpaquePointer?

    public init(settings: DIMSESettings, service: AnalysisService) {
        self.settings = settings
        self.service = service
        self.spool = service.configuration.dataDirectory.appendingPathComponent("dimse-spool")
        self.logger = service.logger
    }

    /// A failure to create or bind the listener.
    public struct ListenError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Whether the port is open and associations are taken.
    public var isListening: Bool { state.withLock { listener != nil } }

    /// Associations served so far.
    public var associations: UInt64 {
        state.withLock { listener.map { rs_dimse_listener_associations($0) } ?? 0 }
    }

    public func run() async throws {
        try FileManager.default.createDirectory(at: spool, withIntermediateDirectories: true)
        let context = Unmanaged.passUnretained(self).toOpaque()
        var message = [CChar](repeating: 0, count: 512)
        let created: OpaquePointer? = settings.aeTitle.withCString { title in
            spool.path.withCString { directory in
                var options = rs_dimse_listener_options(
                    port: UInt16(settings.port), ae_title: title, spool_directory: directory,
                    maximum_object_bytes: UInt64(settings.maximumObjectBytes), maximum_pdu_bytes: UInt32(settings.maximumPDUBytes),
                    timeout_seconds: UInt32(settings.timeoutSeconds))
                return rs_dimse_listener_create(&options, Self.handleStore, context, &message, message.count)
            }
        }
        guard let created else { throw ListenError(description: "DICOM listener: \(Self.text(message))") }
        defer { rs_dimse_listener_free(created) }
        guard rs_dimse_listener_open(created, &message, message.count) == 0 else {
            throw ListenError(description: "DICOM listener cannot listen on port \(settings.port): \(Self.text(message))")
        }
        let handle = Handle(pointer: created)
        state.withLock { listener = created }
        defer { state.withLock { listener = nil } }
        logger.info("DICOM listener", metadata: ["port": .stringConvertible(settings.port), "aeTitle": .string(settings.aeTitle)])

        let outcome: (status: Int32, message: String) = await withGracefulShutdownHandler {
            await withTaskCancellationHandler {
                await withCheckedContinuation { continuation in
                    let thread = Thread {
                        var failure = [CChar](repeating: 0, count: 512)
                        let status = rs_dimse_listener_run(handle.pointer, &failure, failure.count)
                        continuation.resume(returning: (status, Self.text(failure)))
                    }
                    thread.name = "ropscreen-dimse"
                    thread.start()
                }
            } onCancel: {
                rs_dimse_listener_stop(handle.pointer)
            }
        } onGracefulShutdown: {
            rs_dimse_listener_stop(handle.pointer)
        }
        guard outcome.status == 0 else { throw ListenError(description: "DICOM listener stopped: \(outcome.message)") }
        logger.info("DICOM listener stopped")
    }

    /// The C listener, handed to the thread that runs it and to the stop handlers (its stop is thread-safe).
    private struct Handle: @unchecked Sendable { let pointer: OpaquePointer }

    /// A NUL-terminated message buffer as text.
    private static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// DCMTK's call for each received object, on the listener's thread.
    private static let handleStore: rs_dimse_store_handler = { context, path, callingAETitle, _, _, answer in
        guard let context, let path, let answer else { return }
        let listener = Unmanaged<DIMSEListener>.fromOpaque(context).takeUnretainedValue()
        let caller = callingAETitle.map { String(cString: $0).trimmingCharacters(in: .whitespaces) } ?? ""
        let (status, comment) = listener.answer(file: URL(fileURLWithPath: String(cString: path)), caller: caller)
        answer.pointee.status = status.rawValue
        withUnsafeMutableBytes(of: &answer.pointee.comment) { buffer in
            let bytes = Array(comment.utf8.prefix(buffer.count - 1))
            buffer.copyBytes(from: bytes)
            buffer[bytes.count] = 0
        }
    }

    /// Analyses one received object; blocks the listener's thread (never the cooperative pool) until it is answered.
    func answer(file: URL, caller: String) -> (DIMSEStatus, String) {
        guard let bytes = try? Data(contentsOf: file) else { return (.processingFailure, "the received object could not be read") }
        let outcome = OutcomeBox()
        let done = DispatchSemaphore(value: 0)
        let request = AnalysisRequest(image: [UInt8](bytes), container: .dicom, tasks: nil, explain: false, site: "dimse:\(caller)")
        Task {
            do throws(APIError) {
                outcome.set(.success(try await service.analyzeDICOM(request)))
            } catch {
                outcome.set(.failure(error))
            }
            done.signal()
        }
        done.wait()
        switch outcome.get() {
        case .success(let analysis)?:
            logger.info("DICOM object stored", metadata: ["analyses": .string(analysis.reports.map(\.id).joined(separator: ",")), "caller": .string(caller)])
            return (.success, "")
        case .failure(let error)?:
            logger.info("DICOM object refused", metadata: ["code": .string(error.code.rawValue), "caller": .string(caller)])
            return (DIMSEStatus(error.code), "\(error.code.rawValue): \(error.message)")
        case nil:
            return (.processingFailure, "INTERNAL_ERROR: the object was not answered")
        }
    }

    /// The outcome of one analysis, handed from its task to the listener's thread.
    private final class OutcomeBox: @unchecked Sendable {
        private let lock = NSLock()
        private var value: Result<DICOMAnalysis, APIError>?
        func set(_ outcome: Result<DICOMAnalysis, APIError>) { lock.withLock { value = outcome } }
        func get() -> Result<DICOMAnalysis, APIError>? { lock.withLock { value } }
    }
}
