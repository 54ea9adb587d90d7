import JSONModel

/// `{"os-getConsoleOutput": {"length": N}}`, with Nova's schema: `length` an integer, a
/// string of digits or null, at least -1 (-1 and null: the whole console).
enum ConsoleOutputBody {
    struct Lines {
        /// nil: everything.
        var count: Int?
    }

    static let name = "os-getConsoleOutput"

    /// nil when the body names another action.
    static func lines(from body: RequestBody) throws(APIFault) -> Lines? {
        guard let members = body.json?.objectValue, members.count == 1, let argument = members[name] else { return nil }
        let schema = Schema.object([
            (name: name, schema: Schema([
                .type([.object]),
                .properties([(name: "length", schema: Schema([.type([.integer, .string, .null]), .pattern("^-?[0-9]+$"), .minimum(-1)]))]),
                .additionalProperties(false),
            ])),
        ], required: [name])
        if let violation = SchemaValidator.firstViolation(of: [name: argument], against: schema) {
            throw .badRequest(violation.bodyMessage)
        }
        let length: Int? = switch argument["length"] {
        case .int(let number)?: number
        case .string(let text)?: Int(text)
        default: nil
        }
        return Lines(count: length == -1 ? nil : length)
    }
}
