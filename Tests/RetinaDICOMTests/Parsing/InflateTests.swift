import Testing
@testable import RetinaDICOM

@Suite struct InflateTests {
    @Test func storedBlocks() throws {
        let data = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 * 31) }
        #expect(try Inflate.decompress(storedDeflate(data, blockSize: 30_000), maximumOutput: 1 << 20) == data)
    }

    @Test func fixedHuffmanBlock() throws {
        // zlib, raw deflate, Z_FIXED strategy.
        let compressed = hexBytes("2bca2f284e2e4a4dcd5328c2c64a2dc9cccb2f482cc9a854c84f5328284acd4d2c292dca2ca90400")
        let text = try Inflate.decompress(compressed, maximumOutput: 1000)
        #expect(String(decoding: text, as: UTF8.self) == "ropscreen ropscreen ropscreen retinopathy of prematurity")
    }

    @Test func dynamicHuffmanBlock() throws {
        // zlib level 9, raw deflate: a dynamic-Huffman block with back references.
        let compressed = hexBytes("""
        55d10b6ec3201004d0abec11bc5fdbc7a10e49911c3b021c293d7d53c02d3dc0cc3ecd469fc3b63f5cfe7c0df088feeef211437e217ced9b27\
        48d9dd3cc3633d92c02524ef9257b81edbe548064f9f925f47c87bccc79edeb90916b7868fe867d81f392c38fca41644b8ee4fef90e0ee9663\
        75c810c3e5e6f1ddfa3e1a1797c3bea1c21a368f06f1cf85e33fd8546438571a0dc54678e2889a8eb8f1483a1fe90924ab421a8b90a62aa4b9\
        0979a842c65ec85484ccbd90a517b216215b1b6f2c429e4e21cf4d2843130a7642a153285c8552965f44ab50ac0965ac42997aa1cc45a8432f\
        54ec854a45a85c852a45a8fafb606b421d9b50a74ea8f329b4a10aadccbf1855a171139a54a1692f342b421bbf01
        """)
        let words = "retinopathy prematurity zone stage plus disease fundus vessel tortuosity calibre optic disc fovea macula ridge demarcation line"
            .split(separator: " ")
        let expected = Array(repeating: words, count: 4).joined().enumerated().map { "\($0.element)\($0.offset)" }.joined(separator: " ")
        let text = try Inflate.decompress(compressed, maximumOutput: 10_000)
        #expect(String(decoding: text, as: UTF8.self) == expected)
        // Cut anywhere, the stream is an error, not a trap.
        for length in 0..<compressed.count {
            #expect(dicomError { try Inflate.decompress(Array(compressed[..<length]), maximumOutput: 10_000) } != nil)
        }
    }
}
