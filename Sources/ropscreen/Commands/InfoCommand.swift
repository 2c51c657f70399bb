import ArgumentParser
import FundusImaging
import Foundation
import RetinaAnalysis
import Torch

/// Prints what the engines run on, and warns when it would be slow.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info", abstract: "Print libtorch and OpenCV versions, threads, CPU features and BLAS.")

    @Flag(help: "Print libtorch's full build configuration too.")
    var verbose = false

    func run() throws {
        // Touch libtorch so that its BLAS is mapped before we look for it.
        _ = try Tensor.ones([2, 2]).matmul(Tensor.ones([2, 2]))
        let blas = Runtime.blas
        let lines: [(String, String)] = [
            ("ropscreen", Ropscreen.version),
            ("libtorch", Runtime.version),
            ("OpenCV", Vision.version),
            ("intra-op threads", String(Runtime.threadCount)),
            ("CPU", Runtime.cpuModel),
            ("CPU features", Runtime.cpuFeatures.joined(separator: " ")),
            ("instruction sets", Runtime.cpu.limit.map { "\(Runtime.cpu.usable) (\(Runtime.cpu.detected) restricted by \($0.variable))" } ?? Runtime.cpu.usable.description),
            ("U-Net precision", ModelPrecision.automatic.usesBFloat16(on: Runtime.cpu) ? "bfloat16 (native here)"
                : (Runtime.quantizedEngineName.map { "int8 where calibrated (\($0)), else " } ?? "") + "float32 inference form"),
            ("BLAS", blas.description),
            ("oneDNN (MKL-DNN)", Runtime.hasMKLDNN ? "in use" : "not available"),
            ("CUDA", Device.cudaAvailable ? "available" : "not available"),
        ]
        for (key, value) in lines { print(key.padding(toLength: 18, withPad: " ", startingAt: 0) + value) }
        if blas.isSlowReference {
            FileHandle.standardError.write(Data("""
                WARNING: libtorch is running on Debian's reference BLAS, several times slower than OpenBLAS.
                WARNING: install it with `apt-get install libopenblas0-pthread` (update-alternatives selects it).\n
                """.utf8))
        }
        if verbose { print("\n" + Runtime.buildConfiguration + "\n" + Runtime.parallelInfo) }
    }
}
