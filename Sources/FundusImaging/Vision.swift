import CVision

/// Facts about the OpenCV build underneath.
public enum Vision {
    public static var version: String { String(cString: cv_version_string()) }
}
