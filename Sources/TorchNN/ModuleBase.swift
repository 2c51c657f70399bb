/// Storage for the training flag that every module carries; concrete layers
/// inherit it so that `train()`/`eval()` reach every module uniformly.
open class ModuleBase {
    public var isTraining = true
    /// Set by `FLOPCounter.count` on the layers it counts, for one forward pass only.
    var flopRecorder: FLOPCounter.Recorder?
    public init() {}
}
