import ArgumentParser
import Foundation
import RetinaStore

/// `ropscreen audit-trail verify`: recomputes the hash chain of every label change.
struct AuditTrailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit-trail", abstract: "Check the labelling audit trail.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Recompute the hash chain of the audit trail; exits 1 at the first entry that was changed, removed or reordered.")

        @Option(help: "Folder of the SQLite database (as for serve).")
        var dataDir = "ropscreen-data"

        func run() async throws {
            let store = try SQLiteStore(directory: URL(fileURLWithPath: dataDir))
            let verification = try await store.verifyAuditTrail()
            if let failure = verification.failure {
                print("audit trail broken at entry \(failure.sequence) of \(verification.entries): \(failure.reason)")
                throw ExitCode(1)
            }
            print("audit trail intact: \(verification.entries) entries, head \(verification.headHash)")
        }
    }
}
