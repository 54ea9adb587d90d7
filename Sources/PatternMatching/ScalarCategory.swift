/// The class escapes `\d`, `\w` and `\s` (and their negations) as Python 3 defines them
/// for `str` patterns. They are Unicode-aware, not ASCII-only as in many engines: Nova
/// filters with Python's `re`, so a name filter must classify "٣" or "日" the same way.
enum ScalarCategory: Hashable, Sendable {
    /// `\d`: `str.isdecimal()`.
    case digit
    /// `\w`: `str.isalnum()` or `_`.
    case word
    /// `\s`: `str.isspace()`.
    case space

    func contains(_ scalar: Unicode.Scalar) -> Bool {
        switch self {
        case .digit: scalar.isDecimalDigit
        case .word: scalar.isWordScalar
        case .space: scalar.isSpaceScalar
        }
    }
}

extension Unicode.Scalar {
    /// Decimal digits of any script ("٣", "३"), but not "²" or "½", which are numeric
    /// without being decimal.
    var isDecimalDigit: Bool {
        if isASCII { return ("0"..."9").contains(self) }
        return properties.numericType == .decimal
    }

    /// Python's `isalnum()`: letters (categories L*) and anything with a numeric value,
    /// so "½" and "Ⅻ" are word scalars while combining marks (U+0301) are not.
    var isWordScalar: Bool {
        if isASCII {
            return ("a"..."z").contains(self) || ("A"..."Z").contains(self) || ("0"..."9").contains(self) || self == "_"
        }
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            return true
        default:
            return properties.numericType != nil
        }
    }

    /// Python's `isspace()`: category Zs or bidirectional class WS, B or S. That is the
    /// Unicode White_Space property plus U+001C...U+001F, the information separators,
    /// which are not White_Space but have bidirectional class B or S.
    var isSpaceScalar: Bool {
        if (0x1C...0x1F).contains(value) { return true }
        if isASCII { return self == " " || ("\t"..."\r").contains(self) }
        return properties.isWhitespace
    }
}
