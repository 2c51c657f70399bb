import Foundation

/// A one-line terminal progress bar with ETA and live values, redrawn in place on stderr.
struct ProgressBar {
    let total: Int
    let start = ContinuousClock.now
    let startStep: Int
    let width = 28

    func render(step: Int, values: [(String, Double)]) -> String {
        let done = Double(step) / Double(max(total, 1))
        let filled = Int(done * Double(width))
        let elapsed = (ContinuousClock.now - start).seconds
        let perStep = elapsed / Double(max(step - startStep, 1))
        let eta = perStep * Double(total - step)
        let bar = String(repeating: "=", count: filled) + (filled < width ? ">" : "") + String(repeating: " ", count: max(width - filled - 1, 0))
        let shown = values.map { String(format: "%@ %.4f", $0.0, $0.1) }.joined(separator: "  ")
        return String(format: "\r%6d/%d [%@] %3.0f%%  %@  %.2fs/step  ETA %@ ", step, total, bar, done * 100, shown, perStep, Self.clock(eta))
    }

    func draw(step: Int, values: [(String, Double)]) {
        FileHandle.standardError.write(Data(render(step: step, values: values).utf8))
    }

    static func clock(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "--:--" }
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%02d:%02d", s / 60, s % 60)
    }
}

extension Duration {
    /// The duration in seconds, as a Double.
    public var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
