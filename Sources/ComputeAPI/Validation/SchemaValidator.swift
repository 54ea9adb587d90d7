import Foundation
import JSONModel

/// Checks a JSON value against a `Schema` and reports the first violation in the order
/// Python's jsonschema finds it (keywords in schema order, properties in schema order).
enum SchemaValidator {
    /// The reported values print objects in their own key order (the client's, for a
    /// parsed body), as Nova's do.
    static func firstViolation(of value: JSON, against schema: Schema) -> SchemaViolation? {
        SchemaWalker().check(value, schema, path: [])
    }

    /// Whether `value` satisfies `schema` (used for `oneOf`/`anyOf` branches).
    static func isValid(_ value: JSON, _ schema: Schema) -> Bool {
        firstViolation(of: value, against: schema) == nil
    }
}
