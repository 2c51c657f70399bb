/// Text that is not RFC 4180 CSV. Lines and records count from 1; no cell text is quoted.
public enum CSVParseError: Error, Hashable, CustomStringConvertible {
    case empty
    /// A double quote inside a field that did not start with one.
    case quoteInsideField(line: Int)
    /// Characters between a closing quote and the next comma or line ending.
    case textAfterClosingQuote(line: Int)
    /// A CR not followed by LF outside quotes.
    case bareCarriageReturn(line: Int)
    /// The text ends inside a quoted field.
    case unclosedQuote
    /// A record with more or fewer fields than the header.
    case wrongFieldCount(record: Int, expected: Int, found: Int)

    public var description: String {
        switch self {
        case .empty: "the CSV text has no header"
        case .quoteInsideField(let line): "line \(line): a double quote inside an unquoted field"
        case .textAfterClosingQuote(let line): "line \(line): text after a closing quote"
        case .bareCarriageReturn(let line): "line \(line): a carriage return without a line feed"
        case .unclosedQuote: "the text ends inside a quoted field"
        case .wrongFieldCount(let record, let expected, let found):
            "record \(record): \(found) fields where the header has \(expected)"
        }
    }
}
