import Foundation
import Hummingbird
import NIOCore
import RetinaAnnotation
import RetinaData
import RetinaStore

/// The labelling platform under `/v1/annotation`: signed in by session cookie (not
/// by API key), state-changing requests with the session's CSRF token.
enum AnnotationRoutes {
    static func add(to routes: inout DeclaredRouter, service: AnnotationService, configuration: ServerConfiguration) {
        let secure = configuration.secureCookies
        @Sendable func user(_ request: Request) async throws -> SignedInUser {
            try await service.signedInUser(cookieToken: SessionCookie.token(in: request.headers),
                                           csrfHeader: request.headers.first { $0.name.canonicalName == "x-csrf-token" }?.value,
                                           changesState: ![.get, .head].contains(request.method))
        }

        routes.post("/v1/annotation/login") { request, context in
            let body = try await decode(SignInRequest.self, from: request, context: context)
            let (user, token) = try await service.signIn(username: body.username, password: body.password)
            var response = try Response.encoded(SessionResponse(user))
            response.headers[.setCookie] = SessionCookie.setCookie(token, maxAge: configuration.sessionIdleTimeout * 16, secure: secure)
            return response
        }
        routes.get("/v1/annotation/session") { request, _ in try Response.encoded(SessionResponse(try await user(request))) }
        routes.post("/v1/annotation/logout") { request, _ in
            try await service.signOut(try await user(request))
            var response = Response(status: .noContent)
            response.headers[.setCookie] = SessionCookie.clearCookie(secure: secure)
            return response
        }
        routes.get("/v1/annotation/users") { request, _ in
            try Response.encoded(UserList(users: try await service.users(by: try await user(request)).map { .init(username: $0.username, role: $0.role) }))
        }
        routes.post("/v1/annotation/users") { request, context in
            let admin = try await user(request)
            let body = try await decode(NewUserRequest.self, from: request, context: context)
            try await service.createUser(by: admin, username: body.username, password: body.password, role: body.role)
            return Response(status: .created)
        }
        routes.put("/v1/annotation/users/{username}/role") { request, context in
            let admin = try await user(request)
            let body = try await decode(RoleRequest.self, from: request, context: context)
            try await service.setRole(by: admin, username: try context.parameters.require("username"), role: body.role)
            return Response(status: .noContent)
        }
        routes.get("/v1/annotation/projects") { request, _ in
            try Response.encoded(ProjectList(projects: try await service.projects(for: try await user(request)).map(ProjectSummary.init)))
        }
        routes.post("/v1/annotation/projects") { request, context in
            let admin = try await user(request)
            let body = try await decode(NewProjectRequest.self, from: request, context: context)
            let project = try await service.createProject(by: admin, name: body.name, members: body.members,
                                                          annotatorsPerPhotograph: body.annotatorsPerPhotograph, source: try body.source, limit: body.limit,
                                                          schema: body.schema ?? .icrop3)
            var response = try Response.encoded(ProjectSummary(project))
            response.status = .created
            return response
        }
        routes.get("/v1/annotation/projects/{project}") { request, context in
            try Response.encoded(ProjectDetail(try await service.project(try context.parameters.require("project"), for: try await user(request))))
        }
        routes.get("/v1/annotation/projects/{project}/queue") { request, context in
            try Response.encoded(QueueList(photographs: try await service.queue(try context.parameters.require("project"), for: try await user(request))))
        }
        routes.get("/v1/annotation/projects/{project}/photographs/{photograph}/image") { request, context in
            let bytes = try await service.image(project: try context.parameters.require("project"), photograph: try context.parameters.require("photograph"),
                                                for: try await user(request))
            return Response(status: .ok, headers: [.contentType: "application/octet-stream", .cacheControl: "private, max-age=3600"],
                            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        routes.get("/v1/annotation/projects/{project}/photographs/{photograph}/layers/{layer}") { request, context in
            let bytes = try await service.image(project: try context.parameters.require("project"), photograph: try context.parameters.require("photograph"),
                                                layer: try context.parameters.require("layer"), for: try await user(request))
            return Response(status: .ok, headers: [.contentType: "image/png", .cacheControl: "private, max-age=3600"],
                            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        routes.put("/v1/annotation/projects/{project}/photographs/{photograph}/annotation") { request, context in
            let annotator = try await user(request)
            let body = try await decode(LabelsRequest.self, from: request, context: context)
            let saved = try await service.saveAnnotation(project: try context.parameters.require("project"), photograph: try context.parameters.require("photograph"),
                                                         labels: body.labels, by: annotator)
            return try Response.encoded(LabelsRequest(labels: saved.labels))
        }
        routes.get("/v1/annotation/projects/{project}/photographs/{photograph}/labels") { request, context in
            let visible = try await service.labels(project: try context.parameters.require("project"), photograph: try context.parameters.require("photograph"),
                                                   for: try await user(request))
            return try Response.encoded(VisibleLabels(annotations: visible.annotations.map { .init(annotator: $0.username, labels: $0.labels) },
                                                      reference: visible.reference))
        }
        routes.get("/v1/annotation/projects/{project}/adjudication") { request, context in
            try Response.encoded(AdjudicationList(items: try await service.adjudicationQueue(try context.parameters.require("project"), for: try await user(request))))
        }
        routes.put("/v1/annotation/projects/{project}/photographs/{photograph}/reference") { request, context in
            let adjudicator = try await user(request)
            let body = try await decode(DecisionsRequest.self, from: request, context: context)
            let reference = try await service.adjudicate(project: try context.parameters.require("project"), photograph: try context.parameters.require("photograph"),
                                                         decisions: body.decisions, by: adjudicator)
            return try Response.encoded(reference)
        }
        routes.get("/v1/annotation/projects/{project}/agreement") { request, context in
            let projectID = try context.parameters.require("project")
            let signedIn = try await user(request)
            return try Response.encoded(AgreementResponse(agreement: try await service.agreement(projectID, for: signedIn),
                                                          draftAcceptance: try await service.draftAcceptance(projectID, for: signedIn)))
        }
        routes.get("/v1/annotation/projects/{project}/export") { request, context in
            let name = request.uri.queryParameters["format"].map(String.init) ?? "manifest"
            guard let format = ExportFormat(rawValue: name) else {
                throw APIError(.invalidParameter, "format must be \(ExportFormat.allCases.map(\.rawValue).joined(separator: ", ")), got '\(name)'")
            }
            let export = try await service.export(try context.parameters.require("project"), format: format, for: try await user(request))
            return Response(status: .ok, headers: [.contentType: export.contentType], body: .init(byteBuffer: ByteBuffer(bytes: export.body)))
        }
        routes.get("/v1/annotation/projects/{project}/pairs/next") { request, context in
            let pair = try await service.nextPair(try context.parameters.require("project"), for: try await user(request))
            return try Response.encoded(NextPair(first: pair?.first.rawValue, second: pair?.second.rawValue))
        }
        routes.post("/v1/annotation/projects/{project}/comparisons") { request, context in
            let judge = try await user(request)
            let body = try await decode(ComparisonRequest.self, from: request, context: context)
            try await service.compare(try context.parameters.require("project"), winner: body.winner, loser: body.loser, by: judge)
            return Response(status: .created)
        }
        routes.get("/v1/annotation/projects/{project}/severity") { request, context in
            let (fit, count) = try await service.severity(try context.parameters.require("project"), for: try await user(request))
            return try Response.encoded(SeverityList(comparisons: count, photographs: fit.ranking.compactMap { id in
                fit.scores[id].map { .init(photograph: id.rawValue, score: $0.score, standardError: $0.standardError) }
            }))
        }
    }

    /// A JSON body of at most 16 MiB (a label set with masks), `INVALID_JSON` when it does not decode.
    /// `members`: the body's own members, which the document gives no null value: an explicit
    /// null there is refused, not read as absent (a member the body does not know is ignored).
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, context: BasicRequestContext, members: Set<String> = []) async throws -> T {
        var request = request
        let body = Data(buffer: try await request.collectBody(upTo: 16 * 1024 * 1024))
        if !members.isEmpty, let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
           let member = object.first(where: { members.contains($0.key) && $0.value is NSNull })?.key {
            throw APIError(.invalidJSON, "'\(member)' is null; leave it out instead")
        }
        do {
            return try JSONDecoder().decode(T.self, from: body)
        } catch {
            throw APIError(.invalidJSON, "the body is not the JSON this call takes: \(error)")
        }
    }
}
