import Foundation
import JSONModel

/// Checks a JSON value against a `Schema` and reports the first violation in the order
/// Python's jsonschema finds it (keywords in schema order, properties in schema order).
enum SchemaValidator {
    /// `keyOrder` (from the raw body) makes the reported values print in the client's key
    /// order, as Nova's do.
    static func firstViolation(
        of value: JSON, against schema: Schema, keyOrder: JSONKeyOrder = JSONKeyOrder()
    ) -> SchemaViolation? {
        SchemaWalker(order: keyOrder).check(value, schema, path: [])
    }

    /// Whether `value` satisfies `schema` (used for `oneOf`/`anyOf` branches).
    static func isValid(_ value: JSON, _ schema: Schema) -> Bool {
        firstViolation(of: value, against: schema) == nil
    }
}
