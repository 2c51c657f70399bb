import ArgumentParser
import RetinaModels
import RetinaServer
import Testing
@testable import ropscreen

/// The help text of each command, as a user reads it (swift-argument-parser's
/// own example tests check theirs the same way): the usage line, the abstract,
/// every option, and defaults that come from the library, not restated.
@Suite("Command help")
struct CommandHelpTests {
    static func help(_ command: any ParsableCommand.Type) -> String {
        Ropscreen.helpMessage(for: command, columns: 200)
    }

    @Test("The root lists every command")
    func root() {
        let text = Self.help(Ropscreen.self)
        #expect(text.contains("USAGE: ropscreen <subcommand>"))
        for name in ["info", "demo", "analyze", "serve", "train", "evaluate", "audit", "user", "audit-trail", "worker", "jobs", "profile", "models",
                     "federated", "dicom-listen", "deidentify", "search", "synthesize", "calibrate", "quantize"] {
            #expect(text.contains("  \(name) "), "\(name) missing from the root help")
        }
    }

    @Test("Each command's help has its usage, abstract and options", arguments: [
        ("info", [String]()),
        ("demo", ["--seed"]),
        ("analyze", ["<images> ...", "--tasks", "--overlay", "--explain"]),
        ("serve", ["--host", "--port", "--data-dir", "--max-body-megabytes", "--max-megapixels", "--timeout", "--queue-capacity",
                   "--batch-size", "--batch-wait-ms", "--vessel-field-diameter", "--workers", "--api-keys", "--retention-days",
                   "--import-root", "--session-idle-minutes", "--insecure-cookies", "--database", "--pacs-url", "--patient-id-system",
                   "--no-monitoring", "--monitoring-window", "--monitoring-hours", "--monitoring-interval", "--webhook-url",
                   "--registry-poll-seconds", "--dicom-port", "--dicom-ae-title"]),
        ("dicom-listen", ["--port", "--ae-title", "--http-port", "<serve-options> ..."]),
        ("deidentify", ["<inputs> ...", "--out", "--key-file", "--shift-days", "--retain-patient-characteristics", "--retain-device-identity",
                        "--keep-private-tags"]),
        ("train", ["<recipe>", "--data", "--output", "--work", "--resume", "--steps", "--skip-evaluation"]),
        ("search", ["<recipe>", "--budget-minutes", "--steps", "--data", "--output", "--work"]),
        ("evaluate", ["--task", "--manifest", "--split", "--model", "--model-only", "--field-diameter", "--bfloat16", "--precision", "--json", "--update-card"]),
        ("quantize", ["--task", "--recipe", "--model", "--infant-cameras", "--photographs", "--also", "--data", "--output"]),
        ("audit", ["<manifest>", "--recipe", "--folds", "--split"]),
        ("user", ["add"]),
        ("audit-trail", ["verify"]),
        ("worker", ["--data-dir", "--database", "--import-root", "--worker-id", "--lease-seconds"]),
        ("jobs", ["submit", "list", "cancel"]),
        ("profile", ["<manifests> ...", "--split", "--model", "--output", "--without-models"]),
        ("models", ["list", "register", "nominate", "gate", "promote", "rollback"]),
        ("federated", ["fit", "init", "bundle"]),
        ("synthesize", ["--class", "--count", "--out", "--seed", "--camera", "--model"]),
    ])
    func commandHelp(name: String, options: [String]) throws {
        let command = try #require(Ropscreen.configuration.subcommands.first { $0.configuration.commandName == name })
        let text = Self.help(command)
        #expect(text.hasPrefix("OVERVIEW: \(command.configuration.abstract)"), "\(name): \(text.prefix(120))")
        #expect(text.contains("USAGE: ropscreen \(name)"))
        for option in options + ["-h, --help"] {
            #expect(text.contains(option), "\(name) help lacks \(option)")
        }
    }

    @Test("serve shows the server configuration's own defaults")
    func serveDefaults() {
        let defaults = ServerConfiguration()
        let text = Self.help(ServeCommand.self)
        for shown in ["--port <port>", "(default: \(defaults.port))", "(default: \(defaults.host))", "(default: \(defaults.queueCapacity))",
                      "(default: \(defaults.maximumBodyBytes / 1_048_576))", "(default: \(defaults.imageRetentionDays ?? 0))",
                      "(default: \(defaults.workers))", "(default: \(defaults.vesselFieldDiameter ?? 0))"] {
            #expect(text.contains(shown), "serve help lacks \(shown)")
        }
    }

    @Test("evaluate names every analysis task")
    func evaluateTasks() {
        let text = Self.help(EvaluateCommand.self)
        for task in AnalysisTask.allCases { #expect(text.contains(task.rawValue)) }
        #expect(text.contains("synthesis") && text.contains("--feature-weights") && text.contains("--sheets"))
    }

    @Test("Bad options are refused with a message, before anything runs")
    func refusals() {
        #expect(throws: (any Error).self) { try ServeCommand.parse(["--workers", "0"]) }
        #expect(throws: (any Error).self) { try ServeCommand.parse(["--dicom-port", "11112", "--dicom-ae-title", "A\\B"]) }
        #expect(throws: (any Error).self) { try DICOMListenCommand.parse(["--ae-title", "SEVENTEEN_LETTERS"]) }
        #expect(throws: (any Error).self) { try ServeCommand.parse(["--vessel-field-diameter", "3"]) }
        #expect(throws: (any Error).self) { try ServeCommand.parse(["--monitoring-window", "0"]) }
        #expect(throws: (any Error).self) { try ProfileCommand.parse(["m.csv", "--split", "holdout"]) }
        #expect(throws: (any Error).self) { try EvaluateCommand.parse(["--task", "astrology", "--manifest", "m.csv"]) }
        #expect(throws: (any Error).self) { try EvaluateCommand.parse(["--task", "quality", "--manifest", "m.csv", "--model-only", "--field-diameter", "512"]) }
        // The report path runs as the server does: the network's own settings need --model-only.
        #expect(throws: (any Error).self) { try EvaluateCommand.parse(["--task", "vessels", "--manifest", "m.csv", "--field-diameter", "512"]) }
        #expect(throws: Never.self) { try EvaluateCommand.parse(["--task", "vessels", "--manifest", "m.csv", "--model-only", "--field-diameter", "512"]) }
        #expect(throws: (any Error).self) { try EvaluateCommand.parse(["--task", "rop", "--manifest", "m.csv", "--split", "holdout"]) }
        #expect(throws: (any Error).self) { try EvaluateCommand.parse(["--task", "synthesis", "--manifest", "m.csv", "--split", "test"]) }
        #expect(throws: (any Error).self) { try SynthesizeCommand.parse(["--class", "rop", "--count", "0", "--out", "x"]) }
    }
}
