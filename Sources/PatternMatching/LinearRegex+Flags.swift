extension LinearRegex.Parser {
    /// Python's inline flag letters (`t` is the deprecated TEMPLATE flag).
    static let inlineFlags: Set<Unicode.Scalar> = ["a", "i", "L", "m", "s", "t", "u", "x"]

    /// After "(?" and the first flag letter or "-", Python's `_parse_flags` with its
    /// errors. Returns whether the flags are scoped (`(?i:...)`, the body follows) rather
    /// than global (`(?i)`).
    ///
    /// Only a leading `(?i)` is supported. The other flags are noted as unsupported,
    /// except VERBOSE (`x`), which is refused at once: it changes how the rest of the
    /// pattern reads, so no later syntax error could be trusted.
    mutating func parseInlineFlags(first: Unicode.Scalar, groupStart: Int, acceptsGlobalFlags: Bool) throws(LinearRegexError) -> Bool {
        var added: Set<Unicode.Scalar> = []
        var removed: Set<Unicode.Scalar> = []
        var letter = first
        if letter != "-" {
            while true {
                if letter == "L" {
                    throw .syntax("bad inline flags: cannot use 'L' flag with a str pattern", position: position)
                }
                added.insert(letter)
                if letter == "a" || letter == "u", added.contains("a") && added.contains("u") {
                    throw .syntax("bad inline flags: flags 'a', 'u' and 'L' are incompatible", position: position)
                }
                guard let following = advance() else {
                    throw .syntax("missing -, : or )", position: position)
                }
                letter = following
                if letter == ")" || letter == "-" || letter == ":" { break }
                guard Self.inlineFlags.contains(letter) else {
                    throw .syntax(Self.isLetter(letter) ? "unknown flag" : "missing -, : or )", position: position - 1)
                }
            }
        }
        if letter == ")" {
            try applyGlobalFlags(added, groupStart: groupStart, acceptsGlobalFlags: acceptsGlobalFlags)
            return false
        }
        if added.contains("t") {
            throw .syntax("bad inline flags: cannot turn on global flag", position: position - 1)
        }
        if letter == "-" {
            guard let following = advance() else {
                throw .syntax("missing flag", position: position)
            }
            letter = following
            guard Self.inlineFlags.contains(letter) else {
                throw .syntax(Self.isLetter(letter) ? "unknown flag" : "missing flag", position: position - 1)
            }
            while true {
                if letter == "a" || letter == "u" || letter == "L" {
                    throw .syntax("bad inline flags: cannot turn off flags 'a', 'u' and 'L'", position: position)
                }
                removed.insert(letter)
                guard let following = advance() else {
                    throw .syntax("missing :", position: position)
                }
                letter = following
                if letter == ":" { break }
                guard Self.inlineFlags.contains(letter) else {
                    throw .syntax(Self.isLetter(letter) ? "unknown flag" : "missing :", position: position - 1)
                }
            }
        }
        if removed.contains("t") {
            throw .syntax("bad inline flags: cannot turn off global flag", position: position - 1)
        }
        if !added.isDisjoint(with: removed) {
            throw .syntax("bad inline flags: flag turned on and off", position: position - 1)
        }
        let flags = source(groupStart + 2..<position - 1)
        if added.contains("x") || removed.contains("x") {
            throw .unsupported("the verbose flag (?\(flags):...)")
        }
        noteUnsupported("scoped inline flags (?\(flags):...)")
        return true
    }

    private mutating func applyGlobalFlags(_ flags: Set<Unicode.Scalar>, groupStart: Int, acceptsGlobalFlags: Bool) throws(LinearRegexError) {
        guard acceptsGlobalFlags else {
            throw .syntax("global flags not at the start of the expression", position: groupStart)
        }
        let written = source(groupStart..<position)
        if flags.contains("x") {
            throw .unsupported("the verbose flag \(written)")
        }
        if flags.contains("i") {
            ignoresCase = true
        }
        if !flags.subtracting(["i"]).isEmpty {
            noteUnsupported("the inline flags \(written); only (?i) is supported")
        }
    }

    /// Python's `str.isalpha()`, which picks between its "unknown flag" and "missing"
    /// messages.
    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: true
        default: false
        }
    }
}
