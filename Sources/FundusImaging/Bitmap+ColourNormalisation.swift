extension Bitmap {
    /// The photograph in another camera's colours mapped to `means` (red, green, blue, 0…1):
    /// its channels put in the order of their means inside `mask` (the brightest becomes red,
    /// as in every fundus photograph), then each scaled so that its mean there is the target's.
    /// Channel gains and swaps, the colour casts of other cameras, are undone; structure is
    /// untouched. `mask` is 0/255 at the photograph's size (a field of view's).
    public func recoloured(toChannelMeans means: [Double], inside mask: Bitmap) throws -> Bitmap {
        let rgb = try self.rgb()
        guard means.count == 3, mask.width == rgb.width, mask.height == rgb.height, mask.channels == 1 else {
            throw VisionError("recolouring needs three target means and a one-channel mask of the photograph's size")
        }
        let pixels = rgb.pixels, inside = mask.pixels
        var sums = [0.0, 0.0, 0.0], count = 0.0
        for index in 0 ..< rgb.width * rgb.height where inside[index] > 0 {
            for channel in 0 ..< 3 { sums[channel] += Double(pixels[index * 3 + channel]) }
            count += 1
        }
        guard count > 0 else { return rgb }
        let current = sums.map { $0 / count / 255 }
        let order = [0, 1, 2].sorted { current[$0] > current[$1] }
        let gains = (0 ..< 3).map { means[$0] / max(current[order[$0]], 1e-4) }
        var out = [UInt8](repeating: 0, count: pixels.count)
        for index in 0 ..< rgb.width * rgb.height {
            for channel in 0 ..< 3 {
                out[index * 3 + channel] = UInt8(max(0, min(255, (Double(pixels[index * 3 + order[channel]]) * gains[channel]).rounded())))
            }
        }
        return try Bitmap(width: rgb.width, height: rgb.height, channels: 3, pixels: out)
    }
}
