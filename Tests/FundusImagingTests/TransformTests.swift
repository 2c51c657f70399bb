import Testing
@testable import FundusImaging
@testable import Torch

@Suite("Spatial transforms carry masks and keypoints")
struct TransformTests {
    /// A 60×40 image with one marked pixel, a mask with the same pixel, and a keypoint on it.
    func marked(at p: (x: Int, y: Int)) throws -> FundusImage {
        var image = try Bitmap(width: 60, height: 40, channels: 3)
        var mask = try Bitmap(width: 60, height: 40, channels: 1)
        image[p.x, p.y, 0] = 255
        mask[p.x, p.y] = 255
        return try FundusImage(image, masks: ["spot": mask], keypoints: ["spot": Point(x: Double(p.x), y: Double(p.y))])
    }

    func brightest(_ b: Bitmap) -> (x: Int, y: Int) {
        var best = (0, 0), value = -1
        for y in 0 ..< b.height { for x in 0 ..< b.width where Int(b[x, y]) > value { value = Int(b[x, y]); best = (x, y) } }
        return best
    }

    @Test("Image, mask and keypoint move together", arguments: [
        SpatialTransform.horizontalFlip, .verticalFlip, .rotate(degrees: 90), .rotate(degrees: 33),
        .zoom(1.5), .crop(Rect(x: 5, y: 3, width: 40, height: 30)), .resize(Size(width: 120, height: 80)),
        .letterbox(Size(width: 64, height: 64)),
    ])
    func movesTogether(transform: SpatialTransform) throws {
        let source = try marked(at: (20, 15))
        let moved = try source.applying(transform)
        let key = moved.keypoints["spot"]!
        let mask = brightest(moved.masks["spot"]!)
        #expect(abs(Double(mask.x) - key.x) <= 1 && abs(Double(mask.y) - key.y) <= 1, "mask at \(mask), keypoint at \(key)")
        let red = brightest(try moved.image.channel(0))
        #expect(abs(Double(red.x) - key.x) <= 1 && abs(Double(red.y) - key.y) <= 1)
        // And back to the photograph's pixels.
        let back = moved.toOriginal(key)
        #expect(abs(back.x - 20) < 1e-9 && abs(back.y - 15) < 1e-9)
    }

    @Test func exactFlipAndLetterboxGeometry() throws {
        let image = try marked(at: (0, 0))
        #expect(try image.applying(.horizontalFlip).keypoints["spot"] == Point(x: 59, y: 0))
        let boxed = try image.applying(.letterbox(Size(width: 120, height: 120)))
        // 60×40 scaled ×2 to 120×80, centred vertically: 20 px of padding above.
        let p = boxed.keypoints["spot"]!
        #expect(abs(p.x - 0.5) < 1e-9 && abs(p.y - 20.5) < 1e-9)
        #expect(try boxed.image.channel(0)[60, 5] == 0)
        #expect(boxed.fromOriginal(Point(x: 59, y: 39)).x > 118)
    }

    @Test("A chain of transforms, including a large shrink, maps back to the photograph")
    func chainMapsBack() throws {
        let drawing = try SyntheticFundus(size: 800, eye: .left, seed: 5).draw()
        let photo = try FundusImage(drawing.image, keypoints: ["disc": drawing.disc, "fovea": drawing.fovea])
        let fov = try FieldOfView.detect(in: photo.image)
        let prepared = try photo.applying([fov.squareCrop(), .letterbox(Size(width: 128, height: 128)), .rotate(degrees: 10), .horizontalFlip])
        #expect(prepared.size == Size(width: 128, height: 128))
        for (name, truth) in [("disc", drawing.disc), ("fovea", drawing.fovea)] {
            let back = prepared.toOriginal(prepared.keypoints[name]!)
            #expect(back.distance(to: truth) < 1e-6, "\(name)")
        }
        // The flipped left eye now has its disc on the viewer's right of the fovea, like a right eye.
        #expect(prepared.keypoints["disc"]!.x > prepared.keypoints["fovea"]!.x)
    }

    @Test func affineAlgebra() {
        let t = AffineTransform.rotation(degrees: 30, about: Point(x: 3, y: 4)).then(.scale(2, 3)).then(.translation(5, -1))
        let inverse = t.inverted!
        let p = Point(x: 7.5, y: -2)
        let q = inverse.apply(t.apply(p))
        #expect(abs(q.x - p.x) < 1e-9 && abs(q.y - p.y) < 1e-9)
        #expect(AffineTransform.scale(0, 1).inverted == nil)
    }
}

@Suite("Pixels, normalisation and tensors")
struct PixelTests {
    @Test func tensorRoundTrip() throws {
        let image = try SyntheticFundus(size: 32, seed: 1).draw().image
        let t = try image.tensor(normalization: .imagenet)
        #expect(t.shape == [1, 3, 32, 32] && t.dtype == .float32)
        // Pixel (x 16, y 10), green channel, by hand.
        let expected = (Double(image[16, 10, 1]) / 255 - 0.456) / 0.224
        #expect(abs(try t.select(dim: 1, index: 1).select(dim: 1, index: 10).select(dim: 1, index: 16).item() - expected) < 1e-5)
        #expect(try Bitmap(tensor: t, normalization: .imagenet) == image)
    }

    @Test func claheRaisesLocalContrast() throws {
        var flat = try Bitmap(width: 64, height: 64, channels: 1)
        for y in 0 ..< 64 { for x in 0 ..< 64 { flat[x, y] = UInt8(100 + (x / 8) % 2 * 6) } }
        let spread = { (b: Bitmap) in Int(b.pixels.max()!) - Int(b.pixels.min()!) }
        #expect(spread(try flat.clahe(clipLimit: 4, tiles: 4)) > spread(flat))
        let rgb = try SyntheticFundus(size: 64, seed: 2).draw().image
        #expect(try rgb.clahe().channels == 3)
    }

    @Test func bitmapValidatesItsSize() {
        #expect(throws: VisionError.self) { try Bitmap(width: 2, height: 2, channels: 3, pixels: [1, 2, 3]) }
        #expect(throws: VisionError.self) { try Bitmap(width: 2, height: 2, channels: 2, value: 0) }
        #expect(throws: VisionError.self) { try FundusImage(Bitmap(width: 2, height: 2, channels: 1)) }
    }
}

@Suite("Laterality")
struct EyeTests {
    @Test func mirroringSwapsTheEye() {
        #expect(Eye.left.mirrored == .right && Eye.right.mirrored == .left)
        #expect(Eye.allCases.allSatisfy { $0.mirrored.mirrored == $0 })
    }
}
