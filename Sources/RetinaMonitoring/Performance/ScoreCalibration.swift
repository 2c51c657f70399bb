import Foundation

/// A fitted map from a classifier's score to the probability its positive class is true,
/// stored beside the model card so performance can be estimated before labels arrive.
public enum ScoreCalibration: Sendable, Hashable, Codable {
    public enum Method: String, Sendable, Hashable, Codable {
        case isotonic
        case platt
    }

    case isotonic(IsotonicCalibration)
    case platt(PlattScaling)

    public init(method: Method, scores: [Double], labels: [Bool]) throws(MonitoringError) {
        switch method {
        case .isotonic: self = .isotonic(try IsotonicCalibration(scores: scores, labels: labels))
        case .platt: self = .platt(try PlattScaling(scores: scores, labels: labels))
        }
    }

    public func calibrated(_ score: Double) -> Double {
        switch self {
        case let .isotonic(calibration): calibration.calibrated(score)
        case let .platt(calibration): calibration.calibrated(score)
        }
    }
}
