import Foundation
import FundusImaging
import RetinaModels
import Torch

/// Photographs tiled into one PNG for a person to look at (training progress, contact sheets).
public enum SampleGrid {
    /// Tiles `images` (N, 3, R, R) in [−1, 1] row by row, `columns` wide, with a 2-pixel black gap.
    public static func bitmap(_ images: Tensor, columns: Int) throws -> Bitmap {
        let tiles = try (0 ..< images.shape[0]).map { try FundusSynthesizer.bitmap(images.select(dim: 0, index: $0)) }
        return try bitmap(tiles, columns: columns)
    }

    /// Tiles equally sized RGB bitmaps row by row, `columns` wide, with a 2-pixel black gap.
    public static func bitmap(_ tiles: [Bitmap], columns: Int, gap: Int = 2) throws -> Bitmap {
        guard let first = tiles.first else { return try Bitmap(width: 1, height: 1, channels: 3) }
        let columns = max(min(columns, tiles.count), 1)
        let rows = (tiles.count + columns - 1) / columns
        let (w, h) = (first.width, first.height)
        let width = columns * w + (columns - 1) * gap, height = rows * h + (rows - 1) * gap
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for (index, tile) in tiles.enumerated() {
            guard tile.width == w, tile.height == h, tile.channels == 3 else { throw SynthesisError("grid tiles must all be \(w)×\(h) RGB") }
            let (x0, y0) = ((index % columns) * (w + gap), (index / columns) * (h + gap))
            for y in 0 ..< h {
                let source = y * w * 3, target = ((y0 + y) * width + x0) * 3
                pixels.replaceSubrange(target ..< target + w * 3, with: tile.pixels[source ..< source + w * 3])
            }
        }
        return try Bitmap(width: width, height: height, channels: 3, pixels: pixels)
    }

    public static func write(_ images: Tensor, columns: Int, to url: URL) throws {
        try Data(bitmap(images, columns: columns).pngData()).write(to: url)
    }
}
