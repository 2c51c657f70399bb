import Foundation
import FundusImaging
import RetinaData
@testable import RetinaTraining
import Testing
import Torch

@Suite("Lesion masks")
struct LesionMaskTests {
    @Test("Boxes are filled, clipped at the border, and an empty list gives an empty mask")
    func rendersBoxes() throws {
        let boxes = [LesionBox(kind: "haemorrhage", box: Rect(x: 2, y: 3, width: 4, height: 2)),
                     LesionBox(kind: "hard_exudate", box: Rect(x: 8, y: 8, width: 5, height: 5))]
        let mask = try LesionMask.render(boxes, size: Size(width: 10, height: 10))
        #expect(mask.channels == 1 && mask.pixels.filter { $0 == 255 }.count == 4 * 2 + 2 * 2)
        #expect(mask.pixels[3 * 10 + 2] == 255 && mask.pixels[5 * 10 + 2] == 0 && mask.pixels[9 * 10 + 9] == 255)
        #expect(try LesionMask.render([], size: Size(width: 4, height: 4)).pixels.allSatisfy { $0 == 0 })
    }

    @Test("The evidence loss counts the annotated samples only")
    func evidenceLossIgnoresUnannotated() throws {
        let annotated = try FundusImage(Bitmap(width: 8, height: 8, channels: 3))
            .settingMask(LesionMask.maskName, LesionMask.render([LesionBox(kind: "x", box: Rect(x: 0, y: 0, width: 4, height: 4))], size: Size(width: 8, height: 8)))
        let unannotated = try FundusImage(Bitmap(width: 8, height: 8, channels: 3))
        var batch = ClassifierTraining.Batch(inputs: try Tensor.zeros([2, 3, 8, 8]), targets: try Tensor([Int64(1), 0]))
        try batch.addLesionMasks(of: [TrainingSample(image: annotated), TrainingSample(image: unannotated)])
        // A map that agrees with the annotated sample's box: the second sample's half does not matter.
        let right = try Tensor([Float(9), -9, -9, -9], shape: [1, 1, 2, 2])
        let loss = { (other: Float) in
            try batch.evidenceLoss(Tensor.cat([right, Tensor([other, other, other, other], shape: [1, 1, 2, 2])])).item()
        }
        #expect(abs(try loss(-5) - loss(5)) < 1e-9)
        #expect(try loss(0) < 1e-3)
        let wrong = try batch.evidenceLoss(Tensor.cat([right * -1, right])).item()
        #expect(wrong > 4)
    }
}
