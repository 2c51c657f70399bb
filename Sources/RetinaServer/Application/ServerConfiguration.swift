import Foundation
import FundusImaging
import RetinaAnalysis

/// Everything an operator can set, with defaults for one 2-core machine.
public struct ServerConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// SQLite database and stored photographs.
    public var dataDirectory = URL(fileURLWithPath: "ropscreen-data")
    /// Largest request body accepted (base64 makes a photograph a third larger).
    public var maximumBodyBytes = 32 * 1024 * 1024
    /// Largest photograph accepted, checked from its header before decoding.
    public var maximumPixels = DecodingLimits().maximumPixels
    /// Time a request may take, queueing included, before it is answered `TIMEOUT`.
    public var requestTimeout: Duration = .seconds(30)
    /// Requests waiting or running at once; more are answered `OVERLOADED`.
    public var queueCapacity = 32
    /// Photographs analysed together (the classifiers run them as one batch).
    public var maximumBatchSize = 4
    /// How long the first request of a batch waits for others.
    public var batchWait: Duration = .milliseconds(5)
    /// Batches analysed at once, each on its own thread. Two keep both cores busy
    /// under load: one analysis leaves gaps (decoding, biomarkers, encoding) that
    /// the other fills.
    public var workers = 2
    /// The diameter the field of view is scaled to for the vessel map (see `AnalysisOptions`).
    public var vesselFieldDiameter: Int? = AnalysisOptions().vesselFieldDiameter
    /// API keys accepted on `/v1`; none means open (bind to loopback then).
    public var apiKeys: Set<String> = []
    /// Keys that were valid and are not any more: answered 403 instead of 401.
    public var revokedKeys: Set<String> = []
    /// Photographs are removed this many days after their analysis (the reports stay); nil keeps them.
    public var imageRetentionDays: Int? = 30
    /// Where the bundled models are (nil: the usual search, see `ModelBundle.bundledRoot`).
    public var modelsDirectory: URL?
    /// Labelling: a signed-in session ends after this long without a request.
    public var sessionIdleTimeout: Duration = .seconds(30 * 60)
    /// Labelling: failed sign-ins of one account within `loginThrottleWindow` before it is refused for that window.
    public var loginAttemptLimit = 5
    public var loginThrottleWindow: Duration = .seconds(15 * 60)
    /// bcrypt's cost (log2 rounds): 12 takes about a quarter of a second per sign-in.
    public var passwordHashCost: UInt8 = 12
    /// Session cookies carry `Secure` (browsers still send them to http://localhost).
    public var secureCookies = true
    /// The folder whose manifests (the ../shared/data format) admins may import into
    /// labelling projects; nil refuses imports.
    public var importRoot: URL?
    /// Frames analysed from one DICOM object (one analysis each); an object with more is answered `IMAGE_TOO_LARGE`.
    public var maximumDICOMFrames = 16
    /// Instances accepted in one STOW-RS request.
    public var maximumSTOWInstances = 64
    /// DICOMweb root of the PACS that gets the results of DICOM analyses (secondary capture and
    /// SR, by STOW-RS to `<url>/studies`); nil sends nothing.
    public var pacsURL: URL?
    /// Tries per delivery to the PACS, the pause doubling from `pacsRetryDelay` after each failure.
    public var pacsAttempts = 5
    public var pacsRetryDelay: Duration = .seconds(2)
    /// The C-STORE listener for devices and PACS that speak DIMSE; nil listens for none.
    public var dimse: DIMSESettings?
    /// The hospital's namespace of patient IDs (FHIR `Identifier.system`); nil leaves it out.
    public var patientIdentifierSystem: String?
    /// Input profiles, drift and performance monitoring; nil turns it off (no profile is recorded).
    public var monitoring: MonitoringSettings? = MonitoringSettings()
    /// How long a server that was told to stop answers `/readyz` 503 before it closes.
    public var drainPeriod: Duration = .seconds(5)

    public init() {}

    public var decodingLimits: DecodingLimits { DecodingLimits(maximumPixels: maximumPixels) }
}
