import ArgumentParser
import Foundation
import FundusImaging
import RetinaAnalysis
import Torch

/// The preprocessing chain on a generated photograph, end to end, with timings.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run decoding, field-of-view crop, CLAHE and a Torch vessel filter on a generated fundus photograph.")

    @Option(help: "Folder for the images the demo writes.")
    var output = "ropscreen-data/demo"

    @Option(help: "Seed of the generated photograph.")
    var seed: UInt64 = 7

    func run() throws {
        var stopwatch = Stopwatch()

        let drawing = try SyntheticFundus(size: 640, eye: .right, seed: seed).draw()
        let jpeg = try drawing.image.jpegData(quality: 90)
        let photo = try stopwatch.measure("decode (header-checked)") {
            try FundusImage.decode(jpeg).settingMask("vessels", drawing.vessels)
        }
        let fov = try stopwatch.measure("field of view") { try FieldOfView.detect(in: photo.image) }
        let prepared = try stopwatch.measure("crop, letterbox 512, CLAHE") {
            try photo.applying([fov.squareCrop(), .letterbox(Size(width: 512, height: 512))]).withPixels { try $0.clahe() }
        }
        let response = try stopwatch.measure("vessel filter (Torch conv2d)") { try Self.vesselResponse(prepared.image) }

        // Score the filter against the drawn vessels, which followed the crop and resize.
        let truth = prepared.masks["vessels"]!
        let (found, _) = try response.thresholded()
        var (both, either) = (0, 0)
        for i in 0 ..< truth.pixels.count {
            let (a, b) = (found.pixels[i] > 127, truth.pixels[i] > 127)
            if a && b { both += 1 }
            if a || b { either += 1 }
        }

        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        try Data(jpeg).write(to: URL(fileURLWithPath: "\(output)/photo.jpg"))
        try Data(prepared.image.pngData()).write(to: URL(fileURLWithPath: "\(output)/prepared.png"))
        try Data(response.pngData()).write(to: URL(fileURLWithPath: "\(output)/vessel-response.png"))

        print("photograph      \(photo.size) JPEG, \(jpeg.count) bytes, seed \(seed)")
        print(String(format: "field of view   IoU %.4f against the drawn disc, radius %.1f px", fov.intersectionOverUnion(with: drawing.fieldOfView), fov.radius))
        let disc = prepared.fromOriginal(drawing.disc)
        print(String(format: "optic disc      (%.1f, %.1f) in the photograph → (%.1f, %.1f) after crop and resize", drawing.disc.x, drawing.disc.y, disc.x, disc.y))
        print(String(format: "vessel filter   IoU %.3f against the drawn vessels (unsupervised difference of Gaussians)", Double(both) / Double(max(either, 1))))
        for (name, milliseconds) in stopwatch.entries {
            print(name.padding(toLength: 30, withPad: " ", startingAt: 0) + String(format: "%7.1f ms", milliseconds))
        }
        print("wrote \(output)/photo.jpg, prepared.png, vessel-response.png")
    }

    /// Dark, thin structures of the green channel: a difference of Gaussians
    /// (σ 1 − σ 4) of the inverted green channel, as one Torch conv2d.
    static func vesselResponse(_ image: Bitmap) throws -> Bitmap {
        let green = try 1 - image.channel(1).tensor()
        let kernel = try gaussian(sigma: 1, radius: 12) - gaussian(sigma: 4, radius: 12)
        let response = try withNoGrad { try green.conv2d(weight: kernel, padding: 12).relu() }
        let peak = try max(response.max().item(), 1e-6)
        return try Bitmap(tensor: response / peak)
    }

    static func gaussian(sigma: Double, radius: Int) throws -> Tensor {
        let side = 2 * radius + 1
        var values = [Float](repeating: 0, count: side * side)
        for y in 0 ..< side { for x in 0 ..< side {
            let (dx, dy) = (Double(x - radius), Double(y - radius))
            values[y * side + x] = Float(Foundation.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma)))
        } }
        let total = values.reduce(0, +)
        return try Tensor(values.map { $0 / total }, shape: [1, 1, side, side])
    }
}
