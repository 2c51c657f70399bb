import Foundation

/// The card of a bundled generator (`Models/synthesis/card.json`): its networks'
/// shape, the preprocessing its training photographs had, its conditioning factors,
/// how it was trained and what it measures. Its weights are the averaged (EMA) generator's.
public struct SynthesisCard: Codable, Sendable, Equatable {
    public var name: String
    public var version: String
    /// Always "synthesis": what `ropscreen evaluate --task synthesis` reads.
    public var task: String
    public var network: SynthesisNetworkConfiguration
    /// How the real photographs were prepared (field-of-view crop, letterbox to the resolution).
    public var preprocessing: Preprocessing
    public var factors: [SynthesisFactor]
    public var training: TrainingRecord?
    /// The compute the bundled weights had, in words (machine, threads, wall time).
    public var budget: String?
    /// Figures by "<data set>/<what>" (e.g. "HVDROPDB-full/train+test").
    public var metrics: [String: [String: Double]]
    public var notes: [String]

    public init(name: String, version: String, network: SynthesisNetworkConfiguration, preprocessing: Preprocessing, factors: [SynthesisFactor]) {
        self.name = name
        self.version = version
        task = "synthesis"
        self.network = network
        self.preprocessing = preprocessing
        self.factors = factors
        metrics = [:]
        notes = []
    }

    public static let fileName = ModelCard.fileName
    public static let weightsFileName = ModelCard.weightsFileName

    /// The condition for named factor values, e.g. ["diagnosis": "rop", "camera": "Neo"]; every factor must be named.
    public func condition(_ named: [String: String]) throws -> SynthesisCondition {
        try SynthesisCondition(factors.map { factor in
            guard let value = named[factor.name] else { throw SynthesisError("no value given for \(factor.name) (one of \(factor.values.joined(separator: ", ")))") }
            guard let index = factor.values.firstIndex(of: value) else {
                throw SynthesisError("\(factor.name) '\(value)' is not one of \(factor.values.joined(separator: ", "))")
            }
            return index
        })
    }

    public static func read(from directory: URL) throws -> SynthesisCard {
        let url = directory.appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: url.path) else { throw SynthesisError("no generator card at \(url.path)") }
        return try JSONDecoder().decode(SynthesisCard.self, from: data)
    }

    public func write(to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(self).write(to: directory.appendingPathComponent(Self.fileName))
    }
}
