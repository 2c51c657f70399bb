import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import FundusImaging
import RetinaStore
import Testing

/// `ropscreen serve` as a process, killed with SIGKILL in the middle of a burst of
/// label saves: after a restart every save the server acknowledged is there, and the
/// audit chain still verifies.
@Suite("Label durability", .serialized)
struct LabelDurabilityTests {
    static let binary = RopscreenProcess.binary
    static let password = "a long password for tests"

    /// A signed-in client of one server.
    struct Client: Sendable {
        let base: String
        let cookie: String
        let csrf: String

        static func signIn(_ base: String, _ username: String) async throws -> Client {
            let (data, response) = try await send(base + "/v1/annotation/login", method: "POST", headers: [:],
                                                  body: ["username": username, "password": LabelDurabilityTests.password])
            let cookie = try #require((response.value(forHTTPHeaderField: "Set-Cookie"))?.split(separator: ";").first.map(String.init))
            let csrf = try #require((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["csrfToken"] as? String)
            return Client(base: base, cookie: cookie, csrf: csrf)
        }

        func request(_ path: String, method: String = "GET", body: Any? = nil) async throws -> (Data, HTTPURLResponse) {
            try await Self.send(base + path, method: method, headers: ["Cookie": cookie, "X-CSRF-Token": csrf], body: body)
        }

        static func send(_ url: String, method: String, headers: [String: String], body: Any?) async throws -> (Data, HTTPURLResponse) {
            var request = URLRequest(url: URL(string: url)!)
            request.httpMethod = method
            for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
            if let body {
                request.setValue("application/json", forHTTPHeaderField: "Content-Type")
                request.httpBody = try JSONSerialization.data(withJSONObject: body)
            }
            let (data, response) = try await URLSession.shared.data(for: request)
            return (data, try #require(response as? HTTPURLResponse))
        }
    }

    func run(_ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(["ROPSCREEN_PASSWORD": Self.password]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test("SIGKILL during a burst of label saves loses no acknowledged save, and the audit chain verifies")
    func killDuringSaves() async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binary.path) else {
            print("skipped: \(Self.binary.path) is not built (swift build builds it)")
            return
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("durability-\(UUID())")
        defer { try? FileManager.default.removeItem(at: work) }
        let (data, importRoot) = (work.appendingPathComponent("data"), work.appendingPathComponent("import"))
        try FileManager.default.createDirectory(at: importRoot, withIntermediateDirectories: true)
        for i in 0 ..< 4 {
            try Data(try SyntheticFundus(size: 96, seed: UInt64(i + 7)).draw().image.pngData()).write(to: importRoot.appendingPathComponent("\(i).png"))
        }
        for (name, role) in [("root", "admin"), ("ann", "annotator")] {
            #expect(try run(["user", "add", name, "--role", role, "--data-dir", data.path, "--cost", "4"]) == 0)
        }
        let port = Int.random(in: 20000 ..< 40000)
        let first = try RopscreenProcess.server(data: data, importRoot: importRoot, port: port)
        defer { first.kill() }
        try await first.waitUntilHealthy()
        let admin = try await Client.signIn(first.base, "root")
        let (created, createdResponse) = try await admin.request("/v1/annotation/projects", method: "POST",
                                                                 body: ["name": "burst", "members": ["ann"], "annotatorsPerPhotograph": 1, "folder": "."])
        #expect(createdResponse.statusCode == 201)
        let project = try #require((try JSONSerialization.jsonObject(with: created) as? [String: Any])?["id"] as? String)
        let ann = try await Client.signIn(first.base, "ann")
        let photographs = (0 ..< 4).map { "\(project)-\($0)" }

        // A burst of saves, 8 at a time; the server is killed once 60 are acknowledged.
        let acknowledged = Acknowledged()
        await withTaskGroup(of: Void.self) { group in
            for lane in 0 ..< 8 {
                group.addTask {
                    for i in stride(from: lane, to: 400, by: 8) {
                        let path = "/v1/annotation/projects/\(project)/photographs/\(photographs[i % 4])/annotation"
                        guard let (_, response) = try? await ann.request(path, method: "PUT",
                                                                         body: ["labels": ["stage": ["option": String(i % 6)], "note": ["note": "save \(i)"]]]) else { return }
                        if response.statusCode == 200, acknowledged.add(i) == 60 { first.kill() }
                    }
                }
            }
        }
        let saved = acknowledged.values
        #expect(saved.count >= 60, "the burst was acknowledged \(saved.count) times before the kill")

        let second = try RopscreenProcess.server(data: data, importRoot: importRoot, port: port + 1)
        defer { second.stop() }
        try await second.waitUntilHealthy()
        let store = try SQLiteStore(directory: data)
        let notes = Set(try await store.auditEntries().filter { $0.action == "annotation.save" }.compactMap { entry -> Int? in
            guard let after = entry.after, let range = after.range(of: #"save (\d+)"#, options: .regularExpression) else { return nil }
            return Int(after[range].dropFirst(5))
        })
        let lost = saved.subtracting(notes)
        #expect(lost.isEmpty, "acknowledged saves missing after the restart: \(lost.sorted())")
        #expect(try await store.verifyAuditTrail().isIntact)
        // The current labels of each photograph are one of the saves the trail records, and the restarted server serves them.
        let annAgain = try await Client.signIn(second.base, "ann")
        for photograph in photographs {
            let (body, response) = try await annAgain.request("/v1/annotation/projects/\(project)/photographs/\(photograph)/labels")
            #expect(response.statusCode == 200)
            let text = String(decoding: body, as: UTF8.self)
            if let range = text.range(of: #"save (\d+)"#, options: .regularExpression) {
                #expect(notes.contains(Int(text[range].dropFirst(5)) ?? -1))
            }
        }
        #expect(try run(["audit-trail", "verify", "--data-dir", data.path]) == 0)
        print("durability: \(saved.count) saves acknowledged before SIGKILL, \(notes.count) in the audit trail after the restart, none lost")
    }
}

/// The burst's acknowledged saves, from several tasks.
final class Acknowledged: @unchecked Sendable {
    private let lock = NSLock()
    private var set: Set<Int> = []
    /// Adds one and returns how many there are.
    func add(_ value: Int) -> Int { lock.withLock { set.insert(value); return set.count } }
    var values: Set<Int> { lock.withLock { set } }
}
