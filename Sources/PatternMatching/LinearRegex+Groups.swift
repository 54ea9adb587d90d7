extension LinearRegex.Parser {
    /// After "(" (`start` is the parenthesis): a group, or nil for what adds no item (a
    /// comment, global flags). Lookaround, atomic and conditional groups are parsed as
    /// Python parses them, for its syntax errors, and noted as unsupported.
    mutating func parseGroup(start: Int, depth: Int, acceptsGlobalFlags: Bool) throws(LinearRegexError) -> Node? {
        var number: Int?
        if !skip("?") {
            groupCount += 1
            number = groupCount
        } else {
            guard let kind = advance() else {
                throw .syntax("unexpected end of pattern", position: position)
            }
            switch kind {
            case ":":
                break
            case "P":
                if skip("<") {
                    number = try openNamedGroup()
                } else if skip("=") {
                    try parseNamedBackreference()
                    return .empty
                } else {
                    guard let other = advance() else {
                        throw .syntax("unexpected end of pattern", position: position)
                    }
                    throw .syntax("unknown extension ?P\(other)", position: start + 1)
                }
            case "#":
                while let scalar = advance() {
                    if scalar == ")" { return nil }
                }
                throw .syntax("missing ), unterminated comment", position: start)
            case "=":
                noteUnsupported("a lookahead assertion (?=...)")
            case "!":
                noteUnsupported("a negative lookahead assertion (?!...)")
            case "<":
                switch advance() {
                case "=": noteUnsupported("a lookbehind assertion (?<=...)")
                case "!": noteUnsupported("a negative lookbehind assertion (?<!...)")
                case nil: throw .syntax("unexpected end of pattern", position: position)
                case let other?: throw .syntax("unknown extension ?<\(other)", position: start + 1)
                }
            case ">":
                noteUnsupported("an atomic group (?>...)")
            case "(":
                return try parseConditional(start: start, depth: depth)
            default:
                guard kind == "-" || Self.inlineFlags.contains(kind) else {
                    throw .syntax("unknown extension ?\(kind)", position: start + 1)
                }
                let isScoped = try parseInlineFlags(first: kind, groupStart: start, acceptsGlobalFlags: acceptsGlobalFlags)
                guard isScoped else { return nil }
            }
        }
        let body = try parseAlternation(depth: depth + 1)
        guard skip(")") else {
            throw .syntax("missing ), unterminated subpattern", position: start)
        }
        if let number { closedGroups.insert(number) }
        return .group(body)
    }

    /// After "(?P<": the name, which must be a new identifier; returns the group number.
    private mutating func openNamedGroup() throws(LinearRegexError) -> Int {
        let nameStart = position
        let name = try readGroupName(terminator: ">")
        try checkIdentifier(name, at: nameStart)
        groupCount += 1
        guard groupNumbers.updateValue(groupCount, forKey: name) == nil else {
            throw .syntax("redefinition of group name '\(name)'", position: nameStart)
        }
        return groupCount
    }

    /// After "(?P=": `name)`, a backreference to a closed group.
    private mutating func parseNamedBackreference() throws(LinearRegexError) {
        let nameStart = position
        let name = try readGroupName(terminator: ")")
        try checkIdentifier(name, at: nameStart)
        guard let referenced = groupNumbers[name] else {
            throw .syntax("unknown group name '\(name)'", position: nameStart)
        }
        try checkBackreference(to: referenced, invalidAt: nameStart, openAt: nameStart)
        noteUnsupported("a backreference (?P=\(name))")
    }

    /// After "(?(": `name)` or `number)`, then at most two branches and ")".
    private mutating func parseConditional(start: Int, depth: Int) throws(LinearRegexError) -> Node {
        let nameStart = position
        let name = try readGroupName(terminator: ")")
        if Self.isIdentifier(name) {
            guard groupNumbers[name] != nil else {
                throw .syntax("unknown group name '\(name)'", position: nameStart)
            }
        } else {
            guard name.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }), let group = Int(name) else {
                throw .syntax("bad character in group name '\(name)'", position: nameStart)
            }
            guard group > 0 else {
                throw .syntax("bad group number", position: nameStart)
            }
            conditionReferences.append((group, nameStart))
        }
        noteUnsupported("a conditional group (?(\(name))...)")
        let yes = try parseSequence(depth: depth + 1, isPatternStart: false)
        var no = Node.empty
        if skip("|") {
            no = try parseSequence(depth: depth + 1, isPatternStart: false)
            if next == "|" {
                throw .syntax("conditional backref with more than two branches", position: position)
            }
        }
        guard skip(")") else {
            throw .syntax("missing ), unterminated subpattern", position: start)
        }
        return .group(.alternation([yes, no]))
    }

    /// The name up to `terminator`, as Python's `getuntil`.
    private mutating func readGroupName(terminator: Unicode.Scalar) throws(LinearRegexError) -> String {
        let nameStart = position
        while let scalar = advance(), scalar != terminator {}
        guard position > nameStart, scalars[position - 1] == terminator else {
            throw position == nameStart
                ? .syntax("missing group name", position: position)
                : .syntax("missing \(terminator), unterminated name", position: nameStart)
        }
        guard position - 1 > nameStart else {
            throw .syntax("missing group name", position: nameStart)
        }
        return source(nameStart..<position - 1)
    }

    private func checkIdentifier(_ name: String, at nameStart: Int) throws(LinearRegexError) {
        guard Self.isIdentifier(name) else {
            throw .syntax("bad character in group name '\(name)'", position: nameStart)
        }
    }

    /// Python's `str.isidentifier()`.
    private static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || first.properties.isXIDStart else { return false }
        return name.unicodeScalars.dropFirst().allSatisfy { $0.properties.isXIDContinue }
    }

    /// Python refuses a reference to a group that does not exist or is still open before
    /// it gets to matching; only a well-formed backreference is "unsupported".
    func checkBackreference(to group: Int, invalidAt: Int, openAt: Int) throws(LinearRegexError) {
        guard group <= groupCount else {
            throw .syntax("invalid group reference \(group)", position: invalidAt)
        }
        guard closedGroups.contains(group) else {
            throw .syntax("cannot refer to an open group", position: openAt)
        }
    }
}
