import ArgumentParser
import Foundation
import Logging
import RetinaAnalysis
import RetinaModels
import RetinaServer
import RetinaStore

/// `ropscreen models list|register|nominate|gate|promote|rollback`: the model registry from the
/// server's console, on the same store as the servers (which pick up a move within their poll interval).
struct ModelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models", abstract: "The model registry: versions, the promotion gate, promotion and rollback.",
        subcommands: [List.self, Register.self, Nominate.self, Gate.self, Promote.self, Rollback.self])

    struct Location: ParsableArguments {
        @Option(help: "Folder of the SQLite database and the stored photographs and models (as for serve).")
        var dataDir = ServerConfiguration().dataDirectory.relativePath

        @Option(help: "A PostgreSQL database (postgres://…) instead of SQLite, shared with the servers.")
        var database: String?

        /// The registry service over the store, with the bundled models as this console's production.
        func open() async throws -> (RegistryService, Task<Void, Never>?) {
            var logger = Logger(label: "ropscreen-models")
            logger.logLevel = .warning
            var configuration = ServerConfiguration()
            configuration.dataDirectory = URL(fileURLWithPath: dataDir)
            let images = try ImageStore(directory: configuration.dataDirectory.appendingPathComponent("images"))
            let (store, runner) = try await StoreOptions.open(database: database, dataDirectory: configuration.dataDirectory, images: images, logger: logger)
            let service = RegistryService(registry: store, models: CurrentModels(try AnalysisModels.bundled()), configuration: configuration,
                                          feedback: store, logger: logger)
            return (service, runner)
        }
    }

    static var operatorName: String { "cli:\(ProcessInfo.processInfo.userName)" }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Every version of a task, its aliases and the gate's latest verdicts.")

        @OptionGroup var location: Location

        @Option(help: "The task (rop, lesion, quality, …).")
        var task: AnalysisTask = .rop

        func run() async throws {
            let (service, runner) = try await location.open()
            defer { runner?.cancel() }
            let aliases = try await service.registry.aliases().filter { $0.task == task.rawValue }
            for version in try await service.registry.modelVersions(task: task.rawValue) {
                let names = aliases.filter { $0.versionID == version.id }.map(\.alias.rawValue)
                let locked = version.card.metrics[RegistryService.lockedSetMetrics].map { " locked: " + $0.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.3f", $0.value))" }.joined(separator: ", ") } ?? ""
                print("\(version.id)\(names.isEmpty ? "" : " [\(names.joined(separator: ", "))]")  by \(version.createdBy)\(locked)")
                if names.contains(ModelAlias.Name.candidate.rawValue), let shadow = try await service.shadowAgreement(candidateID: version.id) {
                    print(String(format: "  shadow: %d analyses, agreement with production %.3f, candidate %.0f ms each on average%@", shadow.analyses,
                                 shadow.agreementWithProduction, shadow.meanCandidateMs,
                                 shadow.confirmed > 0 ? ", \(shadow.confirmed) confirmed by doctors" : ""))
                }
            }
            for verdict in try await service.registry.verdicts(task: task.rawValue, limit: 5) {
                print("gate \(verdict.admitted ? "admitted" : "refused") \(verdict.candidateID) against \(verdict.productionID ?? "-")")
                for reason in verdict.reasons { print("  \(reason)") }
            }
        }
    }

    struct Register: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "register", abstract: "Register a model bundle folder (card.json + weights.safetensors) as a new version.")

        @OptionGroup var location: Location

        @Argument(help: "The bundle folder.")
        var bundle: String

        @Option(help: "The recipe it was trained with (kept with the version).")
        var recipe: String?

        @Flag(help: "Also make it the task's candidate.")
        var nominate = false

        func run() async throws {
            let (service, runner) = try await location.open()
            defer { runner?.cancel() }
            let recipeText = try recipe.map { try String(contentsOf: URL(fileURLWithPath: $0), encoding: .utf8) }
            let version = try await service.register(bundle: URL(fileURLWithPath: bundle), recipe: recipeText, actor: ModelsCommand.operatorName)
            if nominate { try await service.nominate(task: version.task, versionID: version.id, actor: ModelsCommand.operatorName) }
            print(version.id)
        }
    }

    struct Nominate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "nominate", abstract: "Make a version the task's candidate (shadowing production).")

        @OptionGroup var location: Location

        @Argument(help: "The version id, e.g. rop-1.1.0.")
        var version: String

        func run() async throws {
            let (service, runner) = try await location.open()
            defer { runner?.cancel() }
            let move = try await service.nominate(task: try ModelsCommand.task(of: version), versionID: version, actor: ModelsCommand.operatorName)
            print("candidate of \(move.task): \(move.fromVersionID ?? "-") → \(move.toVersionID)")
        }
    }

    struct Gate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "gate", abstract: "Judge a version against production on the task's locked evaluation set.")

        @OptionGroup var location: Location

        @Argument(help: "The version id, e.g. rop-1.1.0.")
        var version: String

        func run() async throws {
            let (service, runner) = try await location.open()
            defer { runner?.cancel() }
            let verdict = try await service.judge(task: try ModelsCommand.task(of: version), candidateID: version, by: .console(ModelsCommand.operatorName))
            print("\(verdict.admitted ? "admitted" : "refused"): \(verdict.candidateID) against \(verdict.productionID ?? "-")")
            for reason in verdict.reasons { print("  \(reason)") }
            if !verdict.admitted { throw ExitCode(2) }
        }
    }

    struct Promote: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "promote", abstract: "Make a version production (only with the gate's admission).")

        @OptionGroup var location: Location

        @Argument(help: "The version id, e.g. rop-1.1.0.")
        var version: String

        func run() async throws {
            let (service, runner) = try await location.open()
            defer { runner?.cancel() }
            let move = try await service.promote(task: try ModelsCommand.task(of: version), versionID: version, by: .console(ModelsCommand.operatorName))
            print("production of \(move.task): \(move.fromVersionID ?? "-") → \(move.toVersionID)")
        }
    }

    struct Rollback: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rollback", abstract: "Move production back to the version before its latest promotion.")

        @OptionGroup var location: Location

        @Option(help: "The task.")
        var task: AnalysisTask = .rop

        @Option(help: "Why (kept in the audit trail).")
        var reason: String?

        func run() async throws {
            let (service, runner) = try await location.open()
            defer { runner?.cancel() }
            let move = try await service.rollBack(task: task, reason: reason, by: .console(ModelsCommand.operatorName))
            print("production of \(move.task): \(move.fromVersionID ?? "-") → \(move.toVersionID)")
        }
    }

    /// The task of a version id (`<task>-<version>`).
    static func task(of versionID: String) throws -> AnalysisTask {
        guard let task = AnalysisTask.allCases.first(where: { versionID.hasPrefix($0.rawValue + "-") }) else {
            throw ValidationError("a version id is <task>-<version>, e.g. rop-1.1.0")
        }
        return task
    }
}
