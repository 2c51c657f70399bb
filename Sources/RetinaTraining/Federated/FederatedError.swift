/// Bad input to a federated round, named so that the ClientApp can report it without a stack trace.
public struct FederatedError: Error, CustomStringConvertible, Equatable {
    public let description: String

    public init(_ description: String) { self.description = description }

    static func unsupportedTask(_ task: String) -> FederatedError {
        FederatedError("federated training supports image-level classifier recipes (rop, lesion), not '\(task)'")
    }

    static func noRows(_ manifest: String) -> FederatedError {
        FederatedError("the site's manifest \(manifest) has no train rows with the recipe's labels")
    }

    static func missingWeight(_ key: String) -> FederatedError {
        FederatedError("the global weights lack '\(key)', which the recipe's model has")
    }
}
