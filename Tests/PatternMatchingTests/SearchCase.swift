import Testing

/// One row of a search table: whether `pattern` matches anywhere in `text`.
struct SearchCase: Sendable, CustomTestStringConvertible {
    let pattern: String
    let text: String
    let expected: Bool

    init(_ pattern: String, _ text: String, _ expected: Bool) {
        self.pattern = pattern
        self.text = text
        self.expected = expected
    }

    var testDescription: String {
        let shownText = text.unicodeScalars.count > 40 ? "\(text.unicodeScalars.count) scalars of text" : text.debugDescription
        return "\(pattern.debugDescription) in \(shownText)"
    }
}
