import Foundation
import RetinaModels
import Testing
import Torch
@testable import RetinaTraining

@Suite("Conditional GAN")
struct ConditionalGANTests {
    /// 16 × 16 photographs in [−1, 1]: class 0 a bright square top left, class 1 bottom right, on a dark noisy ground.
    static func constructed(count: Int, seed: UInt64) throws -> SynthesisPhotographs {
        let random = try RandomGenerator(seed: seed)
        var images: [Tensor] = []
        var conditions: [SynthesisCondition] = []
        for i in 0 ..< count {
            let label = i % 2
            var pixels = try (0 ..< 3 * 16 * 16).map { _ in Float(try random.uniform() * 0.2 - 0.9) }
            let (x0, y0) = label == 0 ? (2 + (try random.index(below: 2)), 2 + (try random.index(below: 2))) : (8 + (try random.index(below: 2)), 8 + (try random.index(below: 2)))
            for c in 0 ..< 3 { for y in y0 ..< y0 + 6 { for x in x0 ..< x0 + 6 { pixels[(c * 16 + y) * 16 + x] = c == 2 ? 0.2 : 0.8 } } }
            images.append(try Tensor(pixels, shape: [1, 3, 16, 16]))
            conditions.append(SynthesisCondition([label]))
        }
        return SynthesisPhotographs(images: try Tensor.cat(images), conditions: conditions, sources: [])
    }

    static func recipe(steps: Int) -> SynthesisRecipe {
        SynthesisRecipe(
            task: "synthesis", name: "tiny", version: "0", seed: 11, manifests: [], classes: ["left", "right"], cameras: nil,
            resolution: 16, latentDimension: 8, width: 8, maximumChannels: 32,
            augmentation: DifferentiableAugmentation(colour: true, translation: 0.125, cutout: 0), horizontalFlipProbability: 0,
            batchSize: 32, generatorLearningRate: 0.002, discriminatorLearningRate: 0.002, betas: [0, 0.99], emaDecay: 0.95,
            steps: steps, logEvery: 50, checkpointEvery: steps, threads: nil)
    }

    /// Per class, the mean image of the real photographs; a photograph is the class whose mean it is nearest.
    static func nearestMeanClassifier(_ real: SynthesisPhotographs) throws -> (Tensor) throws -> Int {
        let means = try (0 ..< 2).map { label in
            let members = real.conditions.indices.filter { real.conditions[$0].values[0] == label }
            return try real.subset(members).images.mean(dims: [0])
        }
        return { image in
            let distances = try means.map { try ($0 - image).square().sum().item() }
            return distances[0] <= distances[1] ? 0 : 1
        }
    }

    @Test("A tiny GAN on a constructed two-class set learns both classes: a classifier of real photographs sorts ≥ 90 % of the generated ones by their condition")
    func learnsBothClasses() throws {
        let real = try Self.constructed(count: 64, seed: 1)
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("tiny-gan-\(UUID())")
        defer { try? FileManager.default.removeItem(at: work) }
        let (average, result) = try Runtime.withLocalThreadCount(1) {
            try SynthesisTraining.fit(Self.recipe(steps: 300), photographs: real, work: work, showsProgress: false)
        }
        #expect(result.lastStep == 300)
        let classify = try Self.nearestMeanClassifier(real)
        // The classifier itself separates held-out real photographs.
        let heldOut = try Self.constructed(count: 20, seed: 2)
        let realRight = try heldOut.conditions.indices.filter { try classify(heldOut.images.select(dim: 0, index: $0)) == heldOut.conditions[$0].values[0] }.count
        #expect(realRight == 20)
        let conditions = (0 ..< 40).map { SynthesisCondition([$0 % 2]) }
        let synthesizer = FundusSynthesizer(card: SynthesisCard(name: "tiny", version: "0", network: Self.recipe(steps: 1).network,
                                                                preprocessing: Self.recipe(steps: 1).preprocessing, factors: Self.recipe(steps: 1).factors),
                                            generator: average)
        let generated = try synthesizer.images(conditions, random: RandomGenerator(seed: 3))
        var right = [0, 0]
        for i in 0 ..< 40 where try classify(generated.select(dim: 0, index: i)) == conditions[i].values[0] { right[i % 2] += 1 }
        #expect(right[0] >= 18 && right[1] >= 18, "generated photographs sorted by their condition: \(right) of 20 each")
        // The run left its checkpoint, log and plot.
        for file in ["checkpoint.safetensors", "log.jsonl", "loss.png"] {
            #expect(FileManager.default.fileExists(atPath: work.appendingPathComponent(file).path), "\(file)")
        }
    }

    @Test("DiffAugment keeps the shape, lets the gradient through, and fills what translation uncovers with black")
    func differentiableAugmentation() throws {
        let x = try (Tensor.rand([4, 3, 16, 16], generator: RandomGenerator(seed: 4)) * 2 - 1).requiringGrad()
        let augmentation = DifferentiableAugmentation()
        let y = try augmentation(x, generator: RandomGenerator(seed: 5))
        #expect(y.shape == x.shape)
        try y.square().sum().backward()
        let gradient = try #require(try x.grad)
        #expect(try gradient.abs().sum().item() > 0)
        // Translation alone by up to half the side: some rows or columns of some photograph are filled with −1.
        let shifted = try DifferentiableAugmentation(colour: false, translation: 0.5, cutout: 0)(Tensor.ones([8, 3, 8, 8]), generator: RandomGenerator(seed: 6))
        let values = try shifted.toArray(of: Float.self)
        #expect(values.contains(-1) && values.allSatisfy { $0 == 1 || $0 == -1 })
        // Cutout alone zeroes a square and leaves the rest.
        let cut = try DifferentiableAugmentation(colour: false, translation: 0, cutout: 0.5)(Tensor.ones([2, 3, 8, 8]), generator: RandomGenerator(seed: 7))
        let cutValues = try cut.toArray(of: Float.self)
        #expect(cutValues.contains(0) && cutValues.filter { $0 == 0 }.count <= 2 * 3 * 16)
    }

    @Test("The EMA moves the average a (1 − β) share towards the source after a step")
    func exponentialMovingAverage() throws {
        let network = try SynthesisTraining.networks(Self.recipe(steps: 1))
        let ema = try ExponentialMovingAverage(source: network.generator, average: network.average, decay: 0.9)
        let parameter = network.generator.parameters()[0]
        let before = try network.average.parameters()[0].clone()
        try withNoGrad { try parameter.add_(1) }
        try ema.update()
        let moved = try (network.average.parameters()[0] - before).mean().item()
        #expect(abs(moved - 0.1) < 1e-5)
    }
}
