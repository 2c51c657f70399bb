import Foundation
import FundusImaging

/// A photograph with the labels that must stay true while it is augmented:
/// masks and keypoints travel inside `image`; the eye label travels here.
public struct TrainingSample: Sendable {
    public var image: FundusImage
    public var eye: Eye?
    public var classIndex: Int?
    /// The photograph's file, when it came from a manifest.
    public var source: URL?

    public init(image: FundusImage, eye: Eye? = nil, classIndex: Int? = nil, source: URL? = nil) {
        self.image = image
        self.eye = eye
        self.classIndex = classIndex
        self.source = source
    }
}
