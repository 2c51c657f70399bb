import Foundation
import Testing
@testable import Torch
@testable import TorchNN

/// Swift → Python → Swift through Python's `safetensors` (numpy flavour).
@Suite("safetensors interoperability with Python")
struct PythonInteropTests {
    static var pythonHasSafetensors: Bool {
        (try? run(["-c", "import numpy, safetensors.numpy"])) == 0
    }

    @discardableResult
    static func run(_ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.standardError
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test func roundTripThroughPython() throws {
        guard Self.pythonHasSafetensors else {
            print("skipped: python3 with numpy and safetensors not found (run scripts/setup.sh --test)")
            return
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("st-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let fromSwift = dir.appendingPathComponent("swift.safetensors").path
        let fromPython = dir.appendingPathComponent("python.safetensors").path

        let net = try TinyNet(generator: RandomGenerator(seed: 5))
        try net.save(to: fromSwift, metadata: ["source": "swift"])
        // Python checks a few values and doubles every float tensor, then writes its own file.
        let script = """
            import sys, numpy as np
            from safetensors.numpy import load_file, save_file
            from safetensors import safe_open
            t = load_file(sys.argv[1])
            with safe_open(sys.argv[1], "np") as f:
                assert f.metadata() == {"source": "swift"}, f.metadata()
            assert t["features.0.weight"].shape == (4, 1, 3, 3) and t["features.0.weight"].dtype == np.float32
            assert t["features.1.num_batches_tracked"].dtype == np.int64
            assert np.all(t["features.1.running_var"] == 1)
            out = {k: (v * 2 if v.dtype == np.float32 else v) for k, v in t.items()}
            out["python.only"] = np.arange(6, dtype=np.float64).reshape(2, 3)
            save_file(out, sys.argv[2], metadata={"source": "python"})
            """
        #expect(try Self.run(["-c", script, fromSwift, fromPython]) == 0)

        let file = try SafeTensors.read(fromPython)
        #expect(file.metadata == ["source": "python"])
        #expect(try file.tensors["python.only"]?.toArray(of: Double.self) == [0, 1, 2, 3, 4, 5])
        let copy = try TinyNet(generator: RandomGenerator(seed: 6))
        #expect(throws: StateDictError.unexpectedKey("python.only")) { try copy.load(from: fromPython) }
        try copy.load(from: fromPython, keyMapping: { $0 == "python.only" ? nil : $0 })
        let original = try net.head.weight.toArray(of: Float.self)
        #expect(try copy.head.weight.toArray(of: Float.self) == original.map { $0 * 2 })
    }
}
