/// Turns the Pixel Data of a data set into frames: native pixels converted to
/// 8-bit interleaved RGB, encapsulated pixels split into one codestream per frame.
///
/// Sizes are checked against `DICOMLimits` from the header attributes before
/// any pixel buffer is allocated.
struct DICOMPixelDecoder {
    let limits: DICOMLimits

    private struct Layout {
        var rows: Int
        var columns: Int
        var samplesPerPixel: Int
        var frameCount: Int
        var photometric: String
        var bitsStored: Int
    }

    func frames(of dataSet: DICOMDataSet, transferSyntax: DICOMTransferSyntax) throws -> [DICOMFrame] {
        guard let pixelData = dataSet[.pixelData] else {
            if dataSet.contains(DICOMTag(0x7FE0, 0x0008)) || dataSet.contains(DICOMTag(0x7FE0, 0x0009)) {
                throw DICOMError.unsupportedPixelFormat(reason: "floating-point pixel data")
            }
            throw DICOMError.missingPixelData
        }
        let layout = try checkedLayout(dataSet)
        switch pixelData.value {
        case .encapsulated(let encapsulated):
            return try compressedFrames(encapsulated, layout: layout, transferSyntax: transferSyntax, dataSet: dataSet)
        case .bytes(let bytes):
            guard !transferSyntax.isEncapsulated else {
                throw DICOMError.malformed(tag: .pixelData, reason: "native pixel data in a compressed transfer syntax")
            }
            return try nativeFrames(bytes, layout: layout, dataSet: dataSet).map(DICOMFrame.rgb)
        case .sequence:
            throw DICOMError.malformed(tag: .pixelData, reason: "pixel data encoded as a sequence")
        }
    }

    private func checkedLayout(_ dataSet: DICOMDataSet) throws -> Layout {
        guard let rows = dataSet.integer(.rows), rows > 0 else { throw DICOMError.missingAttribute(tag: .rows) }
        guard let columns = dataSet.integer(.columns), columns > 0 else { throw DICOMError.missingAttribute(tag: .columns) }
        let samples = dataSet.integer(.samplesPerPixel) ?? 1
        guard samples == 1 || samples == 3 else {
            throw DICOMError.unsupportedPixelFormat(reason: "\(samples) samples per pixel")
        }
        // Rows and Columns are 16-bit in the standard; bounding them first keeps the product from overflowing.
        guard rows <= 65535, columns <= 65535, rows * columns * samples <= limits.maximumSamplesPerFrame else {
            throw DICOMError.frameTooLarge(rows: rows, columns: columns, samplesPerPixel: samples, limit: limits.maximumSamplesPerFrame)
        }
        let frameCount = dataSet.integer(.numberOfFrames) ?? 1
        guard frameCount >= 1 else { throw DICOMError.malformed(tag: .numberOfFrames, reason: "fewer than one frame") }
        guard frameCount <= limits.maximumFrameCount else {
            throw DICOMError.tooManyFrames(count: frameCount, limit: limits.maximumFrameCount)
        }
        guard rows * columns * 3 * frameCount <= limits.maximumDecodedBytes else {
            throw DICOMError.tooLarge(limit: limits.maximumDecodedBytes)
        }
        let photometric = dataSet.string(.photometricInterpretation) ?? (samples == 1 ? "MONOCHROME2" : "RGB")
        let bitsAllocated = dataSet.integer(.bitsAllocated) ?? 8
        let bitsStored = dataSet.integer(.bitsStored) ?? bitsAllocated
        return Layout(rows: rows, columns: columns, samplesPerPixel: samples, frameCount: frameCount,
                      photometric: photometric, bitsStored: bitsStored)
    }

    // MARK: Encapsulated

