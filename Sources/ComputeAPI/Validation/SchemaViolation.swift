import JSONModel

/// The first way a request failed its schema: where (the path of keys and indices from
/// the root), the value found there, and jsonschema's message about it.
struct SchemaViolation: Error, Sendable, Hashable {
    enum PathElement: Sendable, Hashable, CustomStringConvertible {
        case key(String)
        case index(Int)

        var description: String {
            switch self {
            case .key(let key): key
            case .index(let index): String(index)
            }
        }
    }

    var path: [PathElement]
    var instance: JSON
    /// `str()` of the instance, in the client's key order.
    var instanceText: String
    var message: String
    /// Set when the message must be shown alone (Nova's `InvalidName`).
    var replacesWholeMessage: Bool

    init(
        path: [PathElement], instance: JSON, instanceText: String? = nil, message: String, replacesWholeMessage: Bool = false
    ) {
        self.path = path
        self.instance = instance
        self.instanceText = instanceText ?? PythonRepr.str(instance)
        self.message = message
        self.replacesWholeMessage = replacesWholeMessage
    }

    /// Nova's `ValidationError` text for a request body: the innermost field and its value
    /// when the failure is below the root, the bare message otherwise.
    var bodyMessage: String {
        if replacesWholeMessage { return message }
        guard let field = path.last else { return message }
        return "Invalid input for field/attribute \(field). Value: \(instanceText). \(message)"
    }

    /// Nova's text for a query string: the parameter is the *first* path element, because
    /// every parameter is a list of values.
    var queryMessage: String {
        if replacesWholeMessage { return message }
        guard let parameter = path.first else { return message }
        return "Invalid input for query parameters \(parameter). Value: \(instanceText). \(message)"
    }
}
