import Foundation

/// The 2×3 affine map p' = A p + t, as OpenCV's `warpAffine` takes it.
public struct AffineTransform: Sendable, Equatable {
    public var a, b, tx: Double   // x' = a x + b y + tx
    public var c, d, ty: Double   // y' = c x + d y + ty

    public init(a: Double, b: Double, tx: Double, c: Double, d: Double, ty: Double) {
        (self.a, self.b, self.tx, self.c, self.d, self.ty) = (a, b, tx, c, d, ty)
    }

    public static let identity = AffineTransform(a: 1, b: 0, tx: 0, c: 0, d: 1, ty: 0)

    public static func translation(_ dx: Double, _ dy: Double) -> AffineTransform {
        AffineTransform(a: 1, b: 0, tx: dx, c: 0, d: 1, ty: dy)
    }

    public static func scale(_ sx: Double, _ sy: Double) -> AffineTransform {
        AffineTransform(a: sx, b: 0, tx: 0, c: 0, d: sy, ty: 0)
    }

    /// Counter-clockwise rotation by `degrees` as seen on screen (y down) about `center`.
    public static func rotation(degrees: Double, about center: Point) -> AffineTransform {
        let r = degrees * .pi / 180
        let (cs, sn) = (Foundation.cos(r), Foundation.sin(r))
        let rotate = AffineTransform(a: cs, b: sn, tx: 0, c: -sn, d: cs, ty: 0)
        return translation(-center.x, -center.y).then(rotate).then(.translation(center.x, center.y))
    }

    /// This map followed by `next`.
    public func then(_ next: AffineTransform) -> AffineTransform {
        AffineTransform(
            a: next.a * a + next.b * c, b: next.a * b + next.b * d, tx: next.a * tx + next.b * ty + next.tx,
            c: next.c * a + next.d * c, d: next.c * b + next.d * d, ty: next.c * tx + next.d * ty + next.ty)
    }

    public var determinant: Double { a * d - b * c }

    /// The inverse map; nil when the map collapses the plane.
    public var inverted: AffineTransform? {
        let det = determinant
        guard abs(det) > 1e-12 else { return nil }
        let (ia, ib, ic, id) = (d / det, -b / det, -c / det, a / det)
        return AffineTransform(a: ia, b: ib, tx: -(ia * tx + ib * ty), c: ic, d: id, ty: -(ic * tx + id * ty))
    }

    public func apply(_ p: Point) -> Point {
        Point(x: a * p.x + b * p.y + tx, y: c * p.x + d * p.y + ty)
    }

    /// Mean scale factor (√|det|): how lengths change on average.
    public var scaleFactor: Double { abs(determinant).squareRoot() }

    var matrix: [Double] { [a, b, tx, c, d, ty] }
}
