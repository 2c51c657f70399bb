/// A raw DEFLATE (RFC 1951) decoder for the Deflated Explicit VR Little Endian
/// transfer syntax, which Foundation on Linux does not provide. It stops with
/// an error, rather than growing, once the output passes `maximumOutput`
/// (a deflate bomb), and on any invalid code or truncated stream.
struct Inflate {
    private let input: [UInt8]
    private var position = 0
    private var bitBuffer: UInt32 = 0
    private var bitCount = 0
    private var output: [UInt8] = []
    private let maximumOutput: Int

    static func decompress(_ input: [UInt8], maximumOutput: Int) throws -> [UInt8] {
        var inflater = Inflate(input: input, maximumOutput: maximumOutput)
        try inflater.run()
        return inflater.output
    }

    private init(input: [UInt8], maximumOutput: Int) {
        self.input = input
        self.maximumOutput = maximumOutput
    }

    /// A canonical Huffman code: symbol counts per length and the symbols in code order.
    private struct Huffman {
        var counts = [Int](repeating: 0, count: 16)
        var symbols: [Int] = []

        /// Rejects an over-subscribed set of lengths (more codes than bit patterns).
        init(lengths: [Int]) throws {
            var counts = [Int](repeating: 0, count: 16)
            for length in lengths { counts[length] += 1 }
            var left = 1
            for length in 1..<16 {
                left = left * 2 - counts[length]
                guard left >= 0 else { throw DICOMError.malformedDeflateData(reason: "over-subscribed Huffman code") }
            }
            self.init(trusted: lengths)
        }

        /// For lengths valid by construction (the fixed tables).
        init(trusted lengths: [Int]) {
            for length in lengths { counts[length] += 1 }
            counts[0] = 0
            var offsets = [Int](repeating: 0, count: 16)
            for length in 1..<15 { offsets[length + 1] = offsets[length] + counts[length] }
            symbols = [Int](repeating: 0, count: lengths.count)
            for (symbol, length) in lengths.enumerated() where length != 0 {
                symbols[offsets[length]] = symbol
                offsets[length] += 1
            }
        }
    }

    private mutating func bits(_ count: Int) throws -> Int {
        while bitCount < count {
            guard position < input.count else { throw DICOMError.malformedDeflateData(reason: "truncated stream") }
            bitBuffer |= UInt32(input[position]) << UInt32(bitCount)
            position += 1
            bitCount += 8
        }
        let value = Int(bitBuffer & ((1 << UInt32(count)) - 1))
        bitBuffer = count == 32 ? 0 : bitBuffer >> UInt32(count)
        bitCount -= count
        return value
    }

    private mutating func decode(_ huffman: Huffman) throws -> Int {
        var code = 0, first = 0, index = 0
        for length in 1..<16 {
            code |= try bits(1)
            let count = huffman.counts[length]
            if code - count < first { return huffman.symbols[index + (code - first)] }
            index += count
            first = (first + count) << 1
            code <<= 1
        }
        throw DICOMError.malformedDeflateData(reason: "invalid Huffman code")
    }

    private mutating func emit(_ byte: UInt8) throws {
        guard output.count < maximumOutput else { throw DICOMError.tooLarge(limit: maximumOutput) }
        output.append(byte)
    }

    private mutating func run() throws {
        var last = false
        while !last {
            last = try bits(1) == 1
            switch try bits(2) {
            case 0: try stored()
            case 1: try codes(literal: Self.fixedLiteral, distance: Self.fixedDistance)
            case 2:
                let (literal, distance) = try dynamicTables()
                try codes(literal: literal, distance: distance)
            default: throw DICOMError.malformedDeflateData(reason: "invalid block type")
            }
        }
    }

    private mutating func stored() throws {
        bitBuffer = 0
        bitCount = 0
        guard position + 4 <= input.count else { throw DICOMError.malformedDeflateData(reason: "truncated stored block") }
        let length = Int(input[position]) | Int(input[position + 1]) << 8
        let complement = Int(input[position + 2]) | Int(input[position + 3]) << 8
        position += 4
        guard length == ~complement & 0xFFFF else { throw DICOMError.malformedDeflateData(reason: "stored block length mismatch") }
        guard position + length <= input.count else { throw DICOMError.malformedDeflateData(reason: "truncated stored block") }
        guard output.count + length <= maximumOutput else { throw DICOMError.tooLarge(limit: maximumOutput) }
        output += input[position..<position + length]
        position += length
    }

    private static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    private static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    private static let distanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
                                       2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    private static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]

    private static let fixedLiteral = Huffman(trusted: [Int](repeating: 8, count: 144) + [Int](repeating: 9, count: 112)
        + [Int](repeating: 7, count: 24) + [Int](repeating: 8, count: 8))
    private static let fixedDistance = Huffman(trusted: [Int](repeating: 5, count: 30))

    private mutating func codes(literal: Huffman, distance: Huffman) throws {
        while true {
            let symbol = try decode(literal)
            if symbol < 256 {
                try emit(UInt8(symbol))
            } else if symbol == 256 {
                return
            } else {
                let index = symbol - 257
                guard index < Self.lengthBase.count else { throw DICOMError.malformedDeflateData(reason: "invalid length symbol") }
                let length = Self.lengthBase[index] + (try bits(Self.lengthExtra[index]))
                let distanceSymbol = try decode(distance)
                guard distanceSymbol < Self.distanceBase.count else { throw DICOMError.malformedDeflateData(reason: "invalid distance symbol") }
                let back = Self.distanceBase[distanceSymbol] + (try bits(Self.distanceExtra[distanceSymbol]))
                guard back <= output.count else { throw DICOMError.malformedDeflateData(reason: "distance before the start") }
                guard output.count + length <= maximumOutput else { throw DICOMError.tooLarge(limit: maximumOutput) }
                let start = output.count - back
                for i in 0..<length { output.append(output[start + i]) }
            }
        }
    }

    private static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    private mutating func dynamicTables() throws -> (Huffman, Huffman) {
        let literalCount = try bits(5) + 257
        let distanceCount = try bits(5) + 1
        let codeLengthCount = try bits(4) + 4
        guard literalCount <= 286, distanceCount <= 30 else { throw DICOMError.malformedDeflateData(reason: "bad table counts") }
        var codeLengths = [Int](repeating: 0, count: 19)
        for i in 0..<codeLengthCount { codeLengths[Self.codeLengthOrder[i]] = try bits(3) }
        let lengthCode = try Huffman(lengths: codeLengths)
        var lengths: [Int] = []
        while lengths.count < literalCount + distanceCount {
            let symbol = try decode(lengthCode)
            switch symbol {
            case 0..<16: lengths.append(symbol)
            case 16:
                guard let previous = lengths.last else { throw DICOMError.malformedDeflateData(reason: "repeat with no previous length") }
                lengths += [Int](repeating: previous, count: 3 + (try bits(2)))
            case 17: lengths += [Int](repeating: 0, count: 3 + (try bits(3)))
            default: lengths += [Int](repeating: 0, count: 11 + (try bits(7)))
            }
        }
        guard lengths.count == literalCount + distanceCount else { throw DICOMError.malformedDeflateData(reason: "too many lengths") }
        guard lengths[256] != 0 else { throw DICOMError.malformedDeflateData(reason: "no end-of-block code") }
        return (try Huffman(lengths: Array(lengths[..<literalCount])), try Huffman(lengths: Array(lengths[literalCount...])))
    }
}
