import Foundation
import Torch
import TorchNN

/// A model directory: `card.json` plus `weights.safetensors`.
public struct ModelBundle {
    public let directory: URL
    public let card: ModelCard
    public let network: any Layer

    /// Loads the card, builds its architecture and loads the weights strictly, in evaluation mode.
    public init(directory: URL) throws {
        self.directory = directory
        card = try ModelCard.read(from: directory)
        network = try card.architecture.build(generator: RandomGenerator(seed: 0))
        try network.load(from: directory.appendingPathComponent(ModelCard.weightsFileName).path)
        network.eval()
    }

    /// Writes `network`'s weights and `card` into `directory`.
    public static func write(network: any Layer, card: ModelCard, to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try network.save(to: directory.appendingPathComponent(ModelCard.weightsFileName).path,
                         metadata: ["name": card.name, "version": card.version])
        try card.write(to: directory)
    }

    /// Where the bundled models live: `$ROPSCREEN_MODELS`, else the first `Models/`
    /// found walking up from the executable, else `./Models`.
    public static func bundledRoot() -> URL {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["ROPSCREEN_MODELS"] { return URL(fileURLWithPath: path) }
        var directory = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0 ..< 6 {
            let candidate = directory.appendingPathComponent("Models")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("README.md").path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("Models")
    }
}
