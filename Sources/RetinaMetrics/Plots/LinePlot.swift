import Foundation
import FundusImaging

/// Line charts drawn by ropscreen itself (no plotting library): axes, min/max
/// tick labels, one coloured line per series and a legend, as a PNG.
public struct LinePlot {
    public struct Series {
        public var name: String
        public var points: [(x: Double, y: Double)]
        public var color: (UInt8, UInt8, UInt8)

        public init(name: String, points: [(x: Double, y: Double)], color: (UInt8, UInt8, UInt8)) {
            self.name = name
            self.points = points
            self.color = color
        }
    }

    public var title: String
    public var series: [Series]
    public var width = 640
    public var height = 400

    public init(title: String, series: [Series]) {
        self.title = title
        self.series = series
    }

    public static let palette: [(UInt8, UInt8, UInt8)] = [(31, 119, 180), (214, 39, 40), (44, 160, 44), (148, 103, 189), (255, 127, 14)]

    public func render() throws -> Bitmap {
        var canvas = try Bitmap(width: width, height: height, channels: 3, value: 255)
        let (left, right, top, bottom) = (70, width - 20, 30, height - 40)
        let all = series.flatMap(\.points).filter { $0.y.isFinite }
        let xs = all.map(\.x), ys = all.map(\.y)
        var (x0, x1) = (xs.min() ?? 0, xs.max() ?? 1)
        var (y0, y1) = (ys.min() ?? 0, ys.max() ?? 1)
        if x1 <= x0 { x1 = x0 + 1 }
        if y1 <= y0 { (y0, y1) = (y0 - 0.5, y1 + 0.5) }
        let pad = (y1 - y0) * 0.05
        (y0, y1) = (y0 - pad, y1 + pad)
        func px(_ x: Double) -> Int { left + Int((x - x0) / (x1 - x0) * Double(right - left)) }
        func py(_ y: Double) -> Int { bottom - Int((y - y0) / (y1 - y0) * Double(bottom - top)) }

        let grey: (UInt8, UInt8, UInt8) = (200, 200, 200), black: (UInt8, UInt8, UInt8) = (0, 0, 0)
        for i in 0 ... 4 {
            let y = top + (bottom - top) * i / 4
            Self.line(&canvas, left, y, right, y, grey, thickness: 1)
            Self.text(&canvas, Self.format(y1 - (y1 - y0) * Double(i) / 4), x: 4, y: y - 3, color: black)
        }
        Self.line(&canvas, left, top, left, bottom, black, thickness: 1)
        Self.line(&canvas, left, bottom, right, bottom, black, thickness: 1)
        Self.text(&canvas, Self.format(x0), x: left, y: bottom + 8, color: black)
        let maxLabel = Self.format(x1)
        Self.text(&canvas, maxLabel, x: right - maxLabel.count * 6, y: bottom + 8, color: black)
        Self.text(&canvas, "STEP", x: (left + right) / 2 - 12, y: bottom + 20, color: black)
        Self.text(&canvas, title, x: left, y: 10, color: black)
        for (k, s) in series.enumerated() {
            let points = s.points.filter { $0.y.isFinite }
            for (a, b) in zip(points, points.dropFirst()) {
                Self.line(&canvas, px(a.x), py(a.y), px(b.x), py(b.y), s.color, thickness: 2)
            }
            if points.count == 1 { Self.line(&canvas, px(points[0].x) - 2, py(points[0].y), px(points[0].x) + 2, py(points[0].y), s.color, thickness: 3) }
            let legendX = right - 150, legendY = top + 10 + 14 * k
            Self.line(&canvas, legendX, legendY + 3, legendX + 20, legendY + 3, s.color, thickness: 3)
            Self.text(&canvas, s.name, x: legendX + 26, y: legendY, color: black)
        }
        return canvas
    }

    public func write(to url: URL) throws {
        try Data(try render().pngData()).write(to: url, options: .atomic)
    }

    static func format(_ v: Double) -> String {
        abs(v) >= 1000 ? String(Int(v.rounded())) : String(format: abs(v) >= 10 ? "%.1f" : "%.3f", v)
    }

    static func set(_ canvas: inout Bitmap, _ x: Int, _ y: Int, _ color: (UInt8, UInt8, UInt8)) {
        guard x >= 0, y >= 0, x < canvas.width, y < canvas.height else { return }
        canvas[x, y, 0] = color.0
        canvas[x, y, 1] = color.1
        canvas[x, y, 2] = color.2
    }

    /// Bresenham's line, thickened with a square brush.
    static func line(_ canvas: inout Bitmap, _ xa: Int, _ ya: Int, _ xb: Int, _ yb: Int, _ color: (UInt8, UInt8, UInt8), thickness: Int) {
        var (x, y) = (xa, ya)
        let (dx, dy) = (abs(xb - xa), -abs(yb - ya))
        let (sx, sy) = (xa < xb ? 1 : -1, ya < yb ? 1 : -1)
        var error = dx + dy
        let r = (thickness - 1) / 2
        while true {
            for oy in -r ... (thickness - 1 - r) { for ox in -r ... (thickness - 1 - r) { set(&canvas, x + ox, y + oy, color) } }
            if x == xb && y == yb { break }
            let e2 = 2 * error
            if e2 >= dy { error += dy; x += sx }
            if e2 <= dx { error += dx; y += sy }
        }
    }

    static func text(_ canvas: inout Bitmap, _ string: String, x: Int, y: Int, color: (UInt8, UInt8, UInt8)) {
        for (i, c) in string.enumerated() {
            guard let glyph = PixelFont.glyph(c) else { continue }
            for (row, bits) in glyph.enumerated() {
                for (col, bit) in bits.enumerated() where bit == "#" { set(&canvas, x + i * 6 + col, y + row, color) }
            }
        }
    }
}
