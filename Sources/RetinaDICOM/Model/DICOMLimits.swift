/// Bounds that keep a hostile file from exhausting memory or the stack. Every
/// limit is checked before the memory it guards is allocated.
public struct DICOMLimits: Sendable, Equatable {
    /// Largest accepted file (or inflated data set), in bytes.
    public var maximumFileBytes: Int
    /// Deepest nesting of sequences in sequences.
    public var maximumSequenceDepth: Int
    /// Most data elements in the whole file, nested ones included.
    public var maximumElementCount: Int
    /// Most samples (rows × columns × samples per pixel) in one frame.
    public var maximumSamplesPerFrame: Int
    /// Most frames in a multi-frame object.
    public var maximumFrameCount: Int
    /// Most decoded RGB bytes across all frames of one object.
    public var maximumDecodedBytes: Int

    public init(maximumFileBytes: Int = 1 << 30,
                maximumSequenceDepth: Int = 16,
                maximumElementCount: Int = 1_000_000,
                maximumSamplesPerFrame: Int = 3 * 12_000 * 12_000,
                maximumFrameCount: Int = 512,
                maximumDecodedBytes: Int = 2 << 30) {
        self.maximumFileBytes = maximumFileBytes
        self.maximumSequenceDepth = maximumSequenceDepth
        self.maximumElementCount = maximumElementCount
        self.maximumSamplesPerFrame = maximumSamplesPerFrame
        self.maximumFrameCount = maximumFrameCount
        self.maximumDecodedBytes = maximumDecodedBytes
    }
}
