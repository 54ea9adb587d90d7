/// oslo's `strutils.bool_from_string`, which Nova uses for every boolean-like tag.
enum BooleanTag {
    static let trueStrings: Set<String> = ["1", "t", "true", "on", "y", "yes"]
    static let falseStrings: Set<String> = ["0", "f", "false", "off", "n", "no"]

    /// The strict parse: `nil` for anything unrecognised (see `unrecognized(_:)`).
    static func parseStrict(_ value: TagValue) -> Bool? {
        switch value {
        case .bool(let flag): return flag
        case .int(let number) where number == 0 || number == 1: return number == 1
        default: break
        }
        let normalised = value.description.trimmingSpaces().lowercased()
        if trueStrings.contains(normalised) { return true }
        if falseStrings.contains(normalised) { return false }
        return nil
    }

    /// oslo's text for a value the strict parse refused.
    static func unrecognized(_ value: TagValue) -> String {
        let acceptable = trueStrings.union(falseStrings).sorted().map { "'\($0)'" }.joined(separator: ", ")
        return "Unrecognized value '\(value.description)', acceptable values are: \(acceptable)"
    }

    /// The lenient parse: anything that is not clearly true is false.
    static func parseLenient(_ value: TagValue?) -> Bool {
        guard let value else { return false }
        if case .bool(let flag) = value { return flag }
        return trueStrings.contains(value.description.trimmingSpaces().lowercased())
    }
}

extension String {
    func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
