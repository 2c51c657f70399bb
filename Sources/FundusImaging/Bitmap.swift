import CVision

/// An 8-bit image, 1 (grey or mask) or 3 (RGB) channels, rows packed top to bottom.
public struct Bitmap: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public let channels: Int
    public var pixels: [UInt8]

    public init(width: Int, height: Int, channels: Int, pixels: [UInt8]) throws {
        guard width > 0, height > 0, channels == 1 || channels == 3,
              pixels.count == width * height * channels
        else {
            throw VisionError("\(pixels.count) bytes do not make a \(width)×\(height)×\(channels) image")
        }
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }

    /// An image of one value everywhere.
    public init(width: Int, height: Int, channels: Int, value: UInt8 = 0) throws {
        try self.init(width: width, height: height, channels: channels,
                      pixels: [UInt8](repeating: value, count: max(width * height * channels, 0)))
    }

    public var size: Size { Size(width: width, height: height) }

    public subscript(x: Int, y: Int, channel: Int = 0) -> UInt8 {
        get { pixels[(y * width + x) * channels + channel] }
        set { pixels[(y * width + x) * channels + channel] = newValue }
    }

    /// Lends CVision a view of the pixels (no copy).
    func withVisionImage<R>(_ body: (UnsafePointer<cv_image>) throws -> R) rethrows -> R {
        var source = pixels
        return try source.withUnsafeMutableBufferPointer { buffer in
            var input = cv_image(data: buffer.baseAddress, width: Int32(width), height: Int32(height), channels: Int32(channels))
            return try body(&input)
        }
    }

    /// Calls a CVision function that makes a new image, and adopts that image.
    func vision(_ body: (UnsafePointer<cv_image>, UnsafeMutablePointer<cv_image>) -> Int32) throws -> Bitmap {
        try withVisionImage { input in
            var output = cv_image()
            guard body(input, &output) == 0 else { throw VisionError.last() }
            return try Bitmap(adopting: &output)
        }
    }

    /// Copies a CVision-owned image and frees it.
    init(adopting image: inout cv_image) throws {
        defer { cv_image_free(&image) }
        let count = Int(image.width) * Int(image.height) * Int(image.channels)
        try self.init(width: Int(image.width), height: Int(image.height), channels: Int(image.channels),
                      pixels: Array(UnsafeBufferPointer(start: image.data, count: count)))
    }
}
