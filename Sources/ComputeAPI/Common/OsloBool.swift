/// oslo's `strutils.bool_from_string(strict=True)`, which Nova uses for boolean-ish query
/// values such as `all_tenants` and `deleted`.
enum OsloBool {
    static let trueStrings = ["1", "t", "true", "on", "y", "yes"]
    static let falseStrings = ["0", "f", "false", "off", "n", "no"]

    /// `nil` when the value is neither.
    static func parse(_ text: String) -> Bool? {
        let lowered = text.trimmingWhitespace().lowercased()
        if trueStrings.contains(lowered) { return true }
        if falseStrings.contains(lowered) { return false }
        return nil
    }

    /// oslo's ValueError text for a value it does not recognise.
    static func unrecognized(_ text: String) -> String {
        let acceptable = (trueStrings + falseStrings).sorted().map { "'\($0)'" }.joined(separator: ", ")
        return "Unrecognized value '\(text)', acceptable values are: \(acceptable)"
    }
}
