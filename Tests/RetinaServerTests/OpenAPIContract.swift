import Foundation
import Yams

/// The repository's OpenAPI document, used to check every response the tests
/// see: the status must be documented for the route, and a JSON body must have
/// the required properties (and enum values) of its schema, recursively.
struct OpenAPIContract {
    let document: [String: Any]

    static let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/RetinaServer/Resources/openapi.yaml")

    init() throws {
        let text = try String(contentsOf: Self.url, encoding: .utf8)
        guard let document = try Yams.load(yaml: text) as? [String: Any] else { throw ContractError("openapi.yaml is not a mapping") }
        self.document = document
    }

    struct ContractError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// The documented path template a concrete path matches.
    func template(for path: String) -> String? {
        let paths = (document["paths"] as? [String: Any])?.keys.map { $0 } ?? []
        let parts = path.split(separator: "?")[0].split(separator: "/", omittingEmptySubsequences: false)
        return paths.first { candidate in
            let pattern = candidate.split(separator: "/", omittingEmptySubsequences: false)
            return pattern.count == parts.count && zip(pattern, parts).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }
    }

    /// Problems with one response (empty when it keeps the contract).
    func problems(path: String, method: String, status: Int, body: Data, contentType: String?) -> [String] {
        guard let template = template(for: path) else {
            // A path the document does not have: 404 with the error body.
            guard status == 404, let value = try? JSONSerialization.jsonObject(with: body) else {
                return ["\(path) is not documented, and the answer was \(status), not 404"]
            }
            return check(value, against: ["$ref": "#/components/schemas/Error"], at: "body")
        }
        guard let operation = ((document["paths"] as? [String: Any])?[template] as? [String: Any])?[method.lowercased()] as? [String: Any] else {
            // A documented path asked with a method it does not have: 405 with the error body.
            guard status == 405, let value = try? JSONSerialization.jsonObject(with: body) else {
                return ["\(method) \(template) is not documented, and the answer was \(status), not 405"]
            }
            return check(value, against: ["$ref": "#/components/schemas/Error"], at: "body")
        }
        guard var response = (operation["responses"] as? [String: Any])?[String(status)] as? [String: Any] else {
            return ["\(method) \(template) does not document status \(status)"]
        }
        if let ref = response["$ref"] as? String { response = resolve(ref) ?? [:] }
        guard contentType?.hasPrefix("application/json") == true else { return [] }
        guard let content = response["content"] as? [String: Any], let json = content["application/json"] as? [String: Any],
              let schema = json["schema"] as? [String: Any] else {
            return ["\(method) \(template) \(status) does not document a JSON body"]
        }
        guard let value = try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) else { return ["the body is not JSON"] }
        return check(value, against: schema, at: "body")
    }

    func resolve(_ ref: String) -> [String: Any]? {
        var node: Any = document
        for key in ref.dropFirst(2).split(separator: "/") { node = (node as? [String: Any])?[String(key)] as Any }
        return node as? [String: Any]
    }

    func check(_ value: Any, against schema: [String: Any], at location: String) -> [String] {
        var schema = schema
        if let ref = schema["$ref"] as? String { schema = resolve(ref) ?? [:] }
        var problems: [String] = []
        switch schema["type"] as? String {
        case "object":
            guard let object = value as? [String: Any] else { return ["\(location) is not an object"] }
            for key in schema["required"] as? [String] ?? [] where object[key] == nil { problems.append("\(location).\(key) is missing") }
            for (key, property) in schema["properties"] as? [String: Any] ?? [:] {
                if let child = object[key], !(child is NSNull), let property = property as? [String: Any] {
                    problems += check(child, against: property, at: "\(location).\(key)")
                }
            }
        case "array":
            guard let array = value as? [Any] else { return ["\(location) is not an array"] }
            if let items = schema["items"] as? [String: Any] {
                for (i, item) in array.enumerated() { problems += check(item, against: items, at: "\(location)[\(i)]") }
            }
        case "string":
            guard let string = value as? String else { return ["\(location) is not a string"] }
            if let allowed = schema["enum"] as? [String], !allowed.contains(string) { problems.append("\(location) = \(string) is not one of \(allowed)") }
        case "number", "integer":
            if !(value is NSNumber) { problems.append("\(location) is not a number") }
        case "boolean":
            if !(value is NSNumber) { problems.append("\(location) is not a boolean") }
        default: break
        }
        return problems
    }
}
