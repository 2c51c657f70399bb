import Foundation

/// Measurements of a binary vessel map that plus disease changes: how much
/// vessel there is, how tortuous its segments are, and how wide.
///
/// The skeleton is split at its junctions into segments. Tortuosity is each
/// segment's arc length over its chord (1 = straight); calibre is twice the
/// distance from the skeleton to the vessel's edge. Lengths are in image
/// pixels, and also divided by the optic-disc diameter when it is known, which
/// makes them comparable across cameras and magnifications.
public struct VesselBiomarkers: Codable, Sendable, Equatable {
    /// Vessel pixels over the pixels of the measured region.
    public var density: Double
    public var skeletonLength: Double
    public var segmentCount: Int
    public var tortuosity: Summary?
    /// Counts of segment tortuosity in [1, 1.05), [1.05, 1.1), [1.1, 1.2), [1.2, 1.5), [1.5, ∞).
    public var tortuosityHistogram: [Int]
    /// Vessel diameter along the skeleton, in pixels.
    public var calibre: Summary?
    public var discDiameter: Double?
    /// `skeletonLength` / disc diameter.
    public var skeletonLengthInDiscDiameters: Double?
    /// Mean calibre / disc diameter.
    public var calibreInDiscDiameters: Double?

    public struct Summary: Codable, Sendable, Equatable {
        public var mean: Double
        public var median: Double
        public var p90: Double

        init?(_ values: [Double]) {
            guard !values.isEmpty else { return nil }
            let sorted = values.sorted()
            mean = values.reduce(0, +) / Double(values.count)
            median = sorted[sorted.count / 2]
            p90 = sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.9))]
        }
    }

    static let histogramEdges = [1.05, 1.1, 1.2, 1.5]

    /// Measures `mask` (0/255) inside `region` (0/255, the whole image when nil).
    /// Segments with a chord shorter than `minimumChord` pixels are too short for
    /// a meaningful tortuosity and are left out of it.
    public static func measure(mask: Bitmap, region: Bitmap? = nil, discDiameter: Double? = nil,
                               minimumChord: Double = 10) throws -> VesselBiomarkers {
        guard mask.channels == 1, region.map({ $0.size == mask.size && $0.channels == 1 }) ?? true else {
            throw VisionError("biomarkers need a one-channel mask and a region of the same size")
        }
        var vessels = mask
        var regionPixels = mask.width * mask.height
        if let region { (vessels, regionPixels) = try masked(mask, inside: region) }
        let vesselPixels = vessels.pixels.filter { $0 > 127 }.count
        let skeleton = try vessels.skeleton()
        let distance = try vessels.distanceTransform()
        let graph = SkeletonGraph(skeleton)

        // A skeleton pixel at distance d from the background sits in a vessel 2d − 1 pixels wide.
        let calibres = graph.pixels.map { 2 * Double(distance[$0]) - 1 }
        let segments = graph.segments()
        let tortuosities = segments.compactMap { s in s.chord >= minimumChord ? s.arc / s.chord : nil }
        var histogram = [Int](repeating: 0, count: histogramEdges.count + 1)
        for t in tortuosities { histogram[histogramEdges.firstIndex { t < $0 } ?? histogramEdges.count] += 1 }
        return VesselBiomarkers(
            density: regionPixels == 0 ? 0 : Double(vesselPixels) / Double(regionPixels),
            skeletonLength: graph.length, segmentCount: segments.count,
            tortuosity: Summary(tortuosities), tortuosityHistogram: histogram, calibre: Summary(calibres))
            .inDiscDiameters(discDiameter)
    }

    /// `mask` with everything outside `region` cleared, cropped to the region's bounding
    /// box and one pixel of background around it: the skeleton and the distances to the
    /// background are those of the whole cleared mask, at the cost of the box (zone I is a
    /// small part of the photograph). Also the region's pixel count.
    static func masked(_ mask: Bitmap, inside region: Bitmap) throws -> (vessels: Bitmap, regionPixels: Int) {
        var (left, top, right, bottom, count) = (mask.width, mask.height, -1, -1, 0)
        for y in 0 ..< region.height {
            for x in 0 ..< region.width where region.pixels[y * region.width + x] > 127 {
                (left, top, right, bottom, count) = (min(left, x), min(top, y), max(right, x), max(bottom, y), count + 1)
            }
        }
        guard count > 0 else { return (try Bitmap(width: 1, height: 1, channels: 1), 0) }
        let (x0, y0) = (max(0, left - 1), max(0, top - 1))
        let (x1, y1) = (min(mask.width - 1, right + 1), min(mask.height - 1, bottom + 1))
        var cropped = try Bitmap(width: x1 - x0 + 1, height: y1 - y0 + 1, channels: 1)
        for y in y0 ... y1 {
            for x in x0 ... x1 {
                let i = y * mask.width + x
                if region.pixels[i] > 127 { cropped.pixels[(y - y0) * cropped.width + (x - x0)] = mask.pixels[i] }
            }
        }
        return (cropped, count)
    }

    /// The same measures, with length and calibre also in disc diameters (the
    /// scale that does not depend on the camera), or without them when the disc was not found.
    public func inDiscDiameters(_ discDiameter: Double?) -> VesselBiomarkers {
        var out = self
        out.discDiameter = discDiameter.flatMap { $0 > 0 ? $0 : nil }
        out.skeletonLengthInDiscDiameters = out.discDiameter.map { skeletonLength / $0 }
        out.calibreInDiscDiameters = out.discDiameter.flatMap { d in calibre.map { $0.mean / d } }
        return out
    }
}
