extension LinearRegex {
    /// A parsed pattern. Capturing and non-capturing groups are alike here (a yes/no
    /// search has nothing to capture); `group` is kept only so that the parser can tell
    /// `(a*)*` (allowed) from `a**` ("multiple repeat"), as Python does.
    indirect enum Node: Sendable {
        /// Matches the empty string: an empty pattern, alternative or group.
        case empty
        case literal(Unicode.Scalar)
        /// `.`: any scalar but "\n" (Python's default mode, without DOTALL).
        case anyExceptNewline
        case characterClass(CharacterClass)
        case assertion(Assertion)
        case group(Node)
        case concatenation([Node])
        case alternation([Node])
        /// `minimum...maximum` times, `maximum` nil for unbounded. Lazy forms parse to
        /// the same node: they change which match is found, never whether there is one.
        case repetition(Node, minimum: Int, maximum: Int?)
    }

    /// The zero-width assertions, evaluated from the text position alone.
    enum Assertion: Hashable, Sendable {
        /// `^` and `\A` (the same without MULTILINE).
        case startOfText
        /// `\Z`.
        case endOfText
        /// `$`: at the end, or before a "\n" that ends the text.
        case endOfTextOrBeforeFinalNewline
        /// `\b`.
        case wordBoundary
        /// `\B`.
        case notWordBoundary
    }
}
