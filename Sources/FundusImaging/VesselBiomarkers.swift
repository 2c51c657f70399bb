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
        if let region {
            regionPixels = region.pixels.filter { $0 > 127 }.count
            for i in vessels.pixels.indices where region.pixels[i] <= 127 { vessels.pixels[i] = 0 }
        }
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
