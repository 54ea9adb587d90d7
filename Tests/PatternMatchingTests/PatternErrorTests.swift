import Testing
@testable import PatternMatching

/// Patterns refused: Python's syntax errors with Python's message and position, the
/// constructs Python accepts and a linear-time matcher does not, and the size limits.
struct PatternErrorTests {
    struct SyntaxErrorCase: Sendable, CustomTestStringConvertible {
        let pattern: String
        let message: String
        let position: Int

        init(_ pattern: String, _ message: String, _ position: Int) {
            self.pattern = pattern
            self.message = message
            self.position = position
        }

        var testDescription: String { pattern.debugDescription }
    }

    // `re.error.msg` and `re.error.pos` from CPython 3.11.7 for each pattern.
    static let syntaxErrors: [SyntaxErrorCase] = [
        .init(#"a**"#, "multiple repeat", 2),
        .init(#"a*??"#, "multiple repeat", 3),
        .init(#"a{1,2}{3}"#, "multiple repeat", 6),
        .init(#"(a{100}){100}{100}"#, "multiple repeat", 13),
        .init(#"^*"#, "nothing to repeat", 1),
        .init(#"*"#, "nothing to repeat", 0),
        .init(#"+a"#, "nothing to repeat", 0),
        .init(#"a|*"#, "nothing to repeat", 2),
        .init(#"(*)"#, "nothing to repeat", 1),
        .init(#"\b{2}"#, "nothing to repeat", 2),
        .init(#"{1}"#, "nothing to repeat", 0),
        .init(#"a{2,1}"#, "min repeat greater than max repeat", 2),
        .init(#"(a"#, "missing ), unterminated subpattern", 0),
        .init(#"((a)"#, "missing ), unterminated subpattern", 0),
        .init(#"a)"#, "unbalanced parenthesis", 1),
        .init(#")"#, "unbalanced parenthesis", 0),
        .init(#"[a"#, "unterminated character set", 0),
        .init(#"[]"#, "unterminated character set", 0),
        .init(#"[^]"#, "unterminated character set", 0),
        .init(#"[a-"#, "unterminated character set", 0),
        .init(#"[z-a]"#, "bad character range z-a", 1),
        .init(#"[\d-z]"#, #"bad character range \d-z"#, 1),
        .init(#"[a-\w]"#, #"bad character range a-\w"#, 1),
        .init(#"\q"#, #"bad escape \q"#, 0),
        .init(#"\z"#, #"bad escape \z"#, 0),
        .init(#"a\"#, "bad escape (end of pattern)", 1),
        .init(#"[a\\"#, "unterminated character set", 0),
        .init(#"\x4"#, #"incomplete escape \x4"#, 0),
        .init(#"\xg0"#, #"incomplete escape \x"#, 0),
        .init(#"\u12"#, #"incomplete escape \u12"#, 0),
        .init(#"\U00110000"#, #"bad escape \U00110000"#, 0),
        .init(#"\777"#, #"octal escape value \777 outside of range 0-0o377"#, 0),
        .init(#"[\9]"#, #"bad escape \9"#, 1),
        .init(#"[\A]"#, #"bad escape \A"#, 1),
        .init(#"[\400]"#, #"octal escape value \400 outside of range 0-0o377"#, 1),
        .init(#"(?P<1>a)"#, "bad character in group name '1'", 4),
        .init(#"(?P<a-b>a)"#, "bad character in group name 'a-b'", 4),
        .init(#"(?P<a>a)(?P<a>b)"#, "redefinition of group name 'a' as group 2; was group 1", 12),
        .init(#"(?P<>a)"#, "missing group name", 4),
        .init(#"(?P<a"#, "missing >, unterminated name", 4),
        .init(#"(?P=x)"#, "unknown group name 'x'", 4),
        .init(#"(?P=1)"#, "bad character in group name '1'", 4),
        .init(#"(?Px)"#, "unknown extension ?Px", 1),
        .init(#"(?P"#, "unexpected end of pattern", 3),
        .init(#"(?"#, "unexpected end of pattern", 2),
        .init(#"(?z)"#, "unknown extension ?z", 1),
        .init(#"(?<x)"#, "unknown extension ?<x", 1),
        .init(#"\1"#, "invalid group reference 1", 1),
        .init(#"(a)\2"#, "invalid group reference 2", 4),
        .init(#"(a\1)"#, "cannot refer to an open group", 2),
        .init(#"(?#abc"#, "missing ), unterminated comment", 0),
        .init(#"(?#a\"#, "bad escape (end of pattern)", 4),
        .init(#"(?P<a\>b>x)"#, #"bad character in group name 'a\\>b'"#, 4),
        .init(#"(?P<a'b>x)"#, "bad character in group name \"a'b\"", 4),
        .init(#"(?P<a\#tb>x)"#, #"bad character in group name 'a\tb'"#, 4),
        .init(#"(?P=a\"b)"#, #"bad character in group name 'a\\"b'"#, 4),
        .init(#"(?P<a-b\"#, "bad escape (end of pattern)", 7),
        .init(#"\N{a\}"#, "missing }, unterminated name", 3),
        .init(#"a(?i)b"#, "global flags not at the start of the expression", 1),
        .init(#"(a(?i))"#, "global flags not at the start of the expression", 2),
        .init(#"(?iz)a"#, "unknown flag", 3),
        .init(#"(?i"#, "missing -, : or )", 3),
        .init(#"(?L)a"#, "bad inline flags: cannot use 'L' flag with a str pattern", 3),
        .init(#"(?au)a"#, "bad inline flags: flags 'a', 'u' and 'L' are incompatible", 4),
        .init(#"(?-i)a"#, "missing :", 4),
        .init(#"(?i-i:a)"#, "bad inline flags: flag turned on and off", 5),
        .init(#"(?t:a)"#, "bad inline flags: cannot turn on global flag", 3),
        .init(#"(?-:a)"#, "missing flag", 3),
        .init(#"(?(a)b)"#, "unknown group name 'a'", 3),
        .init(#"(?(0)a)"#, "bad group number", 3),
        .init(#"(?(2)a)"#, "invalid group reference 2", 3),
        .init(#"(x)(?(1)a|b|c)"#, "conditional backref with more than two branches", 11),
        .init(#"\N"#, "missing {", 2),
        .init(#"\N{}"#, "missing character name", 3),
        .init(#"a*+("#, "missing ), unterminated subpattern", 3),
        .init(#"(?=a"#, "missing ), unterminated subpattern", 0),
        .init(#"(?>a))"#, "unbalanced parenthesis", 5),
    ]

    @Test(arguments: syntaxErrors)
    func syntaxErrorNamesPythonsPosition(_ row: SyntaxErrorCase) {
        #expect(throws: LinearRegexError.syntax(row.message, position: row.position)) {
            try LinearRegex(row.pattern)
        }
    }

    // Each compiles in CPython 3.11.7.
    static let unsupportedPatterns: [String] = [
        #"(a)\1"#,
        #"(a)(b)\2"#,
        #"(?P<n>a)(?P=n)"#,
        #"(?=a)"#,
        #"(?!a)"#,
        #"(?<=a)b"#,
        #"(?<!a)b"#,
        #"(a)?(?(1)b|c)"#,
        #"(?P<n>a)?(?(n)b)"#,
        #"(?>a)"#,
        #"a*+"#,
        #"a++"#,
        #"a?+"#,
        #"a{1,2}+"#,
        #"(?m)^a"#,
        #"(?s)."#,
        #"(?x)a b"#,
        #"(?a)\w"#,
        #"(?u)a"#,
        #"(?ai)a"#,
        #"(?i:a)"#,
        #"(?-i:a)"#,
        #"(?t)a"#,
        #"\N{LATIN SMALL LETTER A}"#,
        #"[\N{DIGIT ONE}]"#,
    ]

    @Test(arguments: unsupportedPatterns)
    func unsupportedConstructIsNamed(_ pattern: String) {
        #expect {
            try LinearRegex(pattern)
        } throws: { error in
            guard case .unsupported = error as? LinearRegexError else { return false }
            return true
        }
    }

    @Test func unsupportedErrorNamesTheConstruct() {
        #expect(throws: LinearRegexError.unsupported("a backreference (\\1)")) { try LinearRegex(#"(a)\1"#) }
        #expect(throws: LinearRegexError.unsupported("a lookahead assertion (?=...)")) { try LinearRegex("a(?=b)") }
        #expect(throws: LinearRegexError.unsupported("a possessive quantifier (*+)")) { try LinearRegex("a*+") }
    }

    /// Unsupported constructs are reported only once the whole pattern has parsed, so a
    /// pattern Python refuses is a syntax error even when it also uses one.
    @Test func syntaxErrorAfterAnUnsupportedConstructWins() {
        #expect(throws: LinearRegexError.syntax("missing ), unterminated subpattern", position: 11)) {
            try LinearRegex("(a)(?<=a)\\1(")
        }
        #expect(throws: LinearRegexError.syntax("multiple repeat", position: 3)) { try LinearRegex("a++*") }
    }

    @Test func patternLengthIsCountedInScalars() throws {
        let longest = String(repeating: "😀", count: LinearRegex.maximumPatternLength)
        #expect(try LinearRegex(longest).search(in: "x" + longest))
        #expect {
            try LinearRegex(longest + "😀")
        } throws: { error in
            guard case .tooComplex = error as? LinearRegexError else { return false }
            return true
        }
    }

    /// Counted repetition is written out, so the program size, not the pattern length,
    /// bounds `a{19999}`; the size is measured before anything is built.
    @Test(arguments: [
        #"a{20000}"#, #"(ab){10000}"#, #"((a{100}){100}){100}"#, #"(((a{1000}){1000}){1000}){1000}"#,
        #"x{0,99999999999999999999999}"#, #"[a-z]{5000}\w{5000}\d{5000}\s{5000}"#,
    ])
    func oversizedProgramIsTooComplex(_ pattern: String) {
        #expect {
            try LinearRegex(pattern)
        } throws: { error in
            guard case .tooComplex = error as? LinearRegexError else { return false }
            return true
        }
    }

    @Test func programOfExactlyTheLimitCompiles() throws {
        // The anchor, 19,998 literals and the final `match` instruction. Anchored, so
        // that one thread walks the program instead of one starting at every position.
        let regex = try LinearRegex("^a{19998}")
        #expect(regex.search(in: String(repeating: "a", count: 19_998)))
        #expect(!regex.search(in: String(repeating: "a", count: 19_997)))
        #expect(throws: LinearRegexError.self) { try LinearRegex("^a{19999}") }
    }

    @Test func repeatingNothingCostsNothing() throws {
        #expect(try LinearRegex("(){1000000000}x").search(in: "x"))
        #expect(try LinearRegex("(?:(?:){100000}){100000}").search(in: ""))
    }

    @Test func descriptionsAreOneSentence() {
        #expect(LinearRegexError.syntax("nothing to repeat", position: 0).description
            == "Invalid regular expression: nothing to repeat at position 0.")
        #expect(LinearRegexError.unsupported("an atomic group (?>...)").description
            == "The regular expression uses an atomic group (?>...), which the linear-time matcher does not support.")
        #expect(LinearRegexError.tooComplex("it compiles to more than 20000 instructions").description
            == "The regular expression is too complex: it compiles to more than 20000 instructions.")
    }
}
