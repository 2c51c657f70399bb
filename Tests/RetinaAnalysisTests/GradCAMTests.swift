import Foundation
import FundusImaging
import RetinaModels
import Testing
import Torch
@testable import RetinaAnalysis

@Suite("Grad-CAM")
struct GradCAMTests {
    /// A picture of -1 with one bright square of +1: the evidence for "bright" is the square.
    static func picture(size: Int = 32, square: (x: Int, y: Int)) throws -> Tensor {
        var values = [Float](repeating: -1, count: size * size)
        for y in square.y ..< square.y + 4 { for x in square.x ..< square.x + 4 { values[y * size + x] = 1 } }
        return try Tensor(values).reshaped([1, 1, size, size])
    }

    /// A network whose feature map is its input pooled 4×4 and whose head says
    /// "bright" (class 1) by the mean brightness, "dark" (class 0) by its opposite.
    static func halves() -> (features: (Tensor) throws -> Tensor, head: (Tensor) throws -> Tensor) {
        ({ try $0.avgPool2d(kernel: 4) },
         { f in
             let mean = try f.mean(dims: [2, 3]).reshaped([1, 1])
             return try Tensor.cat([mean * -1, mean], dim: 1)
         })
    }

    @Test("The map of the class the square speaks for peaks on the square; the other class's map avoids it")
    func peaksOnEvidence() throws {
        let input = try Self.picture(square: (20, 8))
        let (features, head) = Self.halves()
        let bright = try GradCAM.map(features: features, head: head, input: input, classIndex: 1)
        #expect(bright.shape == [1, 1, 32, 32])
        let values = try bright.contiguous().toArray(of: Float.self)
        let peak = values.indices.max { values[$0] < values[$1] }!
        #expect((20 ..< 24).contains(peak % 32) && (8 ..< 12).contains(peak / 32))
        #expect(abs(values.max()! - 1) < 1e-5)
        // Far from the square, no evidence for "bright".
        #expect(values[2 * 32 + 2] == 0)

        let dark = try GradCAM.map(features: features, head: head, input: input, classIndex: 0).contiguous().toArray(of: Float.self)
        // On the square only the bilinear spill of its neighbours remains.
        #expect(dark[10 * 32 + 22] < 0.3)
        #expect(dark[2 * 32 + 2] > 0.9)
    }

    @Test("A bundled-style classifier's map comes back at the photograph's size, through its crop and letterbox")
    func mapsBackToPhotograph() throws {
        let configuration = ResNetConfiguration(classes: 2, widths: [8, 16], blocksPerStage: 1)
        let card = ModelCard(name: "lesion-test", version: "0", task: .lesion, architecture: .resnet(configuration),
                             preprocessing: Preprocessing(clahe: false, normalization: .init(mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25]),
                                                          cropToFieldOfView: true, inputSize: 64),
                             labels: ["normal", "lesion"], threshold: 0.5)
        let classifier = try FundusClassifier(card: card, network: ResNet(configuration, generator: RandomGenerator(seed: 1)))
        let photo = try FundusImage(SyntheticFundus(size: 200, seed: 3).draw().image.resized(to: Size(width: 300, height: 200)))
        let map = try GradCAM.explain(classifier, photo: photo, label: "lesion")
        #expect(map.map.size == Size(width: 300, height: 200) && map.map.channels == 1)
        #expect(map.label == "lesion" && (0 ... 1).contains(map.probability))
        #expect(try map.overlay(on: photo.image).size == photo.image.size)
        #expect(throws: (any Error).self) { try GradCAM.explain(classifier, photo: photo, label: "glaucoma") }
    }

    @Test("A classifier's own evidence map comes back at the photograph's size as probabilities; without one there is none")
    func evidenceMap() throws {
        func classifier(evidenceMap: Bool) throws -> FundusClassifier {
            let configuration = ResNetConfiguration(classes: 2, widths: [8, 16], blocksPerStage: 1, evidenceMap: evidenceMap)
            let card = ModelCard(name: "lesion-test", version: "0", task: .lesion, architecture: .resnet(configuration),
                                 preprocessing: Preprocessing(clahe: false, normalization: .init(mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25]),
                                                              cropToFieldOfView: true, inputSize: 64),
                                 labels: ["normal", "lesion"], threshold: 0.5)
            return try FundusClassifier(card: card, network: ResNet(configuration, generator: RandomGenerator(seed: 1)))
        }
        let photo = try FundusImage(SyntheticFundus(size: 200, seed: 3).draw().image.resized(to: Size(width: 300, height: 200)))
        #expect(try EvidenceMap.explain(classifier(evidenceMap: false), photo: photo) == nil)
        let map = try #require(try EvidenceMap.explain(classifier(evidenceMap: true), photo: photo))
        #expect(map.map.size == Size(width: 300, height: 200) && map.method == .evidenceMap && map.label == "lesion")
        // Absolute, not scaled to the peak: the brightest pixel is the highest cell's probability.
        let brightest = Double(map.map.pixels.max()!) / 255
        #expect(map.probability > 0 && map.probability < 1 && abs(brightest - map.probability) < 0.02)
    }
}
