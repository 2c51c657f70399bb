import Testing
import FundusImaging
@testable import RetinaModels

@Suite("Fovea refinement")
struct FoveaRefinementTests {
    /// A field of view (centre 300,200, radius 280) with a macula that darkens towards its pit at `pits`.
    static func photograph(pits: [Point] = [Point(x: 300, y: 200)]) throws -> Bitmap {
        var image = try Bitmap(width: 600, height: 400, channels: 3, value: 0)
        try image.drawCircle(center: Point(x: 300, y: 200), radius: 280, color: Color(170, 90, 40), thickness: -1)
        for pit in pits {
            for (radius, green) in [(40.0, 75), (30, 65), (20, 55), (10, 45)] {
                try image.drawCircle(center: pit, radius: radius, color: Color(150, UInt8(green), 35), thickness: -1)
            }
        }
        return image
    }

    @Test("From a peak beside the macula to its darkest point")
    func peakToPit() throws {
        let refined = try #require(try FoveaRefinement.refine(Point(x: 330, y: 185), discDiameter: 100, in: Self.photograph()))
        #expect(abs(refined.x - 300) <= 3 && abs(refined.y - 200) <= 3, "\(refined)")
    }

    @Test("Of two equally dark pits, the one nearer the network's answer")
    func nearerPit() throws {
        let image = try Self.photograph(pits: [Point(x: 240, y: 200), Point(x: 340, y: 200)])
        let refined = try #require(try FoveaRefinement.refine(Point(x: 320, y: 200), discDiameter: 150, in: image))
        #expect(abs(refined.x - 340) <= 3 && abs(refined.y - 200) <= 3, "\(refined)")
    }

    @Test("Never leaves its window; outside the field of view or with a tiny disc it declines")
    func limits() throws {
        let far = try #require(try FoveaRefinement.refine(Point(x: 450, y: 200), discDiameter: 100, in: Self.photograph()))
        #expect(abs(far.x - 450) <= 60 && abs(far.y - 200) <= 60, "\(far)")
        #expect(try FoveaRefinement.refine(Point(x: 10, y: 10), discDiameter: 30, in: Self.photograph()) == nil)
        #expect(try FoveaRefinement.refine(Point(x: 300, y: 200), discDiameter: 4, in: Self.photograph()) == nil)
    }
}
