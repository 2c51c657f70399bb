import Foundation
import Testing
@testable import FundusImaging

@Suite("Vessel biomarkers on constructed masks")
struct VesselBiomarkerTests {
    func canvas() throws -> Bitmap { try Bitmap(width: 200, height: 200, channels: 1) }

    @Test("A straight vessel 5 px wide: tortuosity 1, calibre 5, length ≈ its extent")
    func straightVessel() throws {
        var mask = try canvas()
        for y in 98 ... 102 { for x in 20 ..< 180 { mask[x, y] = 255 } }
        let b = try VesselBiomarkers.measure(mask: mask, discDiameter: 40)
        #expect(b.segmentCount == 1)
        #expect(abs(b.tortuosity!.mean - 1) < 0.02)
        #expect(abs(b.calibre!.median - 5) <= 0.5)
        #expect(abs(b.skeletonLength - 155) < 8)   // thinning shortens the ends by about half the width
        #expect(abs(b.density - 800.0 / 40_000) < 1e-9)
        #expect(abs(b.skeletonLengthInDiscDiameters! - b.skeletonLength / 40) < 1e-9)
        #expect(b.tortuosityHistogram == [1, 0, 0, 0, 0])
    }

    @Test("A half circle: tortuosity π/2")
    func semicircle() throws {
        var mask = try canvas()
        for a in stride(from: 0.0, through: Double.pi, by: 0.001) {
            let (x, y) = (100 + 60 * cos(a), 100 + 60 * sin(a))
            for dy in -1 ... 1 { for dx in -1 ... 1 { mask[Int(x.rounded()) + dx, Int(y.rounded()) + dy] = 255 } }
        }
        let b = try VesselBiomarkers.measure(mask: mask)
        #expect(b.segmentCount == 1)
        #expect(abs(b.tortuosity!.mean - Double.pi / 2) < 0.08, "\(b.tortuosity!.mean)")
        #expect(b.tortuosityHistogram[4] == 1)
    }

    @Test("A cross splits into four segments at its junction; a region restricts the count")
    func junctionsAndRegion() throws {
        var mask = try canvas()
        for i in 20 ..< 180 { mask[i, 100] = 255; mask[100, i] = 255 }
        let b = try VesselBiomarkers.measure(mask: mask)
        #expect(b.segmentCount == 4)
        var left = try canvas()
        for y in 0 ..< 200 { for x in 0 ..< 100 { left[x, y] = 255 } }
        let half = try VesselBiomarkers.measure(mask: mask, region: left)
        #expect(half.skeletonLength < b.skeletonLength * 0.75)
        #expect(VesselBiomarkers.Summary([]) == nil)
    }

    @Test("Inside a small region (zone I), measured on its box alone: the same figures as on the whole cleared mask")
    func regionCrop() throws {
        var mask = try canvas()
        for a in stride(from: 0.0, through: 2 * Double.pi, by: 0.002) {   // a wavy vessel and a straight one crossing it
            let (x, y) = (20 + 160 * a / (2 * .pi), 100 + 25 * sin(3 * a))
            for dy in -2 ... 2 { mask[Int(x.rounded()), Int(y.rounded()) + dy] = 255 }
        }
        for y in 10 ..< 190 { for x in 118 ... 121 { mask[x, y] = 255 } }
        var zone = try canvas()
        for y in 0 ..< 200 { for x in 0 ..< 200 where hypot(Double(x - 110), Double(y - 95)) < 45 { zone[x, y] = 255 } }
        var cleared = mask
        for i in cleared.pixels.indices where zone.pixels[i] == 0 { cleared.pixels[i] = 0 }
        let whole = try VesselBiomarkers.measure(mask: cleared)
        let inside = try VesselBiomarkers.measure(mask: mask, region: zone)
        #expect(inside.segmentCount == whole.segmentCount && inside.segmentCount >= 3)
        #expect(inside.skeletonLength == whole.skeletonLength && inside.tortuosity == whole.tortuosity && inside.calibre == whole.calibre)
        let zonePixels = zone.pixels.filter { $0 > 0 }.count
        #expect(abs(inside.density - Double(cleared.pixels.filter { $0 > 0 }.count) / Double(zonePixels)) < 1e-12)
        let empty = try VesselBiomarkers.measure(mask: mask, region: canvas())
        #expect(empty.density == 0 && empty.segmentCount == 0)
    }
}
