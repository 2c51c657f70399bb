import ArgumentParser
import RetinaServer

/// `ropscreen dicom-listen`: the analysis service for devices that speak DIMSE. It is
/// `ropscreen serve` with its C-STORE listener on (the HTTP API, viewer and health
/// endpoints stay, on --http-port), so every option of `serve` can follow.
struct DICOMListenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dicom-listen",
        abstract: "Listen for DICOM C-STORE: every pushed object is analysed and stored; the response says how it went.",
        discussion: "Options after the listener's own are those of `ropscreen serve` (--data-dir, --database, --pacs-url, …).")

    @Option(help: "The DICOM (DIMSE) port.")
    var port = DIMSESettings().port

    @Option(help: "The AE title devices call.")
    var aeTitle = DIMSESettings().aeTitle

    @Option(help: "The port of the HTTP API that runs beside the listener.")
    var httpPort = ServerConfiguration().port

    @Argument(parsing: .allUnrecognized, help: "Options of `ropscreen serve`.")
    var serveOptions: [String] = []

    /// The `serve` command this listener is.
    func serveCommand() throws -> ServeCommand {
        try ServeCommand.parse(serveOptions + ["--port", String(httpPort), "--dicom-port", String(port), "--dicom-ae-title", aeTitle])
    }

    func validate() throws {
        _ = try serveCommand()
    }

    func run() async throws {
        try await serveCommand().run()
    }
}
