import Foundation
import Testing
@testable import RetinaModels

@Suite("Colour reference of a bundle")
struct ColourReferenceTests {
    @Test("The channel means' medians come from the bundle's reference profile; a bundle without one has none")
    func readsTheProfile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("colour-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try ColourReference.read(fromBundle: directory) == nil)
        let profile = #"{"numeric": {"red_mean": {"sample": [0.5, 0.1, 0.9]}, "green_mean": {"sample": [0.2, 0.4, 0.3, 0.1]}, "#
            + #""blue_mean": {"sample": [0.05]}, "width": {"sample": [640]}}, "version": 1}"#
        try Data(profile.utf8).write(to: directory.appendingPathComponent(ColourReference.profileFileName))
        #expect(try ColourReference.read(fromBundle: directory) == ColourReference(means: [0.5, 0.25, 0.05]))
    }
}
