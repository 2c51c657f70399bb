/// A one-pixel-wide skeleton as a graph of 8-connected pixels. Pixels are
/// indices into the image's row-major pixel array; the searches use flat arrays
/// rather than sets, because a fundus skeleton has tens of thousands of pixels.
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

    /// The 8 neighbours, the 4 straight ones first (the searches' order).
    static let offsets = [(0, -1), (-1, 0), (1, 0), (0, 1), (-1, -1), (1, -1), (-1, 1), (1, 1)]
    /// The 8 neighbours clockwise from north, so that consecutive entries are adjacent.
    static let ring = [(0, -1), (1, -1), (1, 0), (1, 1), (0, 1), (-1, 1), (-1, 0), (-1, -1)]

    /// Calls `body` with every skeleton pixel 8-adjacent to `i`.
    @inline(__always)
    func forEachNeighbour(of i: Int, _ body: (Int) -> Void) {
        let (x, y) = (i % width, i / width)
        for (dx, dy) in Self.offsets {
            let (nx, ny) = (x + dx, y + dy)
            guard nx >= 0, ny >= 0, nx < width, ny < height else { continue }
            let j = ny * width + nx
            if on[j] { body(j) }
        }
    }

    /// The number of separate arms leaving pixel `i` (off-to-on changes around it).
    func branches(_ i: Int) -> Int {
        let (x, y) = (i % width, i / width)
        var values = (false, false, false, false, false, false, false, false)
        withUnsafeMutableBytes(of: &values) { buffer in
            for (k, (dx, dy)) in Self.ring.enumerated() {
                let (nx, ny) = (x + dx, y + dy)
                buffer[k] = nx >= 0 && ny >= 0 && nx < width && ny < height && on[ny * width + nx] ? 1 : 0
            }
        }
        return withUnsafeBytes(of: values) { v in (0 ..< 8).filter { v[$0] == 0 && v[($0 + 1) % 8] != 0 }.count }
    }

    func step(_ a: Int, _ b: Int) -> Double {
        (a % width != b % width && a / width != b / width) ? 2.0.squareRoot() : 1
    }

    /// Total length: every pair of adjacent pixels once, diagonal pairs counting √2.
    var length: Double {
        var total = 0.0
        for i in pixels { forEachNeighbour(of: i) { j in if j > i { total += step(i, j) } } }
        return total
    }

    /// The arms between junctions, each as its arc length along the skeleton and
    /// the straight distance between its two ends.
    func segments() -> [(arc: Double, chord: Double)] {
        // A junction's neighbours go with it: two arms touching diagonally beside it would otherwise stay joined.
        var junction = [Bool](repeating: false, count: on.count)
        for p in pixels where branches(p) >= 3 {
            junction[p] = true
            forEachNeighbour(of: p) { junction[$0] = true }
        }
        var search = Search(count: on.count)
        var seen = [Bool](repeating: false, count: on.count)
        var result: [(Double, Double)] = []
        for start in pixels where !junction[start] && !seen[start] {
            let a = search.run(from: start, in: self, excluding: junction)
            for i in search.order { seen[i] = true }
            guard search.order.count >= 2 else { continue }
            // The farthest pixel from anywhere is one end; the farthest from it is the other.
            let b = search.run(from: a, in: self, excluding: junction)
            var arc = 0.0
            var current = b
            while let previous = search.parent(of: current) {
                arc += step(current, previous)
                current = previous
            }
            let (dx, dy) = (Double(a % width - b % width), Double(a / width - b / width))
            result.append((arc, (dx * dx + dy * dy).squareRoot()))
        }
        return result
    }

    /// Breadth-first search whose bookkeeping is reused from run to run: a pixel
    /// counts as visited when its stamp equals the current run's.
    struct Search {
        private var stamp: [UInt32]
        private var parents: [Int32]
        private var generation: UInt32 = 0
        private(set) var order: [Int] = []

        init(count: Int) {
            stamp = [UInt32](repeating: 0, count: count)
            parents = [Int32](repeating: -1, count: count)
        }

        /// Visits the pixels connected to `start` outside `excluded`; returns the last one reached (the farthest).
        mutating func run(from start: Int, in graph: SkeletonGraph, excluding excluded: [Bool]) -> Int {
            generation += 1
            order.removeAll(keepingCapacity: true)
            stamp[start] = generation
            parents[start] = -1
            order.append(start)
            var head = 0
            while head < order.count {
                let current = order[head]
                head += 1
                graph.forEachNeighbour(of: current) { next in
                    guard !excluded[next], stamp[next] != generation else { return }
                    stamp[next] = generation
                    parents[next] = Int32(current)
                    order.append(next)
                }
            }
            return order[order.count - 1]
        }

        /// The pixel the last run reached `i` from, nil for its start.
        func parent(of i: Int) -> Int? {
            stamp[i] == generation && parents[i] >= 0 ? Int(parents[i]) : nil
        }
    }
}
