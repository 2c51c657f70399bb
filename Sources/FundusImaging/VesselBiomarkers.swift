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
        let calibre = Summary(calibres)
        let usableDisc = discDiameter.flatMap { $0 > 0 ? $0 : nil }
        return VesselBiomarkers(
            density: regionPixels == 0 ? 0 : Double(vesselPixels) / Double(regionPixels),
            skeletonLength: graph.length, segmentCount: segments.count,
            tortuosity: Summary(tortuosities), tortuosityHistogram: histogram, calibre: calibre,
            discDiameter: usableDisc,
            skeletonLengthInDiscDiameters: usableDisc.map { graph.length / $0 },
            calibreInDiscDiameters: usableDisc.flatMap { d in calibre.map { $0.mean / d } })
    }
}

/// A one-pixel-wide skeleton as a graph of 8-connected pixels.
struct SkeletonGraph {
    let width: Int
    let height: Int
    let on: [Bool]
    let pixels: [Int]

    init(_ skeleton: Bitmap) {
        width = skeleton.width
        height = skeleton.height
        let on = skeleton.pixels.map { $0 > 127 }
        self.on = on
        pixels = on.indices.filter { on[$0] }
    }

    /// Edge neighbours first, so that a walk along a staircase takes the edge step.
    static let offsets = [(0, -1), (-1, 0), (1, 0), (0, 1), (-1, -1), (1, -1), (-1, 1), (1, 1)]
    /// The eight neighbours in cyclic order, for the crossing number.
    static let ring = [(0, -1), (1, -1), (1, 0), (1, 1), (0, 1), (-1, 1), (-1, 0), (-1, -1)]

    /// Number of separate skeleton branches around `i`: 0→1 transitions around its ring
    /// (1 at an end, 2 along a path, ≥ 3 at a junction). Unlike a neighbour count,
    /// it is not fooled by the corner pixels of an 8-connected staircase.
    func branches(_ i: Int) -> Int {
        let (x, y) = (i % width, i / width)
        let values = Self.ring.map { dx, dy -> Bool in
            let (nx, ny) = (x + dx, y + dy)
            return nx >= 0 && ny >= 0 && nx < width && ny < height && on[ny * width + nx]
        }
        return (0 ..< 8).filter { !values[$0] && values[($0 + 1) % 8] }.count
    }

    func neighbours(_ i: Int, where include: (Int) -> Bool = { _ in true }) -> [Int] {
        let (x, y) = (i % width, i / width)
        return Self.offsets.compactMap { dx, dy in
            let (nx, ny) = (x + dx, y + dy)
            guard nx >= 0, ny >= 0, nx < width, ny < height else { return nil }
            let j = ny * width + nx
            return on[j] && include(j) ? j : nil
        }
    }

    func step(_ a: Int, _ b: Int) -> Double {
        (a % width != b % width && a / width != b / width) ? 2.0.squareRoot() : 1
    }

    /// Total length: each link counted once, diagonal links √2.
    var length: Double {
        pixels.reduce(0.0) { total, i in total + neighbours(i).filter { $0 > i }.reduce(0.0) { $0 + step(i, $1) } }
    }

    /// The pieces between junctions (≥ 3 branches), with their arc length and
    /// chord. A piece's ends are found as the farthest pair by two breadth-first
    /// searches, and its arc is the length of the path between them: robust to
    /// the corner pixels of 8-connected staircases, which a step-by-step walk is not.
    func segments() -> [(arc: Double, chord: Double)] {
        // A junction's neighbours go with it: two arms touching diagonally beside it would otherwise stay joined.
        let centres = pixels.filter { branches($0) >= 3 }
        let junction = Set(centres + centres.flatMap { neighbours($0) })
        var seen = Set<Int>()
        var result: [(Double, Double)] = []
        for start in pixels where !junction.contains(start) && !seen.contains(start) {
            let (component, _) = search(from: start) { !junction.contains($0) }
            seen.formUnion(component)
            guard component.count >= 2 else { continue }
            let a = search(from: start) { !junction.contains($0) }.farthest
            let (_, b, parent) = searchWithParents(from: a) { !junction.contains($0) }
            var path = [b]
            while let p = parent[path.last!] { path.append(p) }
            let arc = zip(path, path.dropFirst()).reduce(0.0) { $0 + step($1.0, $1.1) }
            let (dx, dy) = (Double(a % width - b % width), Double(a / width - b / width))
            result.append((arc, (dx * dx + dy * dy).squareRoot()))
        }
        return result
    }

    /// Pixels reachable from `start` through pixels passing `include`, and the farthest (in steps).
    func search(from start: Int, include: (Int) -> Bool) -> (component: [Int], farthest: Int) {
        let (order, farthest, _) = searchWithParents(from: start, include: include)
        return (order, farthest)
    }

    private func searchWithParents(from start: Int, include: (Int) -> Bool) -> (order: [Int], farthest: Int, parent: [Int: Int]) {
        var parent: [Int: Int] = [:]
        var visited: Set<Int> = [start]
        var order = [start]
        var head = 0
        while head < order.count {
            let current = order[head]
            head += 1
            for next in neighbours(current, where: include) where !visited.contains(next) {
                visited.insert(next)
                parent[next] = current
                order.append(next)
            }
        }
        return (order, order.last!, parent)
    }
}
