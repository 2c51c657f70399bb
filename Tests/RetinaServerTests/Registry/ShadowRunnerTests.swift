import Foundation
@testable import RetinaServer
import Testing

@Suite("Shadow runs wait for a pause")
struct ShadowRunnerTests {
    @Test("The candidate's analysis starts only once the server has run no analysis for the quiet period")
    func waitsForQuiet() async throws {
        let fixture = try RegistryFixture()
        defer { fixture.cleanUp() }
        let shadow = fixture.shadow
        shadow.requests.enter()
        let waiting = Task { try await shadow.waitForQuiet(); return ContinuousClock.now }
        try await Task.sleep(for: .milliseconds(300))
        // A short analysis that begins and ends between two looks restarts the pause too.
        shadow.requests.enter()
        shadow.requests.leave()
        shadow.requests.leave()
        let idle = ContinuousClock.now
        let started = try await waiting.value
        #expect(started - idle >= shadow.quietPeriod, "\(started - idle)")
    }
}
