import Foundation
import JSONModel

/// The Python semantics the keywords rely on: jsonschema's type predicates, `re.search`,
/// enum equality and Nova's number conversion.
extension SchemaWalker {
    static func matches(_ value: JSON, _ type: Schema.JSONType) -> Bool {
        switch (type, value) {
        case (.object, .object), (.array, .array), (.string, .string), (.boolean, .bool), (.null, .null): true
        case (.number, .int), (.number, .number), (.integer, .int): true
        // jsonschema counts 1.0 as an integer.
        case (.integer, .number(let number)): number.rounded() == number && number.isFinite
        default: false
        }
    }

    /// `re.search(pattern, text)`; the patterns are constants, so a bad one is a programming
    /// error and never matches. Each is compiled once: a body with thousands of keys meets
    /// the same `patternProperties` pattern thousands of times.
    static func search(_ pattern: String, in text: String) -> Bool {
        guard let regex = CompiledPatterns.shared.regex(for: pattern) else { return false }
        let range = NSRange(text.startIndex..., in: text)
        return regex.firstMatch(in: text, range: range) != nil
    }

    /// jsonschema's `equal`: numbers by value, booleans never equal to numbers.
    static func pythonEqual(_ lhs: JSON, _ rhs: JSON) -> Bool {
        if let left = jsonNumber(lhs), let right = jsonNumber(rhs) { return left == right }
        return lhs == rhs
    }

    static func jsonNumber(_ value: JSON) -> Double? {
        switch value {
        case .int(let number): Double(number)
        case .number(let number): number
        default: nil
        }
    }

    /// Nova's `_number_from_str`: `int(x)`, else `float(x)`, else not a number (the check
    /// is skipped). Python's `int()` truncates floats and accepts booleans and padded digits.
    static func novaNumber(_ value: JSON) -> (value: Double, repr: String)? {
        switch value {
        case .int(let number): return (Double(number), String(number))
        case .bool(let flag): return (flag ? 1 : 0, flag ? "1" : "0")
        case .number(let number):
            guard number.isFinite else { return nil }
            // `int(1e30)` is exact in Python, far beyond `Int`: print every digit.
            let truncated = number.rounded(.towardZero)
            return (truncated, PythonRepr.integer(truncated))
        case .string(let text):
            let trimmed = text.trimmingWhitespace()
            if let integer = Int(trimmed) { return (Double(integer), String(integer)) }
            if let double = Double(trimmed) { return (double, PythonRepr.float(double)) }
            return nil
        default:
            return nil
        }
    }

    /// A bound as Python wrote it in the schema (`1`, `0`, `3.40282e+38`).
    static func boundRepr(_ bound: Double) -> String {
        if bound.rounded() == bound, abs(bound) < 1e15 { return String(Int(bound)) }
        return PythonRepr.float(bound)
    }
}
