import CVision

/// An 8-bit RGB colour.
public struct Color: Sendable, Equatable {
    public var red, green, blue: UInt8
    public init(_ red: UInt8, _ green: UInt8, _ blue: UInt8) { (self.red, self.green, self.blue) = (red, green, blue) }

    public static let yellow = Color(255, 220, 0)
    public static let cyan = Color(0, 220, 255)
    public static let green = Color(40, 220, 80)
    public static let magenta = Color(255, 60, 200)
    public static let white = Color(255, 255, 255)
    public static let red = Color(255, 40, 40)
}

/// Anti-aliased drawing for overlays (in place; coordinates in pixels, sub-pixel accurate).
extension Bitmap {
    private mutating func draw(_ shape: cv_shape, _ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, _ color: Color, _ thickness: Int) throws {
        let (w, h, c) = (width, height, channels)
        let rgb = [color.red, color.green, color.blue]
        try pixels.withUnsafeMutableBufferPointer { buffer in
            var image = cv_image(data: buffer.baseAddress, width: Int32(w), height: Int32(h), channels: Int32(c))
            guard cv_draw(&image, shape, x0, y0, x1, y1, rgb, Int32(thickness)) == 0 else { throw VisionError.last() }
        }
    }

    public mutating func drawCircle(center: Point, radius: Double, color: Color, thickness: Int = 2) throws {
        try draw(CV_SHAPE_CIRCLE, center.x, center.y, radius, 0, color, thickness)
    }

    public mutating func drawRectangle(_ rect: Rect, color: Color, thickness: Int = 2) throws {
        try draw(CV_SHAPE_RECTANGLE, rect.x, rect.y, rect.x + rect.width, rect.y + rect.height, color, thickness)
    }

    public mutating func drawLine(from a: Point, to b: Point, color: Color, thickness: Int = 2) throws {
        try draw(CV_SHAPE_LINE, a.x, a.y, b.x, b.y, color, thickness)
    }

    public mutating func drawCross(at p: Point, size: Double, color: Color, thickness: Int = 2) throws {
        try draw(CV_SHAPE_CROSS, p.x, p.y, size, 0, color, thickness)
    }

    /// Text with its baseline's left end at `origin`; `scale` 1 is about 22 px tall.
    public mutating func drawText(_ text: String, at origin: Point, scale: Double = 0.6, color: Color = .white, thickness: Int = 1) throws {
        let (w, h, c) = (width, height, channels)
        let rgb = [color.red, color.green, color.blue]
        try pixels.withUnsafeMutableBufferPointer { buffer in
            var image = cv_image(data: buffer.baseAddress, width: Int32(w), height: Int32(h), channels: Int32(c))
            guard cv_draw_text(&image, text, origin.x, origin.y, scale, rgb, Int32(thickness)) == 0 else { throw VisionError.last() }
        }
    }

    /// Blends `overlay` in with strength `alpha`, weighted per pixel by `mask` when given.
    public mutating func blend(_ overlay: Bitmap, mask: Bitmap? = nil, alpha: Double) throws {
        let (w, h, c) = (width, height, channels)
        try pixels.withUnsafeMutableBufferPointer { buffer in
            var image = cv_image(data: buffer.baseAddress, width: Int32(w), height: Int32(h), channels: Int32(c))
            try overlay.withVisionImage { o in
                if let mask {
                    try mask.withVisionImage { m in
                        guard cv_blend(&image, o, m, alpha) == 0 else { throw VisionError.last() }
                    }
                } else {
                    guard cv_blend(&image, o, nil, alpha) == 0 else { throw VisionError.last() }
                }
            }
        }
    }
}
