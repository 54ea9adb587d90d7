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
                guard skipPast(")") else {
                    throw .syntax("missing ), unterminated comment", position: start)
                }
                return nil
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
        let name = try readName(upTo: ">", kind: "group name")
        try checkIdentifier(name, at: nameStart)
        groupCount += 1
        if let earlier = groupNumbers.updateValue(groupCount, forKey: name) {
            throw .syntax("redefinition of group name \(Self.pythonRepr(name)) as group \(groupCount); was group \(earlier)", position: nameStart)
        }
        return groupCount
    }

    /// After "(?P=": `name)`, a backreference to a closed group.
    private mutating func parseNamedBackreference() throws(LinearRegexError) {
        let nameStart = position
        let name = try readName(upTo: ")", kind: "group name")
        try checkIdentifier(name, at: nameStart)
        guard let referenced = groupNumbers[name] else {
            throw .syntax("unknown group name \(Self.pythonRepr(name))", position: nameStart)
        }
        try checkBackreference(to: referenced, invalidAt: nameStart, openAt: nameStart)
        noteUnsupported("a backreference (?P=\(name))")
    }

    /// After "(?(": `name)` or `number)`, then at most two branches and ")".
    private mutating func parseConditional(start: Int, depth: Int) throws(LinearRegexError) -> Node {
        let nameStart = position
        let name = try readName(upTo: ")", kind: "group name")
        if Self.isIdentifier(name) {
            guard groupNumbers[name] != nil else {
                throw .syntax("unknown group name \(Self.pythonRepr(name))", position: nameStart)
            }
        } else {
            guard name.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }), let group = Int(name) else {
                throw .syntax("bad character in group name \(Self.pythonRepr(name))", position: nameStart)
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

    private func checkIdentifier(_ name: String, at nameStart: Int) throws(LinearRegexError) {
        guard Self.isIdentifier(name) else {
            throw .syntax("bad character in group name \(Self.pythonRepr(name))", position: nameStart)
        }
    }

    /// Python's `repr()` of a string, which its messages use to quote names.
    static func pythonRepr(_ text: String) -> String {
        let quote: Unicode.Scalar = text.unicodeScalars.contains("'") && !text.unicodeScalars.contains("\"") ? "\"" : "'"
        var result = String(quote)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\", quote: result += "\\\(scalar)"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if isPrintable(scalar) {
                    result.unicodeScalars.append(scalar)
                } else {
                    let hex = String(scalar.value, radix: 16)
                    let (prefix, width) = scalar.value < 0x100 ? ("x", 2) : scalar.value < 0x10000 ? ("u", 4) : ("U", 8)
                    result += "\\" + prefix + String(repeating: "0", count: width - hex.count) + hex
                }
            }
        }
        result.unicodeScalars.append(quote)
        return result
    }

    /// Python's `str.isprintable()` for one scalar: not a control, format, private-use,
    /// unassigned or separator scalar, the space excepted.
    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator: false
        case .spaceSeparator: scalar == " "
        default: true
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
