import Foundation
import FundusImaging
import HummingbirdBcrypt
import Logging
import RetinaAnalysis
import RetinaAnnotation
import RetinaData
import RetinaMonitoring
import RetinaStore

/// The labelling platform: accounts and sessions, projects imported from manifests
/// with the models' drafts, blind labelling, adjudication, agreement, pairwise
/// severity and export. Every rule of who may see or change what is checked here,
/// so the routes only translate HTTP.
public final class AnnotationService: Sendable {
    public let repository: any AnnotationRepository
    let pipeline: AnalysisPipeline
    let configuration: ServerConfiguration
    let logger: Logger
    /// The time, replaceable in tests of idle expiry and throttling.
    let now: @Sendable () -> Date
    /// Where adjudicated references become monitoring's confirmations of stored analyses.
    let analyses: AnalysisService?

    public init(repository: any AnnotationRepository, pipeline: AnalysisPipeline, configuration: ServerConfiguration, logger: Logger,
                analyses: AnalysisService? = nil, now: @escaping @Sendable () -> Date = Date.init) {
        self.analyses = analyses
        self.repository = repository
        self.pipeline = pipeline
        self.configuration = configuration
        self.logger = logger
        self.now = now
    }

    var nowMs: Int64 { Int64(now().timeIntervalSince1970 * 1000) }

    // MARK: Accounts and sessions

    /// Checks the password (slowly, with bcrypt) unless the account is throttled, and opens a session.
    public func signIn(username: String, password: String) async throws -> (user: SignedInUser, token: String) {
        let windowStart = nowMs - Int64(configuration.loginThrottleWindow.components.seconds * 1000)
        guard try await repository.failedLogins(username: username, sinceMs: windowStart) < configuration.loginAttemptLimit else {
            throw APIError(.tooManyAttempts, "too many failed sign-ins for this account; try again later")
        }
        let account = try await repository.user(named: username)
        // Verify against a dummy hash when the account does not exist, so the answer takes as long either way.
        let valid = Bcrypt.verify(password, hash: account?.passwordHash ?? Self.dummyHash) && account != nil
        try await repository.recordLoginAttempt(username: username, succeeded: valid, atMs: nowMs)
        guard valid, let account else {
            logger.info("sign-in refused")
            throw APIError(.unauthorized, "the name or the password is wrong")
        }
        let token = SessionCookie.newToken()
        let session = UserSession(tokenHash: SessionCookie.hash(token), username: account.username, csrfToken: SessionCookie.newToken(),
                                  createdAtMs: nowMs, lastSeenAtMs: nowMs)
        try await repository.createSession(session)
        return (SignedInUser(username: account.username, role: account.role, csrfToken: session.csrfToken, tokenHash: session.tokenHash), token)
    }

    static let dummyHash = Bcrypt.hash("not a password", cost: 4)

