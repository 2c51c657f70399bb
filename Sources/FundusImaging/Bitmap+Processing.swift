import CVision

public enum Interpolation: Sendable {
    case nearest, linear, area

    var code: cv_interpolation {
        switch self {
        case .nearest: CV_INTER_NEAREST
        case .linear: CV_INTER_LINEAR
        case .area: CV_INTER_AREA
        }
    }
}

public enum Morphology: Sendable {
    case erode, dilate, open, close

    var code: cv_morph_op {
        switch self {
        case .erode: CV_MORPH_ERODE
        case .dilate: CV_MORPH_DILATE
        case .open: CV_MORPH_OPEN
        case .close: CV_MORPH_CLOSE
        }
    }
}

/// Pixel operations through OpenCV.
extension Bitmap {
    public func resized(to size: Size, interpolation: Interpolation = .linear) throws -> Bitmap {
        try vision { cv_resize($0, Int32(size.width), Int32(size.height), interpolation.code, $1) }
    }

    /// Warps by `transform` (destination = transform(source)) into an image of `size`,
    /// filling uncovered pixels with `border`.
    public func warped(by transform: AffineTransform, to size: Size, interpolation: Interpolation = .linear, border: UInt8 = 0) throws -> Bitmap {
        let m = transform.matrix
        return try vision { cv_warp_affine($0, m, Int32(size.width), Int32(size.height), interpolation.code, Double(border), $1) }
    }

    public func grayscale() throws -> Bitmap {
        channels == 1 ? self : try vision { cv_to_gray($0, $1) }
    }

    /// Contrast-limited adaptive histogram equalisation (on lightness for RGB).
    public func clahe(clipLimit: Double = 2, tiles: Int = 8) throws -> Bitmap {
        try vision { cv_clahe($0, clipLimit, Int32(tiles), $1) }
    }

    public func gaussianBlurred(sigma: Double) throws -> Bitmap {
        try vision { cv_gaussian_blur($0, sigma, $1) }
    }

    public func medianBlurred(kernel: Int) throws -> Bitmap {
        try vision { cv_median_blur($0, Int32(kernel), $1) }
    }

    /// Morphology with an elliptical kernel of `kernel` pixels.
    public func morphology(_ op: Morphology, kernel: Int, iterations: Int = 1) throws -> Bitmap {
        try vision { cv_morphology($0, op.code, Int32(kernel), Int32(iterations), $1) }
    }

    /// A 0/255 mask of the pixels above `threshold`; Otsu's threshold when nil.
    public func thresholded(_ threshold: Double? = nil) throws -> (mask: Bitmap, threshold: Double) {
        var used = 0.0
        let mask = try vision { cv_threshold($0, threshold ?? -1, &used, $1) }
        return (mask, used)
    }

    /// The largest connected blob of a 0/255 mask, holes filled.
    public func largestComponent() throws -> Bitmap {
        try vision { cv_largest_component($0, $1) }
    }

    /// Variance of the Laplacian of the grey image: a sharpness measure.
    public func laplacianVariance() throws -> Double {
        var value = 0.0
        try grayscale().withVisionImage { input in
            guard cv_laplacian_variance(input, &value) == 0 else { throw VisionError.last() }
        }
        return value
    }

    /// One channel of an RGB image as a grey image.
    public func channel(_ index: Int) throws -> Bitmap {
        guard index >= 0, index < channels else { throw VisionError("channel \(index) of a \(channels)-channel image") }
        if channels == 1 { return self }
        var out = [UInt8](repeating: 0, count: width * height)
        for i in 0 ..< out.count { out[i] = pixels[i * channels + index] }
        return try Bitmap(width: width, height: height, channels: 1, pixels: out)
    }

    /// The image with three channels (a grey image repeated in each).
    public func rgb() throws -> Bitmap {
        if channels == 3 { return self }
        return try Bitmap(width: width, height: height, channels: 3, pixels: pixels.flatMap { [$0, $0, $0] })
    }
}

extension Bitmap {
    /// The one-pixel-wide skeleton of a 0/255 mask (Zhang–Suen thinning).
    public func skeleton() throws -> Bitmap {
        try vision { cv_thinning($0, $1) }
    }

    /// For every pixel of a 0/255 mask, the Euclidean distance to the nearest background pixel.
    public func distanceTransform() throws -> [Float] {
        var out = [Float](repeating: 0, count: width * height)
        try withVisionImage { input in
            let status = out.withUnsafeMutableBufferPointer { cv_distance_transform(input, $0.baseAddress) }
            guard status == 0 else { throw VisionError.last() }
        }
        return out
    }
}
