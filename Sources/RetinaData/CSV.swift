/// RFC 4180 CSV: commas, double-quoted fields with "" escapes and embedded
/// newlines, CRLF or LF line ends. Returns each record with the line it starts on.
public enum CSV {
    public struct UnterminatedQuote: Error { public let line: Int }

    /// A field as written in a record: quoted (with inner quotes doubled) when it holds a comma, quote or line break.
    /// By Unicode scalar, not by Character: a quote followed by a combining mark is one
    /// Character but still a quote to every CSV reader.
    public static func escape(_ field: String) -> String {
        let special: Set<Unicode.Scalar> = [",", "\"", "\r", "\n"]
        guard field.unicodeScalars.contains(where: special.contains) else { return field }
        var quoted = String.UnicodeScalarView()
        quoted.append("\"")
        for scalar in field.unicodeScalars {
            quoted.append(scalar)
            if scalar == "\"" { quoted.append("\"") }
        }
        quoted.append("\"")
        return String(quoted)
    }

    /// One record, its fields escaped, without the line ending.
    public static func record(_ fields: [String]) -> String {
        fields.map(escape).joined(separator: ",")
    }

    public static func records(_ text: String) throws -> [(line: Int, fields: [String])] {
        var records: [(Int, [String])] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var line = 1
        var recordLine = 1
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let p = pending { pending = nil; return p }
            return iterator.next()
        }
        while let c = next() {
            if quoted {
                if c == "\"" {
                    let after = next()
                    if after == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; pending = after }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty: quoted = true
            case ",": fields.append(field); field = ""
            case "\r": continue
            case "\n":
                fields.append(field)
                if !(fields.count == 1 && fields[0].isEmpty) { records.append((recordLine, fields)) }
                fields = []; field = ""
                line += 1
                recordLine = line
            default: field.unicodeScalars.append(c)
            }
        }
        if quoted { throw UnterminatedQuote(line: recordLine) }
        if !field.isEmpty || !fields.isEmpty {
            fields.append(field)
            records.append((recordLine, fields))
        }
        return records
    }
}
