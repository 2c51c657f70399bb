import FundusImaging
import Torch

/// How a photograph becomes the model's input.
public struct Preprocessing: Codable, Sendable, Equatable {
    /// CLAHE on lightness before normalising (clip limit 2, 8×8 tiles).
    public var clahe: Bool
    public var normalization: Normalization
    /// Cut the square around the detected field of view first.
    public var cropToFieldOfView: Bool?
    /// Letterbox to this square size (nil: keep the photograph's resolution).
    public var inputSize: Int?
    /// Average the prediction with that of the left–right mirrored input (test-time augmentation).
    public var mirrorAveraging: Bool?

    public init(clahe: Bool, normalization: Normalization, cropToFieldOfView: Bool? = nil, inputSize: Int? = nil,
                mirrorAveraging: Bool? = nil) {
        self.clahe = clahe
        self.normalization = normalization
        self.cropToFieldOfView = cropToFieldOfView
        self.inputSize = inputSize
        self.mirrorAveraging = mirrorAveraging
    }

    /// The photograph cropped and resized as the model sees it, with the map back
    /// to the photograph's pixels (and its keypoints and masks carried along).
    /// `fieldOfView` is the photograph's, when the caller has detected it already.
    public func prepare(_ photo: FundusImage, fieldOfView: FieldOfView? = nil) throws -> FundusImage {
        var transforms: [SpatialTransform] = []
        if cropToFieldOfView == true {
            let fov = try fieldOfView ?? FieldOfView.detect(in: photo.image)
            if fov.coverage > 0.05 { transforms.append(fov.squareCrop()) }
        }
        if let inputSize { transforms.append(.letterbox(Size(width: inputSize, height: inputSize))) }
        return transforms.isEmpty ? photo : try photo.applying(transforms)
    }

    /// The model input (1, 3, H, W) for an already prepared image.
    public func tensor(for image: Bitmap) throws -> Tensor {
        try (clahe ? image.clahe() : image).tensor(normalization: normalization)
    }
}
