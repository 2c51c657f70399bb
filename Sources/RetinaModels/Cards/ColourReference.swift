import Foundation

/// The typical colour of the photographs a model learnt from: the median mean of each RGB
/// channel (0…1, inside the field of view) over its training photographs, read from the
/// reference profile that `ropscreen profile` writes beside its card. The quality gate maps a
/// photograph it would call "not a fundus" to these colours before judging it again, so that
/// another camera's colour cast is not taken for a missing fundus.
public struct ColourReference: Sendable, Equatable {
    /// Red, green, blue.
    public var means: [Double]

    public init(means: [Double]) { self.means = means }

    /// The reference profile's file name (RetinaMonitoring's `ReferenceProfile` writes it).
    public static let profileFileName = "reference-profile.json"

    /// The reference of the profile in `directory`, nil when there is none or it has no colour samples.
    public static func read(fromBundle directory: URL) throws -> ColourReference? {
        guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(profileFileName).path) else { return nil }
        let profile = try JSONDecoder().decode(Profile.self, from: data)
        let means = ["red_mean", "green_mean", "blue_mean"].compactMap { profile.numeric[$0].flatMap { median($0.sample) } }
        return means.count == 3 ? ColourReference(means: means) : nil
    }

    /// The part of the reference profile read here: each numeric feature's sample.
    private struct Profile: Decodable {
        struct Feature: Decodable { var sample: [Double] }
        var numeric: [String: Feature]
    }

    static func median(_ values: [Double]) -> Double? {
        let sorted = values.filter(\.isFinite).sorted()
        guard !sorted.isEmpty else { return nil }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
