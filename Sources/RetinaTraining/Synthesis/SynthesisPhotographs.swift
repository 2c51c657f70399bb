import Foundation
import FundusImaging
import RetinaData
import RetinaModels
import Torch

/// Real photographs as a GAN sees them: prepared (field-of-view crop, letterbox),
/// (M, 3, R, R) in [−1, 1], with each one's condition and source file.
public struct SynthesisPhotographs: Sendable {
    public var images: Tensor
    public var conditions: [SynthesisCondition]
    /// The photographs' files, in order (empty for a constructed set).
    public var sources: [URL]

    public var count: Int { conditions.count }

    /// The rows of `split` whose diagnosis (and camera, where it is a factor) is one of the factors' values, in manifest order.
    public static func load(_ manifest: Manifest, split: Split, factors: [SynthesisFactor], preprocessing: Preprocessing) throws -> SynthesisPhotographs {
        var images: [Tensor] = []
        var conditions: [SynthesisCondition] = []
        var sources: [URL] = []
        for row in manifest.rows(in: split) {
            guard let condition = condition(of: row, factors: factors) else { continue }
            let bitmap = try Bitmap.decode([UInt8](Data(contentsOf: row.image)), channels: 3)
            let prepared = try preprocessing.prepare(FundusImage(bitmap))
            images.append(try prepared.image.tensor() * 2 - 1)
            conditions.append(condition)
            sources.append(row.image)
        }
        guard !images.isEmpty else { throw RecipeError(recipe: manifest.url.path, "no \(split.rawValue) rows with a diagnosis of \(factors[0].values)") }
        return SynthesisPhotographs(images: try Tensor.cat(images), conditions: conditions, sources: sources)
    }

    /// A row's condition: its diagnosis, and its camera family from the file name (`*_Neo_*`)
    /// when the camera is a factor; nil when either is not one of the factor's values.
    public static func condition(of row: ManifestRow, factors: [SynthesisFactor]) -> SynthesisCondition? {
        var values: [Int] = []
        for factor in factors {
            switch factor.name {
            case "diagnosis":
                guard let diagnosis = row.diagnosis, let index = factor.values.firstIndex(of: diagnosis) else { return nil }
                values.append(index)
            case "camera":
                let name = row.image.deletingPathExtension().lastPathComponent
                guard let index = factor.values.firstIndex(where: { name.contains("_\($0)_") || name.hasPrefix("\($0)_") }) else { return nil }
                values.append(index)
            default:
                return nil
            }
        }
        return SynthesisCondition(values)
    }

    /// The photographs at `indices`, in that order.
    public func subset(_ indices: [Int]) throws -> SynthesisPhotographs {
        let index = try Tensor(indices.map(Int64.init), shape: [indices.count])
        return SynthesisPhotographs(images: try images.indexSelect(dim: 0, indices: index),
                                    conditions: indices.map { conditions[$0] }, sources: sources.isEmpty ? [] : indices.map { sources[$0] })
    }
}
