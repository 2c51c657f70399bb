import Torch

extension Module {
    /// Copies `weights` into this module's parameters and buffers.
    ///
    /// With `strict`, every model key must be present and every checkpoint key
    /// used; in any mode a shape mismatch is an error. Nothing is copied unless
    /// every check passes, so a failed load leaves the model as it was.
    /// Returns the model keys that were not in `weights` (non-strict loads).
    @discardableResult
    public func load(_ weights: [String: Tensor], strict: Bool = true) throws -> [String] {
        let state = stateDict()
        var missing: [String] = []
        var pairs: [(target: Tensor, source: Tensor)] = []
        for (key, target) in state {
            guard let source = weights[key] else {
                if strict { throw StateDictError.missingKey(key) }
                missing.append(key)
                continue
            }
            guard source.shape == target.shape else {
                throw StateDictError.shapeMismatch(key: key, expected: target.shape, found: source.shape)
            }
            pairs.append((target, source))
        }
        if strict {
            let known = Set(state.map(\.name))
            if let unused = weights.keys.sorted().first(where: { !known.contains($0) }) {
                throw StateDictError.unexpectedKey(unused)
            }
        }
        try withNoGrad {
            for (target, source) in pairs { try target.copy_(source) }
        }
        return missing
    }

    /// Saves parameters and buffers as a safetensors file.
    public func save(to path: String, metadata: [String: String] = [:]) throws {
        try SafeTensors.write(stateDict(), metadata: metadata, to: path)
    }

    /// Loads parameters and buffers from a safetensors file, renaming checkpoint
    /// keys through `keyMapping` first (e.g. a backbone trained under another prefix).
    @discardableResult
    public func load(
        from path: String, strict: Bool = true, keyMapping: (String) -> String? = { $0 }
    ) throws -> [String] {
        let file = try SafeTensors.read(path)
        var renamed: [String: Tensor] = [:]
        for (key, tensor) in file.tensors {
            if let newKey = keyMapping(key) { renamed[newKey] = tensor }
        }
        return try load(renamed, strict: strict)
    }
}
