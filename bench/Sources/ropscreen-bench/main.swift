import Foundation
import Torch

// ropscreen-bench [overhead|vessels|landmarks|models|service|monitoring|shadow|cluster|all]: speed measured as ratios within one invocation.
try Runtime.useAllCoresUnlessConfigured()
let which = CommandLine.arguments.dropFirst().first ?? "all"
let rounds = Int(ProcessInfo.processInfo.environment["BENCH_ROUNDS"] ?? "") ?? 10
print("ropscreen-bench — libtorch \(Runtime.version), \(Runtime.threadCount) threads, BLAS: \(Runtime.blas)\nCPU: \(Runtime.cpu)\n")
if which == "overhead" || which == "all" { try OverheadBenchmark.run(rounds: rounds) }
if which == "vessels" || which == "all" { try VesselBenchmark.run() }
if which == "landmarks" || which == "all" { try LandmarkBenchmark.run() }
if which == "models" || which == "all" { try ModelBenchmark.run(rounds: min(rounds, 7)) }
if which == "service" || which == "all" { try await ServiceBenchmark.run(ServiceBenchmark.Settings(environment: ProcessInfo.processInfo.environment)) }
if which == "monitoring" {
    var settings = ServiceBenchmark.Settings(environment: ProcessInfo.processInfo.environment)
    (settings.monitoringOnly, settings.monitoringCost, settings.photos) = (true, true, 1)
    try await ServiceBenchmark.run(settings)
}
if which == "shadow" {
    var settings = ServiceBenchmark.Settings(environment: ProcessInfo.processInfo.environment)
    (settings.shadowOnly, settings.monitoringCost, settings.photos) = (true, false, 1)
    try await ServiceBenchmark.run(settings)
}
if which == "cluster" || which == "all" { try await ClusterBenchmark.run() }
