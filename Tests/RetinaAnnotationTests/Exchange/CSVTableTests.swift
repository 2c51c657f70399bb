import Testing
@testable import RetinaAnnotation

@Suite("RFC 4180 CSV")
struct CSVTableTests {
    @Test("Fields with commas, quotes or line breaks are quoted, quotes doubled; others are left alone")
    func escaping() {
        #expect(CSVTable.escape("images/a.png") == "images/a.png")
        #expect(CSVTable.escape("") == "")
        #expect(CSVTable.escape("a,b") == "\"a,b\"")
        #expect(CSVTable.escape("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVTable.escape("two\nlines") == "\"two\nlines\"")
        #expect(CSVTable.escape("crlf\r\nend") == "\"crlf\r\nend\"")
        #expect(CSVTable.escape("lone\rcr") == "\"lone\rcr\"")
        // A quote followed by a combining accent is one Character but still a quote.
        #expect(CSVTable.escape("x\"\u{301}") == "\"x\"\"\u{301}\"")
        #expect(CSVTable.record(["a", "b,c", ""]) == "a,\"b,c\",")
    }

    @Test("Text written is read back to the same table, with LF or CRLF line ends")
    func roundTrip() throws {
        let table = CSVTable(header: ["image", "note"], rows: [
            ["a,b.png", "He said \"no\""], ["multi\nline", ""], ["", "ëñ 網膜"], ["x\"\u{301}", ",\u{301}"],
        ])
        #expect(try CSVTable(parsing: table.text()) == table)
        #expect(try CSVTable(parsing: table.text(lineEnding: "\r\n")) == table)
        #expect(try CSVTable(parsing: "a,b\n1,2") == CSVTable(header: ["a", "b"], rows: [["1", "2"]]))
        #expect(try CSVTable(parsing: "a\n\"\"\n").rows == [[""]])
        #expect(try CSVTable(parsing: "a,b\n1,2\n").rowsByColumn == [["a": "1", "b": "2"]])
    }

    @Test("Malformed text is refused with a named error")
    func errors() {
        #expect(throws: CSVParseError.empty) { try CSVTable(parsing: "") }
        #expect(throws: CSVParseError.unclosedQuote) { try CSVTable(parsing: "a\n\"open\n") }
        #expect(throws: CSVParseError.quoteInsideField(line: 2)) { try CSVTable(parsing: "a\nx\"y\n") }
        #expect(throws: CSVParseError.textAfterClosingQuote(line: 2)) { try CSVTable(parsing: "a\n\"x\"y\n") }
        #expect(throws: CSVParseError.bareCarriageReturn(line: 1)) { try CSVTable(parsing: "a\rb\n") }
        #expect(throws: CSVParseError.wrongFieldCount(record: 3, expected: 2, found: 3)) {
            try CSVTable(parsing: "a,b\n1,2\n1,2,3\n")
        }
    }
}
