import Foundation
import FundusImaging
import Testing
import Torch
@testable import RetinaServer

/// Thousands of random and mutated bodies: the server answers each with a
/// documented status (no 5xx but OVERLOADED), stays up, and stores exactly the
/// analyses it answered 200.
@Suite("Robustness")
struct RobustnessTests {
    @Test("2000 random and mutated bodies: no undocumented 5xx, and the store holds exactly the 200s")
    func fuzz() async throws {
        let fixture = try ServerFixture { configuration in
            configuration.maximumBodyBytes = 512 * 1024
            configuration.queueCapacity = 64
        }
        defer { fixture.cleanUp() }
        let generator = try RandomGenerator(seed: 77)
        let seeds: [[UInt8]] = [
            try SyntheticFundus(size: 96, seed: 1).draw().image.jpegData(quality: 80),
            try SyntheticFundus(size: 96, seed: 2).draw().image.pngData(),
            try SyntheticFundus(size: 80, seed: 3).draw().image.encoded(extension: ".bmp"),
        ]
        var bodies: [(body: [UInt8], type: String)] = []
        let randomBytes = try generator.uniforms(200_000).map { UInt8($0 * 255) }
        var cursor = 0
        func random(_ count: Int) -> [UInt8] {
            defer { cursor = (cursor + count) % (randomBytes.count - 5000) }
            return Array(randomBytes[cursor ..< cursor + min(count, 5000)])
        }
        for i in 0 ..< 2000 {
            let seed = seeds[i % seeds.count]
            let type = ["image/jpeg", "image/png", "image/bmp"][i % seeds.count]
            let pick = try generator.uniform()
            switch i % 8 {
            case 0: bodies.append((random(Int(pick * 3000)), type))                      // random bytes
            case 1: bodies.append((Array(seed.prefix(Int(pick * Double(seed.count)))), type))  // truncated
            case 2, 3:                                                                     // bit flips
                var flipped = seed
                for _ in 0 ..< 1 + Int(pick * 8) {
                    let at = Int(try generator.uniform() * Double(flipped.count - 1))
                    flipped[at] ^= UInt8(1 << Int(try generator.uniform() * 7.99))
                }
                bodies.append((flipped, type))
            case 4:                                                                        // base64 of mutated bytes
                var flipped = seed
                flipped[Int(pick * Double(flipped.count - 1))] ^= 0x40
                let json = "{\"image\": \"\(Data(flipped).base64EncodedString())\", \"tasks\": [\"quality\"]}"
                bodies.append((Array(json.utf8), "application/json"))
            case 5:                                                                        // hostile JSON
                let texts = ["{\"image\": 1e999999}", "{\"image\": [1,2,3]}", "{\"image\": \"\(String(repeating: "A", count: Int(pick * 999)))=\"}",
                             "{\"image\": null, \"tasks\": 123456789012345678901234567890}", "[]", "{\"tasks\": [\"quality\"]}",
                             "{\"image\": \"////\", \"explain\": \"yes\"}", "{\"image\": \"\(Data(random(64)).base64EncodedString())\"}"]
                bodies.append((Array(texts[i / 8 % texts.count].utf8), "application/json"))
            case 6: bodies.append((random(Int(pick * 400)), ["multipart/form-data; boundary=x", "text/plain", "application/json", "image/webp"][i / 8 % 4]))
            default: bodies.append((seed, type))                                           // a valid photograph
            }
        }
        let statuses = try await fixture.withClientStatuses(bodies)
        let answered = statuses.filter { $0 == 200 }.count
        let undocumented = statuses.filter { $0 >= 500 && $0 != 503 }
        print("robustness: \(statuses.count) requests, \(answered) answered 200, statuses \(Dictionary(grouping: statuses, by: { $0 }).mapValues(\.count))")
        #expect(undocumented.isEmpty)
        #expect(answered >= 250)
        #expect(try await fixture.service.store.count() == answered)
    }
}

extension ServerFixture {
    /// Sends every body (8 at a time, only the quality analysis, to keep the run short) and returns the statuses.
    func withClientStatuses(_ bodies: [(body: [UInt8], type: String)]) async throws -> [Int] {
        let box = StatusBox()
        try await withClient { client in
            var statuses: [Int] = []
            for start in stride(from: 0, to: bodies.count, by: 8) {
                let slice = bodies[start ..< min(start + 8, bodies.count)]
                let batch = try await withThrowingTaskGroup(of: Int.self) { group in
                    for entry in slice {
                        group.addTask { try await client.analyse(entry.body, contentType: entry.type, query: "?tasks=quality").status }
                    }
                    return try await group.reduce(into: [Int]()) { $0.append($1) }
                }
                statuses += batch
            }
            // Still up after all of it.
            let health = try await client.request("/healthz")
            #expect(health.status == 200)
            box.statuses = statuses
        }
        return box.statuses
    }
}

final class StatusBox: @unchecked Sendable { var statuses: [Int] = [] }
