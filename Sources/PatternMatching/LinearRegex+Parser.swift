extension LinearRegex {
    /// A recursive-descent parser for Python's `re` syntax, following `re._parser` so that
    /// what Python refuses is refused with Python's message and position, and what Python
    /// accepts either parses the same way or is named as unsupported. Positions count
    /// Unicode scalars, as Python counts code points.
    struct Parser {
        /// For the extensions in the other files, which do not see `LinearRegex`'s types.
        typealias Node = LinearRegex.Node

        let scalars: [Unicode.Scalar]
        var position = 0 {
            didSet { furthestPosition = max(furthestPosition, position) }
        }
        /// See `parse()`.
        private var furthestPosition = 0
        /// Set by a leading `(?i)`.
        var ignoresCase = false
        /// The first construct found that Python accepts and this matcher does not. It is
        /// reported only once the whole pattern has parsed, so that a pattern Python
        /// refuses is always reported as a syntax error, as Python would.
        var unsupportedConstruct: String?
        /// Capturing groups: only to tell a backreference (unsupported) from a reference
        /// to no group or to an open one (syntax errors in Python).
        var groupCount = 0
        var groupNumbers: [String: Int] = [:]
        var closedGroups: Set<Int> = []
        /// Numbered conditions `(?(2)...)`, whose group may come later; Python checks them
        /// at the end.
        var conditionReferences: [(group: Int, position: Int)] = []

        init(_ pattern: String) {
            scalars = Array(pattern.unicodeScalars)
        }

        /// Python's tokenizer reads one token ahead, so a pattern ending in a lone "\\"
        /// fails with "bad escape (end of pattern)" as soon as the parser reaches the token
        /// before it, ahead of any error found from there on.
        mutating func parse() throws(LinearRegexError) -> Node {
            do throws(LinearRegexError) {
                return try parseWholePattern()
            } catch {
                if case .syntax = error, endsInLoneBackslash, furthestPosition >= scalars.count - 1 {
                    throw .syntax("bad escape (end of pattern)", position: scalars.count - 1)
                }
                throw error
            }
        }

        /// An odd run of backslashes at the end: the last one escapes nothing.
        private var endsInLoneBackslash: Bool {
            scalars.reversed().prefix { $0 == "\\" }.count % 2 == 1
        }

        private mutating func parseWholePattern() throws(LinearRegexError) -> Node {
            let node = try parseAlternation(depth: 0)
            // The only thing that stops the top level early is a ")" without its "(".
            if position < scalars.count {
                throw .syntax("unbalanced parenthesis", position: position)
            }
            for reference in conditionReferences where reference.group > groupCount {
                throw .syntax("invalid group reference \(reference.group)", position: reference.position)
            }
            if let unsupportedConstruct {
                throw .unsupported(unsupportedConstruct)
            }
            return node
        }

        mutating func noteUnsupported(_ construct: String) {
            if unsupportedConstruct == nil { unsupportedConstruct = construct }
        }

        // MARK: Reading

        var next: Unicode.Scalar? {
            position < scalars.count ? scalars[position] : nil
        }

        mutating func advance() -> Unicode.Scalar? {
            guard let scalar = next else { return nil }
            position += 1
            return scalar
        }

        mutating func skip(_ scalar: Unicode.Scalar) -> Bool {
            guard next == scalar else { return false }
            position += 1
            return true
        }

        /// Skips to just after the next unescaped `scalar`; false at the end of the pattern.
        /// Python reads "\\" and the scalar after it as one token, so an escaped
        /// terminator does not terminate.
        mutating func skipPast(_ terminator: Unicode.Scalar) -> Bool {
            while let scalar = advance() {
                if scalar == terminator { return true }
                if scalar == "\\" { _ = advance() }
            }
            return false
        }

        /// A name up to `terminator`, with Python's errors for a missing or unterminated
        /// one; `kind` is what Python calls it ("group name", "character name").
        mutating func readName(upTo terminator: Unicode.Scalar, kind: String) throws(LinearRegexError) -> String {
            let nameStart = position
            guard skipPast(terminator) else {
                throw position == nameStart
                    ? .syntax("missing \(kind)", position: position)
                    : .syntax("missing \(terminator), unterminated name", position: nameStart)
            }
            guard position - 1 > nameStart else {
                throw .syntax("missing \(kind)", position: nameStart)
            }
            return source(nameStart..<position - 1)
        }

        func source(_ range: Range<Int>) -> String {
            var text = ""
            text.unicodeScalars.append(contentsOf: scalars[range])
            return text
        }

        // MARK: Structure

        mutating func parseAlternation(depth: Int) throws(LinearRegexError) -> Node {
            var branches = [try parseSequence(depth: depth, isPatternStart: depth == 0)]
            while skip("|") {
                branches.append(try parseSequence(depth: depth, isPatternStart: false))
            }
            return branches.count == 1 ? branches[0] : .alternation(branches)
        }

        /// One alternative: items up to "|", ")" or the end. `isPatternStart` says whether
        /// global flags are still allowed (Python wants them before anything else).
        mutating func parseSequence(depth: Int, isPatternStart: Bool) throws(LinearRegexError) -> Node {
            var items: [Node] = []
            while let scalar = next, scalar != "|", scalar != ")" {
                let start = position
                position += 1
                switch scalar {
                case "(":
                    if let group = try parseGroup(start: start, depth: depth, acceptsGlobalFlags: isPatternStart && items.isEmpty) {
                        items.append(group)
                    }
                case "[":
                    items.append(.characterClass(try parseBracketClass(start: start)))
                case ".":
                    items.append(.anyExceptNewline)
                case "^":
                    items.append(.assertion(.startOfText))
                case "$":
                    items.append(.assertion(.endOfTextOrBeforeFinalNewline))
                case "\\":
                    items.append(try parseEscape(start: start))
                case "*":
                    try repeatLastItem(of: &items, minimum: 0, maximum: nil, quantifierStart: start)
                case "+":
                    try repeatLastItem(of: &items, minimum: 1, maximum: nil, quantifierStart: start)
                case "?":
                    try repeatLastItem(of: &items, minimum: 0, maximum: 1, quantifierStart: start)
                case "{":
                    if let (minimum, maximum) = try parseCountedQuantifier() {
                        try repeatLastItem(of: &items, minimum: minimum, maximum: maximum, quantifierStart: start)
                    } else {
                        items.append(.literal("{"))
                    }
                default:
                    items.append(.literal(scalar))
                }
            }
            switch items.count {
            case 0: return .empty
            case 1: return items[0]
            default: return .concatenation(items)
            }
        }

        private mutating func repeatLastItem(
            of items: inout [Node], minimum: Int, maximum: Int?, quantifierStart: Int
        ) throws(LinearRegexError) {
            guard let last = items.last else {
                throw .syntax("nothing to repeat", position: quantifierStart)
            }
            switch last {
            case .assertion:
                throw .syntax("nothing to repeat", position: quantifierStart)
            case .repetition:
                throw .syntax("multiple repeat", position: quantifierStart)
            default:
                break
            }
            if skip("+") {
                noteUnsupported("a possessive quantifier (\(source(quantifierStart..<position)))")
            } else {
                _ = skip("?")  // lazy: the same yes/no answer
            }
            items[items.count - 1] = .repetition(last, minimum: minimum, maximum: maximum)
        }

        /// After "{": `{m}`, `{m,}`, `{,n}`, `{m,n}` or `{,}`, or nil (with nothing
        /// consumed) when the braces do not form one, and "{" is then a literal.
        private mutating func parseCountedQuantifier() throws(LinearRegexError) -> (Int, Int?)? {
            let afterBrace = position
            guard next != "}" else { return nil }
            let low = readDecimal()
            let high = skip(",") ? readDecimal() : low
            guard skip("}") else {
                position = afterBrace
                return nil
            }
            let minimum = low ?? 0
            if let high, high < minimum {
                throw .syntax("min repeat greater than max repeat", position: afterBrace)
            }
            return (minimum, high)
        }

        /// ASCII digits as a count, saturating far above any count the program size allows.
        private mutating func readDecimal() -> Int? {
            var value: Int?
            while let digit = next, ("0"..."9").contains(digit) {
                position += 1
                value = min((value ?? 0) * 10 + Int(digit.value - 48), 1 << 40)
            }
            return value
        }
    }
}
