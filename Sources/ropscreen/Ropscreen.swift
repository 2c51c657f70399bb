import ArgumentParser
import Logging
import Torch

@main
struct Ropscreen: AsyncParsableCommand {
    /// Process-wide setup, done here and nowhere else: threads and logging.
    static func main() async {
        do {
            try Runtime.useAllCoresUnlessConfigured()
            LoggingSystem.bootstrap(StreamLogHandler.standardError)
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }

    static let version = "0.2.0"

    static let configuration = CommandConfiguration(
        commandName: "ropscreen",
        abstract: "Screens fundus photographs of premature infants for retinopathy of prematurity.",
        version: version,
        subcommands: [InfoCommand.self, DemoCommand.self, AnalyzeCommand.self, ServeCommand.self, DICOMListenCommand.self, DeidentifyCommand.self, TrainCommand.self, SearchCommand.self,
                      EvaluateCommand.self, CalibrateCommand.self, QuantizeCommand.self, AuditCommand.self, UserCommand.self, AuditTrailCommand.self,
                      WorkerCommand.self, JobsCommand.self, ProfileCommand.self, ModelsCommand.self, FederatedCommand.self, SynthesizeCommand.self]
    )
}
