import Foundation

/// One content item of a structured report's tree (PS3.3 C.17.3).
public indirect enum DICOMReportItem: Sendable, Equatable {
    case text(concept: DICOMCode, value: String)
    case number(concept: DICOMCode, value: Double, units: DICOMCode)
    case code(concept: DICOMCode, value: DICOMCode)
    case container(concept: DICOMCode, children: [DICOMReportItem])

    public var concept: DICOMCode {
        switch self {
        case .text(let concept, _), .number(let concept, _, _), .code(let concept, _), .container(let concept, _): concept
        }
    }

    /// The item as a Content Sequence item, related to its parent by CONTAINS.
    var item: DICOMDataSet {
        var d = DICOMDataSet()
        d.set(.relationshipType, .CS, "CONTAINS")
        d.set(.conceptNameCodeSequence, sequence: [concept.item])
        switch self {
        case .text(_, let value):
            d.set(.valueType, .CS, "TEXT")
            d.set(.textValue, .UT, value)
        case .number(_, let value, let units):
            d.set(.valueType, .CS, "NUM")
            var measured = DICOMDataSet()
            measured.set(.measurementUnitsCodeSequence, sequence: [units.item])
            measured.set(.numericValue, .DS, Self.decimalString(value))
            d.set(.measuredValueSequence, sequence: [measured])
        case .code(_, let value):
            d.set(.valueType, .CS, "CODE")
            d.set(.conceptCodeSequence, sequence: [value.item])
        case .container(_, let children):
            d.set(.valueType, .CS, "CONTAINER")
            d.set(.continuityOfContent, .CS, "SEPARATE")
            d.set(.contentSequence, sequence: children.map(\.item))
        }
        return d
    }

    /// Reads a Content Sequence item back; nil for value types this module does not write.
    init?(item d: DICOMDataSet) {
        guard let concept = d.sequence(.conceptNameCodeSequence).first.flatMap(DICOMCode.init(item:)) else { return nil }
        switch d.string(.valueType) {
        case "TEXT":
            self = .text(concept: concept, value: d.string(.textValue) ?? "")
        case "NUM":
            guard let measured = d.sequence(.measuredValueSequence).first,
                  let value = measured.string(.numericValue).flatMap(Double.init),
                  let units = measured.sequence(.measurementUnitsCodeSequence).first.flatMap(DICOMCode.init(item:)) else { return nil }
            self = .number(concept: concept, value: value, units: units)
        case "CODE":
            guard let value = d.sequence(.conceptCodeSequence).first.flatMap(DICOMCode.init(item:)) else { return nil }
            self = .code(concept: concept, value: value)
        case "CONTAINER":
            self = .container(concept: concept, children: d.sequence(.contentSequence).compactMap(DICOMReportItem.init(item:)))
        default:
            return nil
        }
    }

    /// A DS value: at most 16 characters, full precision where it fits.
    static func decimalString(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        for precision in stride(from: 15, through: 1, by: -1) {
            let text = String(format: "%.\(precision)g", value)
            if text.count <= 16 { return text }
        }
        return "0"
    }
}
