/// Comma-separated values as RFC 4180 writes them: a field holding a comma, a double quote,
/// CR or LF is put in double quotes, with its double quotes doubled; every other field is
/// written as it is. Records end in `lineEnding` (LF by default, as the project's manifests
/// end; RFC 4180 itself says CRLF, and `parse` reads both).
public struct CSVTable: Sendable, Hashable {
    public let header: [String]
    public let rows: [[String]]

    public init(header: [String], rows: [[String]]) {
        self.header = header
        self.rows = rows
    }

    /// The table as text, header first, every record (the last included) ended.
    public func text(lineEnding: String = "\n") -> String {
        ([header] + rows).map { Self.record($0) + lineEnding }.joined()
    }

    /// One record, its fields escaped, without the line ending.
    public static func record(_ fields: [String]) -> String {
        fields.map(escape).joined(separator: ",")
    }

    /// One field, quoted where RFC 4180 requires it.
    public static func escape(_ field: String) -> String {
        // By Unicode scalar, not by Character: a quote followed by a combining mark is one
        // Character but still a quote to every CSV reader.
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

    /// Reads RFC 4180 text: the first record is the header, and every other record must have
    /// as many fields. Quoted fields may hold commas, doubled quotes and line breaks; records
    /// end in LF or CRLF, and a final line ending is optional.
    public init(parsing text: String) throws(CSVParseError) {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var inQuotes = false
        var fieldWasQuoted = false
        var line = 1
        var characters = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil

        func next() -> Unicode.Scalar? {
            if let scalar = pending { pending = nil; return scalar }
            return characters.next()
        }

        while let scalar = next() {
            if inQuotes {
                if scalar == "\"" {
                    let following = next()
                    if following == "\"" {
                        field.unicodeScalars.append("\"")
                    } else {
                        inQuotes = false
                        pending = following
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case ",":
                record.append(field)
                field = ""
                fieldWasQuoted = false
            case "\"":
                guard field.isEmpty, !fieldWasQuoted else { throw .quoteInsideField(line: line) }
                inQuotes = true
                fieldWasQuoted = true
            case "\r":
                let following = next()
                guard following == "\n" else { throw .bareCarriageReturn(line: line) }
                fallthrough
            case "\n":
                record.append(field)
                records.append(record)
                record = []
                field = ""
                fieldWasQuoted = false
                line += 1
            default:
                guard !fieldWasQuoted else { throw .textAfterClosingQuote(line: line) }
                field.unicodeScalars.append(scalar)
            }
        }
        guard !inQuotes else { throw .unclosedQuote }
        if !record.isEmpty || !field.isEmpty || fieldWasQuoted {
            record.append(field)
            records.append(record)
        }
        guard let header = records.first else { throw .empty }
        for (index, fields) in records.enumerated().dropFirst() where fields.count != header.count {
            throw .wrongFieldCount(record: index + 1, expected: header.count, found: fields.count)
        }
        self.header = header
        self.rows = Array(records.dropFirst())
    }

    /// The rows as dictionaries from column name to cell.
    public var rowsByColumn: [[String: String]] {
        rows.map { Dictionary(zip(header, $0), uniquingKeysWith: { first, _ in first }) }
    }
}