    private func compressedFrames(_ pixels: DICOMEncapsulatedPixelData, layout: Layout,
                                  transferSyntax: DICOMTransferSyntax, dataSet: DICOMDataSet) throws -> [DICOMFrame] {
        guard transferSyntax.isEncapsulated else {
            throw DICOMError.malformed(tag: .pixelData, reason: "encapsulated pixel data in a native transfer syntax")
        }
        guard !pixels.fragments.isEmpty else { throw DICOMError.missingPixelData }
        let groups = try Self.fragmentGroups(pixels, frameCount: layout.frameCount)
        return groups.map { group in
            .compressed(DICOMCompressedFrame(
                transferSyntax: transferSyntax, bytes: Array(group.joined()), width: layout.columns, height: layout.rows,
                samplesPerPixel: layout.samplesPerPixel, bitsStored: layout.bitsStored,
                photometricInterpretation: layout.photometric))
        }
    }

    /// Which fragments make up each frame (PS3.5 A.4): all of them for one
    /// frame; else by the basic offset table; else one each; else split where
    /// a fragment starts a new JPEG (FFD8) or JPEG 2000 (FF4F) codestream.
    static func fragmentGroups(_ pixels: DICOMEncapsulatedPixelData, frameCount: Int) throws -> [[[UInt8]]] {
        let fragments = pixels.fragments
        if frameCount == 1 { return [fragments] }
        if pixels.offsetTable.count == frameCount {
            var starts: [Int: Int] = [:]
            var position = 0
            for (index, fragment) in fragments.enumerated() {
                starts[position] = index
                position += 8 + fragment.count
            }
            var firstFragments: [Int] = []
            for offset in pixels.offsetTable {
                guard let index = starts[Int(offset)], index >= (firstFragments.last.map { $0 + 1 } ?? 0) else {
                    throw DICOMError.malformed(tag: .pixelData, reason: "basic offset table does not match the fragments")
                }
                firstFragments.append(index)
            }
            guard firstFragments.first == 0 else {
                throw DICOMError.malformed(tag: .pixelData, reason: "basic offset table does not start at the first fragment")
            }
            return firstFragments.indices.map { k in
                let end = k + 1 < firstFragments.count ? firstFragments[k + 1] : fragments.count
                return Array(fragments[firstFragments[k]..<end])
            }
        }
        if fragments.count == frameCount { return fragments.map { [$0] } }
        var groups: [[[UInt8]]] = []
        for fragment in fragments {
            let startsCodestream = fragment.count >= 2 && fragment[0] == 0xFF && (fragment[1] == 0xD8 || fragment[1] == 0x4F)
            if startsCodestream || groups.isEmpty { groups.append([fragment]) } else { groups[groups.count - 1].append(fragment) }
        }
        guard groups.count == frameCount else {
            throw DICOMError.malformed(tag: .pixelData, reason: "\(fragments.count) fragments cannot be split into \(frameCount) frames")
        }
        return groups
    }

    // MARK: Native

