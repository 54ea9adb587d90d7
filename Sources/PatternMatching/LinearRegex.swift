/// A regular expression in Python's `re` syntax, matched in time linear in the text.
///
/// Nova filters server lists with `re.search(name, server_name)`, so the `name` filter is
/// a regular expression supplied by the caller. A backtracking engine takes exponential
/// time on patterns such as `(a+)+$`; this one simulates the pattern's NFA instead, in
/// O(pattern × text) time whatever the pattern, at the price of the constructs only
/// backtracking can do (see `LinearRegexError.unsupported`).
///
/// Two regexes are equal when their patterns have the same Unicode scalars.
public struct LinearRegex: Sendable, Hashable {
    /// The longest accepted pattern, in Unicode scalars.
    public static let maximumPatternLength = 1_024
    /// The most instructions a pattern may compile to; counted repetition is written out,
    /// so `(a{100}){100}` counts 10,000.
    public static let maximumProgramSize = 20_000

    private let pattern: String
    private let program: Program

    /// Compiles a Python `re` pattern; throws for syntax errors and for what a linear
    /// matcher cannot do.
    public init(_ pattern: String) throws(LinearRegexError) {
        let length = pattern.unicodeScalars.count
        guard length <= Self.maximumPatternLength else {
            throw .tooComplex("the pattern is \(length) characters long, more than \(Self.maximumPatternLength)")
        }
        var parser = Parser(pattern)
        let node = try parser.parse()
        program = try Program(compiling: node, ignoresCase: parser.ignoresCase)
        self.pattern = pattern
    }

    /// How many instructions the pattern compiled to: the cost of one text character, which
    /// callers that search many texts bound.
    public var programSize: Int { program.instructions.count }

    /// Python's `re.search(pattern, text) is not None`, in O(len(pattern) × len(text)) time.
    public func search(in text: String) -> Bool {
        Matcher(program: program, text: text).run()
    }

    // `String` equality is canonical equivalence, but "é" and "e\u{301}" are different
    // patterns here, since matching is on scalars.
    public static func == (lhs: LinearRegex, rhs: LinearRegex) -> Bool {
        lhs.pattern.unicodeScalars.elementsEqual(rhs.pattern.unicodeScalars)
    }

    public func hash(into hasher: inout Hasher) {
        for scalar in pattern.unicodeScalars { hasher.combine(scalar.value) }
    }
}
