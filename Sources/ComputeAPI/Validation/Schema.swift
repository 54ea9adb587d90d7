import JSONModel

/// A JSON Schema, reduced to the keywords Nova's request schemas use.
///
/// Keywords are kept in the order they are written, because Nova's validator reports the
/// *first* failure in schema order (Python dicts keep insertion order) and clients see that
/// one message. Declaring the schemas here in Nova's order reproduces Nova's messages.
struct Schema: Sendable {
    var keywords: [Keyword]

    init(_ keywords: [Keyword]) {
        self.keywords = keywords
    }

    indirect enum Keyword: Sendable {
        case type([JSONType])
        case properties([(name: String, schema: Schema)])
        case required([String])
        case additionalProperties(Bool)
        /// Regular expressions (searched, as Python's `re.search`) for extra keys.
        case patternProperties([(pattern: String, schema: Schema)])
        case items(Schema)
        case minItems(Int)
        case maxItems(Int)
        case minLength(Int)
        case maxLength(Int)
        case pattern(String)
        case enumeration([JSON])
        case format(SchemaFormat)
        case oneOf([Schema])
        case anyOf([Schema])
        /// Nova's validator compares numeric strings too (`'10'` against a minimum).
        case minimum(Double)
        case exclusiveMinimum(Double)
        case maximum(Double)
    }

    enum JSONType: String, Sendable {
        case object, array, string, integer, number, boolean, null
    }
}

extension Schema {
    /// `{"type": "object", "properties": …, "required": …, "additionalProperties": false}`,
    /// the shape of nearly every request body.
    static func object(
        _ properties: [(name: String, schema: Schema)], required: [String] = [], additionalProperties: Bool = false
    ) -> Schema {
        var keywords: [Keyword] = [.type([.object]), .properties(properties)]
        if !required.isEmpty { keywords.append(.required(required)) }
        keywords.append(.additionalProperties(additionalProperties))
        return Schema(keywords)
    }

    /// `{"type": "string", "format": "uuid"}`.
    static let uuid = Schema([.type([.string]), .format(.uuid)])

    /// Nova's `parameter_types.ip_address`: a string that is an IPv4 or an IPv6 address.
    static let ipAddress = Schema([
        .type([.string]), .oneOf([Schema([.format(.ipv4)]), Schema([.format(.ipv6)])]),
    ])

    /// Nova's `parameter_types.tag`: 1–60 characters, no `,` or `/`.
    static let tag = Schema([.type([.string]), .pattern("^[^,/]*$"), .minLength(1), .maxLength(60)])

    /// Nova's `parameter_types.name`: printable, no leading or trailing whitespace, 1–255.
    static let name = Schema([.type([.string]), .format(.name), .minLength(1), .maxLength(255)])

    /// Nova's `parameter_types.boolean`: JSON booleans and oslo's boolean strings.
    static let boolean = Schema([
        .type([.boolean, .string]),
        .enumeration([
            true, "True", "TRUE", "true", "1", "ON", "On", "on", "YES", "Yes", "yes",
            false, "False", "FALSE", "false", "0", "OFF", "Off", "off", "NO", "No", "no",
        ]),
    ])

    /// Nova's `parameter_types.positive_integer` (and `non_negative_integer` with 0).
    static func integerOrString(minimum: Double) -> Schema {
        Schema([.type([.integer, .string]), .pattern("^[0-9]*$"), .minimum(minimum), .minLength(1)])
    }

    /// Nova's `parameter_types.metadata`: string values under printable keys.
    static let metadata = Schema([
        .type([.object]),
        .patternProperties([(pattern: "^[a-zA-Z0-9-_:. ]{1,255}$", schema: Schema([.type([.string]), .maxLength(255)]))]),
        .additionalProperties(false),
    ])

    /// No constraint at all (`{}`).
    static let any = Schema([])
}
