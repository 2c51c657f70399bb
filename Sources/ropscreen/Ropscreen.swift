import Torch
import ArgumentParser

@main
struct Ropscreen: ParsableCommand {
    /// Process-wide setup, done here and nowhere else.
    static func main() {
        do {
            try Runtime.useAllCoresUnlessConfigured()
        } catch {
            exit(withError: error)
        }
        main(nil)
    }

    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "ropscreen",
        abstract: "Screens fundus photographs of premature infants for retinopathy of prematurity.",
        version: version,
        subcommands: [InfoCommand.self, DemoCommand.self, AnalyzeCommand.self, TrainCommand.self, EvaluateCommand.self, AuditCommand.self]
    )
}
