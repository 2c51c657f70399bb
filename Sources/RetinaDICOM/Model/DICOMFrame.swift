/// One frame of an image: decoded to RGB when it was stored uncompressed, or
/// the compressed bytes as they were in the file, for the caller's decoder.
public enum DICOMFrame: Sendable, Equatable {
    case rgb(DICOMRGBFrame)
    case compressed(DICOMCompressedFrame)

    public var width: Int {
        switch self {
        case .rgb(let frame): frame.width
        case .compressed(let frame): frame.width
        }
    }

    public var height: Int {
        switch self {
        case .rgb(let frame): frame.height
        case .compressed(let frame): frame.height
        }
    }
}

/// An 8-bit RGB bitmap, pixels interleaved `R G B R G B …`, rows top to bottom.
public struct DICOMRGBFrame: Sendable, Equatable {
    public var width: Int
    public var height: Int
    /// `width × height × 3` bytes.
    public var pixels: [UInt8]

    /// Fails when `pixels` does not hold exactly `width × height × 3` bytes.
    public init?(width: Int, height: Int, pixels: [UInt8]) {
        guard width > 0, height > 0, width <= Int(UInt16.max), height <= Int(UInt16.max),
              pixels.count == width * height * 3 else { return nil }
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    init(unchecked width: Int, height: Int, pixels: [UInt8]) {
        self.width = width
        self.height = height
        self.pixels = pixels
    }
}

/// One frame's compressed bitstream (a JPEG, JPEG-LS or JPEG 2000 codestream,
/// or RLE segments), with what the decoder needs to know about it.
public struct DICOMCompressedFrame: Sendable, Equatable {
    public var transferSyntax: DICOMTransferSyntax
    public var bytes: [UInt8]
    public var width: Int
    public var height: Int
    public var samplesPerPixel: Int
    public var bitsStored: Int
    public var photometricInterpretation: String
}
