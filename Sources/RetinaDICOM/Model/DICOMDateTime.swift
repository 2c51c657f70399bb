import Foundation

/// Conversions between DICOM DA / TM / DT strings and `Date`.
enum DICOMDateTime {
    /// Parses `YYYYMMDD[HH[MM[SS[.FFFFFF]]]][&ZZXX]`. Without an offset in the
    /// value, `defaultOffset` (Timezone Offset From UTC) applies, else UTC.
    static func date(dateTime: String, defaultOffset: String? = nil) -> Date? {
        var text = Substring(dateTime.trimmingCharacters(in: .whitespaces))
        var offsetText: Substring? = defaultOffset.map { Substring($0) }
        if let signIndex = text.firstIndex(where: { $0 == "+" || $0 == "-" }) {
            offsetText = text[signIndex...]
            text = text[..<signIndex]
        }
        let fraction: Double
        if let dot = text.firstIndex(of: ".") {
            fraction = Double("0" + text[dot...]) ?? 0
            text = text[..<dot]
        } else {
            fraction = 0
        }
        let digits = Array(text)
        guard digits.count >= 8, digits.count % 2 == 0, digits.count <= 14, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        func field(_ start: Int, _ length: Int) -> Int? {
            guard start + length <= digits.count else { return nil }
            return Int(String(digits[start..<start + length]))
        }
        var components = DateComponents()
        components.year = field(0, 4)
        components.month = field(4, 2)
        components.day = field(6, 2)
        components.hour = field(8, 2) ?? 0
        components.minute = field(10, 2) ?? 0
        components.second = field(12, 2) ?? 0
        guard let month = components.month, (1...12).contains(month), let day = components.day, (1...31).contains(day),
              let hour = components.hour, hour < 24, let minute = components.minute, minute < 60 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone(offsetText) ?? TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar.date(from: components).map { $0.addingTimeInterval(fraction) }
    }

    private static func timeZone(_ text: Substring?) -> TimeZone? {
        guard let text, text.count == 5, let sign = text.first, sign == "+" || sign == "-",
              let hours = Int(text.dropFirst().prefix(2)), let minutes = Int(text.suffix(2)) else { return nil }
        return TimeZone(secondsFromGMT: (sign == "-" ? -1 : 1) * (hours * 3600 + minutes * 60))
    }

    /// `YYYYMMDD` and `HHMMSS` of `date` in UTC.
    static func dateAndTime(_ date: Date) -> (date: String, time: String) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func pad(_ value: Int?, _ width: Int) -> String {
            let text = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return (pad(c.year, 4) + pad(c.month, 2) + pad(c.day, 2), pad(c.hour, 2) + pad(c.minute, 2) + pad(c.second, 2))
    }

    /// Adds `days` to a DA value (or the date part of a DT); nil when it is not a valid date.
    static func shift(_ value: String, days: Int) -> String? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        guard trimmed.count >= 8, let date = date(dateTime: String(trimmed.prefix(8))) else { return nil }
        let shifted = dateAndTime(date.addingTimeInterval(Double(days) * 86_400)).date
        return shifted + trimmed.dropFirst(8)
    }
}
