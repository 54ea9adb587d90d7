@testable import ComputeAPI
import TestSupport
import Foundation
import JSONModel
import Testing

/// Tempest's response schemas (`TempestSchemaTexts`) as `Schema`s, so that every response
/// the tests read can be held to what `tempest.lib`'s clients would accept.
enum TempestSchema {
    /// Fails the current test unless `response` has one of the schema's status codes and a
    /// body the schema accepts.
    static func expectConforms(
        _ response: APIResponse, to name: String, at version: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard let text = TempestSchemaTexts.byName["\(name)@\(version)"], let schema = JSON.parse(Data(text.utf8)) else {
            Issue.record("no Tempest schema \(name)@\(version)", sourceLocation: sourceLocation)
            return
        }
        let codes = schema["status_code"]?.arrayValue?.compactMap(\.intValue) ?? []
        #expect(codes.contains(response.status), "status \(response.status) not in \(codes)", sourceLocation: sourceLocation)
        guard let body = schema["response_body"] else { return }
        guard let json = response.json else {
            Issue.record("response is not JSON: \(response.text)", sourceLocation: sourceLocation)
            return
        }
        let violation = SchemaValidator.firstViolation(of: json, against: convert(body))
        #expect(violation == nil, "\(name)@\(version): \(violation?.bodyMessage ?? "")", sourceLocation: sourceLocation)
    }

    /// JSON Schema (the subset Tempest uses) → `Schema`. Formats this module does not check
    /// are expressed as patterns: Tempest's ISO 8601 (oslo's `parse_isotime`) and URIs.
    static func convert(_ json: JSON) -> Schema {
        guard let members = json.objectValue else { return .any }
        var keywords: [Schema.Keyword] = []
        if let type = members["type"] {
            let names = type.arrayValue?.compactMap(\.stringValue) ?? [type.stringValue].compactMap { $0 }
            keywords.append(.type(names.compactMap(Schema.JSONType.init(rawValue:))))
        }
        if let properties = members["properties"]?.objectValue {
            keywords.append(.properties(properties.keys.sorted().map { (name: $0, schema: convert(properties[$0]!)) }))
        }
        if let required = members["required"]?.arrayValue { keywords.append(.required(required.compactMap(\.stringValue))) }
        if let patterns = members["patternProperties"]?.objectValue {
            keywords.append(.patternProperties(patterns.keys.sorted().map { (pattern: $0, schema: convert(patterns[$0]!)) }))
        }
        if let allowed = members["additionalProperties"]?.boolValue { keywords.append(.additionalProperties(allowed)) }
        if let items = members["items"], items.objectValue != nil { keywords.append(.items(convert(items))) }
        if let value = members["minItems"]?.intValue { keywords.append(.minItems(value)) }
        if let value = members["maxItems"]?.intValue { keywords.append(.maxItems(value)) }
        if let value = members["minLength"]?.intValue { keywords.append(.minLength(value)) }
        if let value = members["maxLength"]?.intValue { keywords.append(.maxLength(value)) }
        if let value = members["pattern"]?.stringValue { keywords.append(.pattern(value)) }
        if let values = members["enum"]?.arrayValue { keywords.append(.enumeration(values)) }
        if let branches = members["oneOf"]?.arrayValue { keywords.append(.oneOf(branches.map(convert))) }
        switch members["format"]?.stringValue {
        case "uuid": keywords.append(.format(.uuid))
        case "ipv4": keywords.append(.format(.ipv4))
        case "ipv6": keywords.append(.format(.ipv6))
        case "iso8601-date-time": keywords.append(.pattern(isoPattern))
        case "uri": keywords.append(.pattern("^[a-zA-Z][a-zA-Z0-9+.-]*://[^ ]+$"))
        default: break
        }
        return Schema(keywords)
    }

    private static let isoPattern = #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$"#
}