    private func nativeFrames(_ bytes: [UInt8], layout: Layout, dataSet: DICOMDataSet) throws -> [DICOMRGBFrame] {
        let bitsAllocated = dataSet.integer(.bitsAllocated) ?? 8
        guard bitsAllocated == 8 || bitsAllocated == 16 else {
            throw DICOMError.unsupportedPixelFormat(reason: "\(bitsAllocated) bits allocated")
        }
        let bitsStored = layout.bitsStored
        guard (1...bitsAllocated).contains(bitsStored) else {
            throw DICOMError.unsupportedPixelFormat(reason: "\(bitsStored) bits stored in \(bitsAllocated) allocated")
        }
        let signed = dataSet.integer(.pixelRepresentation) == 1
        let planar = dataSet.integer(.planarConfiguration) == 1
        let photometric = layout.photometric
        let expectedSamples: Int
        switch photometric {
        case "MONOCHROME1", "MONOCHROME2": expectedSamples = 1
        case "RGB", "YBR_FULL", "YBR_FULL_422": expectedSamples = 3
        default: throw DICOMError.unsupportedPixelFormat(reason: "photometric interpretation \(photometric)")
        }
        guard layout.samplesPerPixel == expectedSamples else {
            throw DICOMError.unsupportedPixelFormat(reason: "\(photometric) with \(layout.samplesPerPixel) samples per pixel")
        }
        let subsampled = photometric == "YBR_FULL_422"
        if subsampled && (layout.columns % 2 != 0 || planar) {
            throw DICOMError.unsupportedPixelFormat(reason: "YBR_FULL_422 needs an even width and planar configuration 0")
        }
        let bytesPerSample = bitsAllocated / 8
        let pixelCount = layout.rows * layout.columns
        let samplesPerFrame = subsampled ? pixelCount * 2 : pixelCount * layout.samplesPerPixel
        let frameBytes = samplesPerFrame * bytesPerSample
        guard bytes.count >= frameBytes * layout.frameCount else {
            throw DICOMError.pixelDataTooShort(expected: frameBytes * layout.frameCount, actual: bytes.count)
        }
        let table = Self.scaleTable(bitsAllocated: bitsAllocated, bitsStored: bitsStored, signed: signed,
                                    invert: photometric == "MONOCHROME1")

        var frames: [DICOMRGBFrame] = []
        frames.reserveCapacity(layout.frameCount)
        for frameIndex in 0..<layout.frameCount {
            let base = frameIndex * frameBytes
            // The 8-bit value of sample `i` of this frame, in storage order.
            func sample(_ i: Int) -> UInt8 {
                let at = base + i * bytesPerSample
                let raw = bytesPerSample == 1 ? Int(bytes[at]) : Int(bytes[at]) | Int(bytes[at + 1]) << 8
                return table[raw]
            }
            var rgb = [UInt8](repeating: 0, count: pixelCount * 3)
            if expectedSamples == 1 {
                for p in 0..<pixelCount {
                    let v = sample(p)
                    rgb[p * 3] = v; rgb[p * 3 + 1] = v; rgb[p * 3 + 2] = v
                }
            } else if subsampled {
                for pair in 0..<(pixelCount / 2) {
                    let cb = sample(pair * 4 + 2), cr = sample(pair * 4 + 3)
                    for k in 0..<2 {
                        let (r, g, b) = Self.rgb(y: sample(pair * 4 + k), cb: cb, cr: cr)
                        let p = (pair * 2 + k) * 3
                        rgb[p] = r; rgb[p + 1] = g; rgb[p + 2] = b
                    }
                }
            } else {
                let ycc = photometric == "YBR_FULL"
                for p in 0..<pixelCount {
                    let a = planar ? sample(p) : sample(p * 3)
                    let b = planar ? sample(pixelCount + p) : sample(p * 3 + 1)
                    let c = planar ? sample(2 * pixelCount + p) : sample(p * 3 + 2)
                    let (r, g, bl) = ycc ? Self.rgb(y: a, cb: b, cr: c) : (a, b, c)
                    rgb[p * 3] = r; rgb[p * 3 + 1] = g; rgb[p * 3 + 2] = bl
                }
            }
            frames.append(DICOMRGBFrame(unchecked: layout.columns, height: layout.rows, pixels: rgb))
        }
        return frames
    }

    /// Maps every possible stored value to 8 bits: masked to Bits Stored,
    /// signed values shifted to start at zero, then scaled to 0…255.
    static func scaleTable(bitsAllocated: Int, bitsStored: Int, signed: Bool, invert: Bool) -> [UInt8] {
        let mask = (1 << bitsStored) - 1
        let maximum = Double(mask)
        return (0..<(1 << bitsAllocated)).map { raw in
            var value = raw & mask
            if signed {
                value = value >= 1 << (bitsStored - 1) ? value - (1 << (bitsStored - 1)) : value + (1 << (bitsStored - 1))
            }
            let scaled: Int
            if bitsStored >= 8 {
                scaled = value >> (bitsStored - 8)
            } else {
                scaled = Int((Double(value) * 255 / maximum).rounded())
            }
            return UInt8(invert ? 255 - scaled : scaled)
        }
    }

    /// YCbCr full range (PS3.3 C.7.6.3.1.2) to RGB.
    static func rgb(y: UInt8, cb: UInt8, cr: UInt8) -> (UInt8, UInt8, UInt8) {
        let yy = Double(y), b = Double(cb) - 128, r = Double(cr) - 128
        func clamp(_ v: Double) -> UInt8 { UInt8(max(0, min(255, v.rounded()))) }
        return (clamp(yy + 1.402 * r), clamp(yy - 0.344136 * b - 0.714136 * r), clamp(yy + 1.772 * b))
    }
}
