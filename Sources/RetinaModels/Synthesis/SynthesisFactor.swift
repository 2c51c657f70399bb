/// One conditioning factor of a generator and its values in code order
/// (e.g. `diagnosis`: normal, rop; `camera`: RetCam, Neo).
public struct SynthesisFactor: Codable, Sendable, Equatable {
    public var name: String
    public var values: [String]

    public init(name: String, values: [String]) {
        self.name = name
        self.values = values
    }
}
