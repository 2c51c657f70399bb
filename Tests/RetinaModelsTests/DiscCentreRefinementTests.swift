import Testing
import FundusImaging
@testable import RetinaModels

@Suite("Disc centre refinement")
struct DiscCentreRefinementTests {
    /// A disc (radius 40, centre 200,150) with a brighter cup 15 px temporal of its centre.
    static func photograph() throws -> Bitmap {
        var image = try Bitmap(width: 400, height: 300, channels: 3, value: 0)
        try image.drawCircle(center: Point(x: 200, y: 200), radius: 400, color: Color(70, 30, 10), thickness: -1)
        try image.drawCircle(center: Point(x: 200, y: 150), radius: 40, color: Color(160, 110, 60), thickness: -1)
        try image.drawCircle(center: Point(x: 215, y: 150), radius: 15, color: Color(240, 220, 160), thickness: -1)
        return image
    }

    @Test("From the cup to the centre of the disc")
    func cupToDisc() throws {
        let refined = try #require(try DiscCentreRefinement.refine(Point(x: 215, y: 150), discSize: 80, in: Self.photograph()))
        #expect(abs(refined.x - 200) < 1.5 && abs(refined.y - 150) < 1.5, "\(refined)")
    }

    @Test("A peak beside the disc still finds it; a disc size too small to judge leaves the point alone")
    func edges() throws {
        let refined = try #require(try DiscCentreRefinement.refine(Point(x: 245, y: 150), discSize: 120, in: Self.photograph()))
        #expect(abs(refined.x - 200) < 2 && abs(refined.y - 150) < 2, "\(refined)")
        #expect(try DiscCentreRefinement.refine(Point(x: 215, y: 150), discSize: 3, in: Self.photograph()) == nil)
    }
}
