/// Which camera family took a photograph, where that can be told: from the
/// EXIF make and model when the file has them, else from the frame's shape
/// (infant cameras write fixed frames: RetCam 640×480 with the round field
/// inside it, Forus 3nethra Neo a square frame with the field inscribed).
/// Figures differ by camera, so the report names the one it saw, and how.
public struct CameraIdentification: Codable, Sendable, Equatable {
    /// `RetCam`, `Neo`, or `unknown`.
    public var family: String
    /// `exif` or `frame`: what the family was told from (nil for `unknown`).
    public var basis: String?
    public var make: String?
    public var model: String?
    /// The frame as decoded, e.g. `640x480`.
    public var frame: String

    public static let families = ["RetCam", "Neo"]

    public init(family: String, basis: String?, make: String?, model: String?, frame: String) {
        self.family = family
        self.basis = basis
        self.make = make
        self.model = model
        self.frame = frame
    }

    /// Identifies the camera of a photograph from its EXIF tags and the size and field of view of its frame.
    public static func identify(size: Size, fieldOfView: FieldOfView?, exif: ExifCameraTags?) -> CameraIdentification {
        let frame = "\(size.width)x\(size.height)"
        if let exif, let family = family(make: exif.make, model: exif.model) {
            return CameraIdentification(family: family, basis: "exif", make: exif.make, model: exif.model, frame: frame)
        }
        if let family = family(frame: size, fieldOfView: fieldOfView) {
            return CameraIdentification(family: family, basis: "frame", make: exif?.make, model: exif?.model, frame: frame)
        }
        return CameraIdentification(family: "unknown", basis: nil, make: exif?.make, model: exif?.model, frame: frame)
    }

    /// The family that a make or model names (Natus/Clarity RetCam; Forus 3nethra Neo).
    static func family(make: String?, model: String?) -> String? {
        let text = [make, model].compactMap { $0?.lowercased() }.joined(separator: " ")
        if text.contains("retcam") || text.contains("clarity") || text.contains("natus") { return "RetCam" }
        if text.contains("forus") || text.contains("3nethra") || text.contains("neo") { return "Neo" }
        return nil
    }

    /// The family that a frame implies: RetCam's 640×480 frame, or a square frame
    /// (Neo writes 2040×2040) whose round field nearly fills it. Other frames say nothing.
    static func family(frame: Size, fieldOfView: FieldOfView?) -> String? {
        if frame.width == 640 && frame.height == 480 { return "RetCam" }
        if frame.width == frame.height, frame.width >= 1000, let fov = fieldOfView,
           fov.radius * 2 >= 0.85 * Double(frame.width) {
            return "Neo"
        }
        return nil
    }
}
