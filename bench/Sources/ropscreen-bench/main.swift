import Foundation
import Torch

// ropscreen-bench [overhead|vessels|landmarks|service|cluster|all]: speed measured as ratios within one invocation.
try Runtime.useAllCoresUnlessConfigured()
let which = CommandLine.arguments.dropFirst().first ?? "all"
let rounds = Int(ProcessInfo.processInfo.environment["BENCH_ROUNDS"] ?? "") ?? 10
print("ropscreen-bench — libtorch \(Runtime.version), \(Runtime.threadCount) threads, BLAS: \(Runtime.blas), CPU: \(Runtime.cpuModel)\n")
if which == "overhead" || which == "all" { try OverheadBenchmark.run(rounds: rounds) }
if which == "vessels" || which == "all" { try VesselBenchmark.run() }
if which == "landmarks" || which == "all" { try LandmarkBenchmark.run() }
if which == "service" || which == "all" { try await ServiceBenchmark.run() }
if which == "cluster" || which == "all" { try await ClusterBenchmark.run() }
