/// A painted region: one flag per pixel, row-major.
///
/// Its JSON is run-length coded (`{"width", "height", "runs"}`, alternating runs of unset
/// and set pixels starting with unset), so a brush stroke over a full photograph stays small.
public struct BinaryMask: Sendable, Hashable {
    public let width: Int
    public let height: Int
    public private(set) var pixels: [Bool]

    /// The pixel count does not match the size.
    public struct SizeMismatch: Error, Hashable, CustomStringConvertible {
        public let expected: Int
        public let found: Int
        public var description: String { "mask of \(expected) pixels given \(found)" }
    }

    /// An empty mask (negative sizes count as zero).
    public init(width: Int, height: Int) {
        self.width = max(width, 0)
        self.height = max(height, 0)
        pixels = Array(repeating: false, count: self.width * self.height)
    }

    public init(width: Int, height: Int, pixels: [Bool]) throws(SizeMismatch) {
        guard width >= 0, height >= 0, pixels.count == width * height else {
            throw SizeMismatch(expected: max(width, 0) * max(height, 0), found: pixels.count)
        }
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    public var size: ImageSize { ImageSize(width: width, height: height) }

    /// Set pixels.
    public var area: Int { pixels.count(where: { $0 }) }

    /// The pixel at column `x`, row `y`; reads outside the mask are unset, writes there are ignored.
    public subscript(x: Int, y: Int) -> Bool {
        get { x >= 0 && y >= 0 && x < width && y < height ? pixels[y * width + x] : false }
        set { if x >= 0 && y >= 0 && x < width && y < height { pixels[y * width + x] = newValue } }
    }
}

extension BinaryMask: Codable {
    private enum CodingKeys: String, CodingKey { case width, height, runs }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let width = try container.decode(Int.self, forKey: .width)
        let height = try container.decode(Int.self, forKey: .height)
        let runs = try container.decode([Int].self, forKey: .runs)
        guard width >= 0, height >= 0, runs.allSatisfy({ $0 >= 0 }), runs.reduce(0, +) == width * height else {
            throw DecodingError.dataCorruptedError(forKey: .runs, in: container,
                                                   debugDescription: "runs do not cover a \(width)×\(height) mask")
        }
        var pixels: [Bool] = []
        pixels.reserveCapacity(width * height)
        for (index, run) in runs.enumerated() { pixels.append(contentsOf: repeatElement(index % 2 == 1, count: run)) }
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(width, forKey: .width)
        try container.encode(height, forKey: .height)
        var runs: [Int] = []
        var current = false, length = 0
        for pixel in pixels {
            if pixel == current { length += 1 } else {
                runs.append(length)
                current = pixel
                length = 1
            }
        }
        runs.append(length)
        try container.encode(runs, forKey: .runs)
    }
}
