import ArgumentParser
import Foundation
import FundusImaging
import RetinaAnalysis
import RetinaModels

/// `ropscreen analyze FILE…`: the report for each photograph as JSON, with optional overlays.
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze", abstract: "Analyse fundus photographs with the bundled models and print one JSON report per file.")

    @Argument(help: "Photographs (JPEG, PNG, TIFF, BMP, WebP).")
    var images: [String]

    @Option(help: "Comma-separated analyses out of \(AnalysisTask.allCases.map(\.rawValue).joined(separator: ",")).")
    var tasks = AnalysisTask.defaultTasks.sorted().map(\.rawValue).joined(separator: ",")

    @Option(help: "Write overlay PNGs (vessels, ridge, disc, fovea, zone I; with --explain also the heat maps): a file for one photograph, or a folder (an existing folder, or a path ending in /).")
    var overlay: String?

    @Flag(help: "Explain the classifiers with Grad-CAM (the ROP finding's in rop.explanation), and the lesion finding with its evidence map (heat maps in the report and, with --overlay, as PNGs).")
    var explain = false

    @Flag(help: "Leave the base64 PNG maps out of the JSON.")
    var noImages = false

    func validate() throws {
        do { _ = try AnalysisTask.parse(tasks.split(separator: ",").map(String.init)) } catch { throw ValidationError(error.description) }
    }

    func run() throws {
        let wanted = try AnalysisTask.parse(tasks.split(separator: ",").map(String.init))
        let pipeline = try AnalysisPipeline(models: .bundled())
        var isDirectory: ObjCBool = false
        let existingFolder = overlay.map { FileManager.default.fileExists(atPath: $0, isDirectory: &isDirectory) && isDirectory.boolValue } ?? false
        let folder = images.count > 1 || overlay?.hasSuffix("/") == true || existingFolder
        if folder, let overlay { try FileManager.default.createDirectory(atPath: overlay, withIntermediateDirectories: true) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let options = AnalysisOptions(tasks: wanted, explain: explain, includeImages: !noImages)
        for path in images {
            var stopwatch = Stopwatch()
            let photo = try stopwatch.measure("decode") { try FundusImage.decode([UInt8](Data(contentsOf: URL(fileURLWithPath: path)))) }
            var result = try pipeline.analyze(photo, options: options)
            result.report.timingsMs["decode"] = stopwatch.byName["decode"]
            print(String(decoding: try encoder.encode(FileReport(file: path, report: result.report)), as: UTF8.self))
            guard let overlay else { continue }
            let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            let target = folder ? (overlay as NSString).appendingPathComponent("\(stem)-overlay.png") : overlay
            try Data(ReportOverlay.draw(result, on: photo.image).pngData()).write(to: URL(fileURLWithPath: target))
            for map in result.allExplanations {
                let name = ((target as NSString).deletingPathExtension) + "-\(map.method.rawValue)-\(map.model).png"
                try Data(map.overlay(on: photo.image).pngData()).write(to: URL(fileURLWithPath: name))
            }
        }
    }
}

/// A report with the file it is about.
struct FileReport: Encodable {
    var file: String
    var report: Report
}
