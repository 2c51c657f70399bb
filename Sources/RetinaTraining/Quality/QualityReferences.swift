import Foundation
import FundusImaging
import RetinaData
import Torch

/// The range of each image measure over gradable photographs: what a quality
/// report compares a photograph with when it gives its reasons.
public enum QualityReferences {
    /// The 2.5th to 97.5th percentile of every `ImageQualityMeasures` property
    /// over the photographs at `urls`.
    public static func measure(_ urls: [URL]) throws -> [String: ClosedRange<Double>] {
        var values: [String: [Double]] = [:]
        for url in urls {
            let measures = try ImageQualityMeasures.measure(Bitmap.decode([UInt8](Data(contentsOf: url))))
            for name in ImageQualityMeasures.names { values[name, default: []].append(measures[name] ?? .nan) }
        }
        return values.compactMapValues { list in
            let sorted = list.filter(\.isFinite).sorted()
            guard !sorted.isEmpty else { return nil }
            func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int(p * Double(sorted.count - 1)))] }
            return percentile(0.025) ... percentile(0.975)
        }
    }

    /// The gradable train photographs of a quality recipe: its manifests' rows
    /// labelled `good`, and every train row of its good manifests.
    public static func goodPhotographs(recipe: Recipe, dataRoot: URL) throws -> [URL] {
        var urls: [URL] = []
        for path in recipe.manifests {
            urls += try Manifest(contentsOf: dataRoot.appendingPathComponent(path)).rows(in: .train).filter { $0.quality == .good }.map(\.image)
        }
        for path in recipe.qualitySynthesis?.goodManifests ?? [] {
            urls += try Manifest(contentsOf: dataRoot.appendingPathComponent(path)).rows(in: .train).map(\.image)
        }
        return urls
    }
}
