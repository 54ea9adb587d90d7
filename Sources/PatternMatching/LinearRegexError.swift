/// Why a pattern was refused.
public enum LinearRegexError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Python's `re` refuses it too; the message is Python's and the position counts
    /// Unicode scalars from 0, like Python's `re.error.pos`.
    case syntax(String, position: Int)
    /// Valid Python, but beyond a linear-time matcher: backreferences, lookaround,
    /// conditionals, atomic groups, possessive quantifiers, flags other than a leading `(?i)`.
    case unsupported(String)
    /// Longer than `LinearRegex.maximumPatternLength` or, once counted repetition is
    /// written out, larger than `LinearRegex.maximumProgramSize`.
    case tooComplex(String)

    public var description: String {
        switch self {
        case .syntax(let message, let position):
            "Invalid regular expression: \(message) at position \(position)."
        case .unsupported(let construct):
            "The regular expression uses \(construct), which the linear-time matcher does not support."
        case .tooComplex(let reason):
            "The regular expression is too complex: \(reason)."
        }
    }
}
