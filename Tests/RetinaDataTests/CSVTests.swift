import Testing
@testable import RetinaData

@Suite("RFC 4180 CSV")
struct CSVTests {
    @Test("Fields with commas, quotes or line breaks are quoted, quotes doubled; others are left alone")
    func escaping() {
        #expect(CSV.escape("images/a.png") == "images/a.png")
        #expect(CSV.escape("") == "")
        #expect(CSV.escape("a,b") == "\"a,b\"")
        #expect(CSV.escape("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSV.escape("two\nlines") == "\"two\nlines\"")
        #expect(CSV.escape("crlf\r\nend") == "\"crlf\r\nend\"")
        #expect(CSV.escape("lone\rcr") == "\"lone\rcr\"")
        // A quote followed by a combining accent is one Character but still a quote.
        #expect(CSV.escape("x\"\u{301}") == "\"x\"\"\u{301}\"")
        #expect(CSV.record(["a", "b,c", ""]) == "a,\"b,c\",")
    }

    @Test("Records written are read back the same, with LF or CRLF line ends, and an unclosed quote is an error naming its line")
    func roundTrip() throws {
        let rows = [["image", "note"], ["a,b.png", "He said \"no\""], ["multi\nline", ""], ["", "ëñ 網膜"], ["x\"\u{301}", ",\u{301}"]]
        for ending in ["\n", "\r\n"] {
            let text = rows.map { CSV.record($0) + ending }.joined()
            #expect(try CSV.records(text).map(\.fields) == rows)
        }
        #expect(try CSV.records("a\n\"multi\nline\"\nb\n").map(\.line) == [1, 2, 4])
        #expect(throws: CSV.UnterminatedQuote.self) { try CSV.records("a\n\"open\n") }
    }
}