    /// The signed-in account of a request, its session renewed; `UNAUTHORIZED` without a
    /// live session. State-changing requests must also echo the session's CSRF token.
    public func signedInUser(cookieToken: String?, csrfHeader: String?, changesState: Bool) async throws -> SignedInUser {
        guard let cookieToken, let session = try await repository.session(tokenHash: SessionCookie.hash(cookieToken)) else {
            throw APIError(.unauthorized, "sign in first")
        }
        let idleMs = Int64(configuration.sessionIdleTimeout.components.seconds * 1000)
        guard nowMs - session.lastSeenAtMs <= idleMs else {
            try await repository.deleteSession(tokenHash: session.tokenHash)
            throw APIError(.unauthorized, "the session expired; sign in again")
        }
        guard let account = try await repository.user(named: session.username) else {
            throw APIError(.unauthorized, "the account no longer exists")
        }
        if changesState {
            guard let csrfHeader, Self.constantTimeEqual(csrfHeader, session.csrfToken) else {
                throw APIError(.forbidden, "the request lacks this session's CSRF token (X-CSRF-Token)")
            }
        }
        if nowMs - session.lastSeenAtMs > 1000 { try await repository.touchSession(tokenHash: session.tokenHash, atMs: nowMs) }
        return SignedInUser(username: account.username, role: account.role, csrfToken: session.csrfToken, tokenHash: session.tokenHash)
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    public func signOut(_ user: SignedInUser) async throws {
        try await repository.deleteSession(tokenHash: user.tokenHash)
    }

    public func createUser(by admin: SignedInUser, username: String, password: String, role: AnnotationRole) async throws {
        try Self.require(admin, .admin)
        guard username.range(of: #"^[A-Za-z0-9._-]{1,64}$"#, options: .regularExpression) != nil else {
            throw APIError(.invalidParameter, "a user name is 1–64 letters, digits, '.', '_' or '-'")
        }
        guard password.utf8.count >= 12, password.utf8.count <= 72 else {
            throw APIError(.invalidParameter, "a password has 12–72 bytes")
        }
        guard try await repository.user(named: username) == nil else { throw APIError(.conflict, "the user '\(username)' exists") }
        let hash = Bcrypt.hash(password, cost: configuration.passwordHashCost)
        try await repository.createUser(UserAccount(username: username, passwordHash: hash, role: role, createdAtMs: nowMs), actor: admin.username)
    }

    public func setRole(by admin: SignedInUser, username: String, role: AnnotationRole) async throws {
        try Self.require(admin, .admin)
        do {
            try await repository.setRole(role, of: username, actor: admin.username, atMs: nowMs)
        } catch let error as StoreError {
            throw APIError(.notFound, error.description)
        }
    }

    public func users(by admin: SignedInUser) async throws -> [UserAccount] {
        try Self.require(admin, .admin)
        return try await repository.users()
    }

    static func require(_ user: SignedInUser, _ roles: AnnotationRole...) throws {
        guard roles.contains(user.role) else { throw APIError(.forbidden, "this needs the role \(roles.map(\.rawValue).joined(separator: " or "))") }
    }

    // MARK: Projects

    /// A new project over the photographs of `source` (under the import root), each given
    /// blind to `annotatorsPerPhotograph` of its annotators and drafted by the models. The
    /// schema is ICROP3 unless the project brings its own; drafts fill only the fields it has.
    public func createProject(by admin: SignedInUser, name: String, members: [String], annotatorsPerPhotograph: Int,
                              source: ProjectSource, limit: Int?, schema: LabelSchema = .icrop3) async throws -> AnnotationProject {
        try Self.require(admin, .admin)
        guard let root = configuration.importRoot else { throw APIError(.forbidden, "this server imports no photographs (serve --import-root)") }
        var annotators: [AnnotatorID] = []
        for member in Set(members).sorted() {
            guard let account = try await repository.user(named: member) else { throw APIError(.invalidParameter, "no user '\(member)'") }
            if account.role == .annotator { annotators.append(AnnotatorID(member)) }
        }
        let assignment: BlindAssignment
        do { assignment = try BlindAssignment(annotatorsPerPhotograph: annotatorsPerPhotograph, seed: 1) } catch {
            throw APIError(.invalidParameter, "\(error)")
        }
        guard annotators.count >= annotatorsPerPhotograph else {
            throw APIError(.invalidParameter, "\(annotatorsPerPhotograph) annotators per photograph, but the project has \(annotators.count)")
        }
        let id = UUID().uuidString.lowercased()
        let project = AnnotationProject(id: id, name: name, schema: schema, annotatorsPerPhotograph: annotatorsPerPhotograph, createdAtMs: nowMs)
        var photographs: [ProjectPhotograph] = []
        for (position, item) in try source.items(root: root, schema: project.schema, limit: limit).enumerated() {
            let bytes = try [UInt8](Data(contentsOf: item.image))
            let photo: FundusImage
            do { photo = try FundusImage.decode(bytes, limits: configuration.decodingLimits) } catch {
                throw APIError(.corruptImage, "\(item.relativePath): \(error)")
            }
            let sha = try await repository.storeProjectImage(bytes)
            var draft = item.priorLabels
            var (layers, hints): ([String: String], [String: String]) = ([:], [:])
            if let report = try? pipeline.analyze(photo, options: AnalysisOptions(tasks: AnnotationDraft.tasks)).report {
                draft.merge(AnnotationDraft.labels(from: report)) { prior, _ in prior }
                for (name, png) in AnnotationDraft.layers(from: report) { layers[name] = try await repository.storeProjectImage(png) }
                hints = AnnotationDraft.hints(from: report)
            }
            draft = draft.filter { schema.field(named: $0.key) != nil }
            photographs.append(ProjectPhotograph(id: "\(id)-\(position)", projectID: id, position: position, imagePath: item.relativePath,
                                                 imageSHA256: sha, width: photo.size.width, height: photo.size.height, split: item.split,
                                                 sourceColumns: item.sourceColumns, draft: draft, layers: layers, hints: hints))
        }
        guard !photographs.isEmpty else { throw APIError(.invalidParameter, "the source has no photographs") }
        let assigned: [PhotographAssignment]
        do { assigned = try assignment.assign(photographs.map { PhotographID($0.id) }, to: annotators) } catch {
            throw APIError(.invalidParameter, "\(error)")
        }
        try await repository.createProject(project, members: members, actor: admin.username)
        try await repository.addPhotographs(photographs, assignments: assigned.flatMap { a in
            a.annotators.map { PhotographAssignmentRecord(photographID: a.photograph.rawValue, username: $0.rawValue) }
        }, actor: admin.username, atMs: nowMs)
        return project
    }

    public func projects(for user: SignedInUser) async throws -> [AnnotationProject] {
        try await repository.projects(of: user.username)
    }

    /// The project, when the user is one of its members; `NOT_FOUND` otherwise (an id
    /// guessed by someone outside the project tells them nothing).
    public func project(_ id: String, for user: SignedInUser) async throws -> AnnotationProject {
        guard let project = try await repository.project(id: id), try await repository.members(of: id).contains(user.username) else {
            throw APIError(.notFound, "no project '\(id)'")
        }
        return project
    }

    /// A photograph of a project the user may open: assigned to them, or any for an adjudicator.
    func photograph(_ photographID: String, of project: AnnotationProject, for user: SignedInUser) async throws -> ProjectPhotograph {
        guard let photograph = try await repository.photograph(id: photographID), photograph.projectID == project.id else {
            throw APIError(.notFound, "no photograph '\(photographID)'")
        }
        if user.role == .annotator, !(try await repository.assignees(of: photographID)).contains(user.username) {
            throw APIError(.notFound, "no photograph '\(photographID)'")
        }
        return photograph
    }

    /// The photographs to label, in order: an annotator's own (with their labels so far and
    /// the models' draft), or every photograph for an adjudicator.
    public func queue(_ projectID: String, for user: SignedInUser) async throws -> [QueueEntry] {
        let project = try await project(projectID, for: user)
        let photographs = try await repository.photographs(of: project.id)
        let mine: Set<String> = user.role == .annotator
            ? Set(try await repository.assignments(of: project.id).filter { $0.username == user.username }.map(\.photographID)) : []
        let labelled = Dictionary(grouping: try await repository.annotations(inProject: project.id), by: \.photographID)
        return photographs.filter { user.role != .annotator || mine.contains($0.id) }.map { photograph in
            let own = labelled[photograph.id]?.first { $0.username == user.username }
            return QueueEntry(photograph: photograph.id, position: photograph.position, width: photograph.width, height: photograph.height,
                              draft: photograph.draft, labels: own?.labels, labelled: own != nil, layers: photograph.layers.keys.sorted(),
                              hints: photograph.hints)
        }
    }

    /// The photograph's bytes, or with `layer` one of the models' maps of it (PNG).
    public func image(project projectID: String, photograph photographID: String, layer: String? = nil, for user: SignedInUser) async throws -> [UInt8] {
        let project = try await project(projectID, for: user)
        let photograph = try await photograph(photographID, of: project, for: user)
        let hash: String
        if let layer {
            guard let layerHash = photograph.layers[layer] else { throw APIError(.notFound, "the photograph has no layer '\(layer)'") }
            hash = layerHash
        } else {
            hash = photograph.imageSHA256
        }
        guard let bytes = try await repository.projectImage(sha256: hash) else { throw APIError(.notFound, "the file is missing") }
        return bytes
    }

    /// Saves an annotator's labels of an assigned photograph, checked against the schema.
    public func saveAnnotation(project projectID: String, photograph photographID: String, labels: [String: LabelValue],
                               by user: SignedInUser) async throws -> StoredAnnotation {
        try Self.require(user, .annotator)
        let project = try await project(projectID, for: user)
        let photograph = try await photograph(photographID, of: project, for: user)
        let annotation = Annotation(photograph: PhotographID(photographID), annotator: user.annotator, labels: labels)
        do {
            try project.schema.validate(annotation, imageSize: ImageSize(width: photograph.width, height: photograph.height))
        } catch {
            throw APIError(.invalidLabel, "\(error)")
        }
        let accepted = photograph.draft.filter { labels[$0.key] == $0.value }.keys.sorted()
        let stored = StoredAnnotation(photographID: photographID, username: user.username, labels: labels, acceptedDraftFields: accepted,
                                      updatedAtMs: nowMs)
        try await repository.saveAnnotation(stored, actor: user.username)
        await confirmIfAgreed(photograph, schema: project.schema)
        return stored
    }

    /// When every assignee of the photograph has labelled it and they agree on every field (no
    /// adjudication needed), their common labels confirm its analysis as an adjudicated reference would.
    func confirmIfAgreed(_ photograph: ProjectPhotograph, schema: LabelSchema) async {
        guard analyses?.monitor != nil else { return }
        do {
            guard try await repository.reference(of: photograph.id) == nil else { return }
            let assignees = Set(try await repository.assignees(of: photograph.id))
            let annotations = try await repository.annotations(of: photograph.id)
            guard !assignees.isEmpty, Set(annotations.map(\.username)) == assignees else { return }
            let adjudication = Adjudication(schema: schema)
            let labelled = annotations.map(\.annotation)
            guard try adjudication.disagreements(among: labelled).isEmpty else { return }
            await confirmAnalysis(of: photograph, with: try adjudication.reference(for: labelled))
        } catch {
            logger.warning("agreed labels could not confirm their analysis", metadata: ["photograph": .string(photograph.id), "error": .string("\(error)")])
        }
    }

    /// The labels of a photograph the user may see (blind: an annotator sees only their
    /// own until the photograph is adjudicated), and its reference when there is one.
    public func labels(project projectID: String, photograph photographID: String, for user: SignedInUser) async throws
        -> (annotations: [StoredAnnotation], reference: ReferenceLabel?) {
        let project = try await project(projectID, for: user)
        _ = try await photograph(photographID, of: project, for: user)
        let reference = try await repository.reference(of: photographID)
        let visibility = LabelVisibility(assignees: Set(try await repository.assignees(of: photographID).map { AnnotatorID($0) }),
                                         isAdjudicated: reference != nil)
        let visible = try await repository.annotations(of: photographID).filter { annotation in
            visibility.mayView(LabelVisibility.Label.annotation(by: AnnotatorID(annotation.username)), viewer: user.annotator, role: user.role)
        }
        let referenceVisible = visibility.mayView(LabelVisibility.Label.reference, viewer: user.annotator, role: user.role)
        return (visible, referenceVisible ? reference?.reference : nil)
    }

    /// Photographs every assigned annotator has labelled and that disagree somewhere, not yet adjudicated.
    public func adjudicationQueue(_ projectID: String, for user: SignedInUser) async throws -> [AdjudicationQueueItem] {
        try Self.require(user, .adjudicator, .admin)
        let project = try await project(projectID, for: user)
        let complete = try await completeAnnotations(of: project)
        let adjudicated = Set(try await repository.references(inProject: project.id).map(\.photographID))
        do {
            return try Adjudication(schema: project.schema).queue(complete.filter { !adjudicated.contains($0.key) }.sorted { $0.key < $1.key }
                .flatMap(\.value))
        } catch {
            throw APIError(.internalError, "\(error)")
        }
    }

    /// The annotations of each photograph that every assignee has labelled.
    func completeAnnotations(of project: AnnotationProject) async throws -> [String: [Annotation]] {
        let assignees = Dictionary(grouping: try await repository.assignments(of: project.id), by: \.photographID).mapValues { Set($0.map(\.username)) }
        let labelled = Dictionary(grouping: try await repository.annotations(inProject: project.id), by: \.photographID)
        return labelled.filter { Set($0.value.map(\.username)) == assignees[$0.key] }.mapValues { $0.map(\.annotation) }
    }

    /// The adjudicator's decisions on the disagreeing fields build the reference, with provenance.
    public func adjudicate(project projectID: String, photograph photographID: String, decisions: [String: LabelValue?],
                           by user: SignedInUser) async throws -> ReferenceLabel {
        try Self.require(user, .adjudicator)
        let project = try await project(projectID, for: user)
        let photograph = try await photograph(photographID, of: project, for: user)
        guard let annotations = try await completeAnnotations(of: project)[photographID] else {
            throw APIError(.conflict, "not every assigned annotator has labelled this photograph yet")
        }
        let size = ImageSize(width: photograph.width, height: photograph.height)
        for case let (field, value?) in decisions {
            do { try project.schema.validate(value, forField: field, imageSize: size) } catch { throw APIError(.invalidLabel, "\(error)") }
        }
        let reference: ReferenceLabel
        do {
            reference = try Adjudication(schema: project.schema).reference(for: annotations, decisions: decisions.map {
                AdjudicationDecision(photograph: PhotographID(photographID), field: $0.key, value: $0.value, adjudicator: user.annotator)
            })
        } catch {
            throw APIError(.invalidLabel, "\(error)")
        }
        try await repository.saveReference(StoredReference(photographID: photographID, reference: reference, updatedAtMs: nowMs), actor: user.username)
        await confirmAnalysis(of: photograph, with: reference)
        return reference
    }

    /// Hands a reference (adjudicated, or agreed by all) to monitoring as the doctors' confirmation of the newest
    /// stored analysis of the same photograph (the same bytes), when there is one. A failure is
    /// logged and never undoes the reference, which is saved already.
    func confirmAnalysis(of photograph: ProjectPhotograph, with reference: ReferenceLabel) async {
        guard let analyses, analyses.monitor != nil else { return }
        let feedback = DoctorFeedback(reference: reference.labels)
        guard !feedback.isEmpty else { return }
        do {
            guard let analysis = try await analyses.store.latestAnalysis(imageSHA256: photograph.imageSHA256) else { return }
            _ = try await analyses.confirm(analysisID: analysis.id, feedback: feedback, at: now())
            logger.info("a reference confirmed an analysis", metadata: ["analysis": .string(analysis.id), "photograph": .string(photograph.id)])
        } catch {
            logger.warning("a reference could not confirm its analysis", metadata: ["photograph": .string(photograph.id), "error": .string("\(error)")])
        }
    }

    /// The reference of every photograph that has one: adjudicated, or agreed by all its annotators.
    /// How many photographs of the projects with these ids have a reference, adjudicated or
    /// agreed by every annotator (what a snapshot of them holds); an unknown id counts none.
    public func referenceCount(inProjects ids: [String]) async throws -> Int {
        var count = 0
        for id in ids {
            guard let project = try await repository.project(id: id) else { continue }
            count += try await references(of: project).count
        }
        return count
    }

    func references(of project: AnnotationProject) async throws -> [String: ReferenceLabel] {
        var references = Dictionary(uniqueKeysWithValues: try await repository.references(inProject: project.id).map { ($0.photographID, $0.reference) })
        let adjudication = Adjudication(schema: project.schema)
        for (photographID, annotations) in try await completeAnnotations(of: project) where references[photographID] == nil {
            if (try? adjudication.disagreements(among: annotations).isEmpty) == true, let reference = try? adjudication.reference(for: annotations) {
                references[photographID] = reference
            }
        }
        return references
    }

    public func agreement(_ projectID: String, for user: SignedInUser) async throws -> AgreementReport {
        try Self.require(user, .adjudicator, .admin)
        let project = try await project(projectID, for: user)
        let annotations = try await repository.annotations(inProject: project.id).map(\.annotation)
        return AgreementReport(schema: project.schema, annotations: annotations, references: Array(try await references(of: project).values))
    }

    /// How often each drafted field was kept as the models proposed it.
    public func draftAcceptance(_ projectID: String, for user: SignedInUser) async throws -> [String: DraftAcceptance] {
        try Self.require(user, .adjudicator, .admin)
        let project = try await project(projectID, for: user)
        let drafts = Dictionary(uniqueKeysWithValues: try await repository.photographs(of: project.id).map { ($0.id, $0.draft) })
        var acceptance: [String: DraftAcceptance] = [:]
        for annotation in try await repository.annotations(inProject: project.id) {
            for field in (drafts[annotation.photographID] ?? [:]).keys {
                acceptance[field, default: DraftAcceptance()].drafted += 1
                if annotation.acceptedDraftFields.contains(field) { acceptance[field, default: DraftAcceptance()].acceptedUnchanged += 1 }
            }
        }
        return acceptance
    }

    /// The references as a manifest (the ../shared/data format), LabelMe JSON (one document per photograph, in a JSON array) or COCO JSON.
    public func export(_ projectID: String, format: ExportFormat, for user: SignedInUser) async throws -> (contentType: String, body: Data) {
        try Self.require(user, .adjudicator, .admin)
        let project = try await project(projectID, for: user)
        let references = try await references(of: project)
        let labelled = try await repository.photographs(of: project.id).compactMap { photograph in
            references[photograph.id].map {
                LabelledPhotograph(reference: $0, imagePath: photograph.imagePath, imageSize: ImageSize(width: photograph.width, height: photograph.height),
                                   split: photograph.split, sourceColumns: photograph.sourceColumns)
            }
        }
        do {
            switch format {
            case .manifest:
                return ("text/csv; charset=utf-8", Data(try ManifestExport(schema: project.schema).csv(for: labelled).utf8))
            case .labelme:
                let documents = try labelled.map { try JSONSerialization.jsonObject(with: LabelMeExport(schema: project.schema).json(for: $0)) }
                return ("application/json", try JSONSerialization.data(withJSONObject: documents, options: [.sortedKeys]))
            case .coco:
                return ("application/json", try COCOExport(schema: project.schema, info: .init(description: project.name, dateCreated: now())).json(for: labelled))
            }
        } catch {
            throw APIError(.internalError, "the export failed: \(error)")
        }
    }

    // MARK: Pairwise severity

    public func severity(_ projectID: String, for user: SignedInUser) async throws -> (fit: BradleyTerryFit, comparisons: Int) {
        let project = try await project(projectID, for: user)
        let comparisons = try await repository.comparisons(inProject: project.id)
        let photographs = try await repository.photographs(of: project.id).map { PhotographID($0.id) }
        do {
            let fit = try BradleyTerry().fit(comparisons.map { PairwiseComparison(winner: PhotographID($0.winnerID), loser: PhotographID($0.loserID)) },
                                             photographs: photographs)
            return (fit, comparisons.count)
        } catch {
            throw APIError(.conflict, "\(error)")
        }
    }

    /// The most informative pair to compare next.
    public func nextPair(_ projectID: String, for user: SignedInUser) async throws -> PhotographPair? {
        try Self.require(user, .adjudicator, .annotator)
        let last = try await repository.comparisons(inProject: projectID).last.map { PhotographPair(PhotographID($0.winnerID), PhotographID($0.loserID)) }
        return try await severity(projectID, for: user).fit.nextPair(after: last)
    }

    public func compare(_ projectID: String, winner: String, loser: String, by user: SignedInUser) async throws {
        try Self.require(user, .adjudicator, .annotator)
        let project = try await project(projectID, for: user)
        let ids = Set(try await repository.photographs(of: project.id).map(\.id))
        guard winner != loser, ids.contains(winner), ids.contains(loser) else {
            throw APIError(.invalidParameter, "winner and loser must be two photographs of the project")
        }
        try await repository.addComparison(StoredComparison(projectID: project.id, winnerID: winner, loserID: loser, username: user.username, atMs: nowMs))
    }
}

/// One photograph of a labelling queue.
public struct QueueEntry: Codable, Sendable, Equatable {
    public var photograph: String
    public var position: Int
    public var width: Int
    public var height: Int
    public var draft: [String: LabelValue]
    public var labels: [String: LabelValue]?
    public var labelled: Bool
    /// The models' maps the page may lay under the labels (`vessels`, `ridge`).
    public var layers: [String]
    /// What the models found that no label holds (the ROP finding), shown beside the labels.
    public var hints: [String: String]
}

/// Of the annotations whose photograph the models drafted a field for, how many kept it unchanged.
public struct DraftAcceptance: Codable, Sendable, Equatable {
    public var drafted = 0
    public var acceptedUnchanged = 0
}

/// The export formats of a project's references.
public enum ExportFormat: String, Sendable, CaseIterable {
    case manifest, labelme, coco
}
