extension LinearRegex.Parser {
    /// After "\" outside brackets (`start` is the backslash): an assertion, a class
    /// escape, or a literal. Python reads `\1`...`\99` as backreferences unless they are
    /// three octal digits, and a linear-time matcher cannot do backreferences.
    mutating func parseEscape(start: Int) throws(LinearRegexError) -> Node {
        guard let letter = advance() else {
            throw .syntax("bad escape (end of pattern)", position: start)
        }
        if let (category, isNegated) = Self.category(escapedBy: letter) {
            return .characterClass(.category(category, isNegated: isNegated))
        }
        switch letter {
        case "A": return .assertion(.startOfText)
        case "Z": return .assertion(.endOfText)
        case "b": return .assertion(.wordBoundary)
        case "B": return .assertion(.notWordBoundary)
        case "0":
            return literal(readOctal(startingWith: letter, upTo: 2))
        case "1"..."9":
            if let second = next, ("0"..."9").contains(second) {
                position += 1
                if Self.isOctalDigit(letter), Self.isOctalDigit(second), let third = next, Self.isOctalDigit(third) {
                    position += 1
                    let value = (letter.value - 0x30) * 64 + (second.value - 0x30) * 8 + (third.value - 0x30)
                    return literal(try checkedOctal(value, start: start))
                }
            }
            let reference = source(start..<position)
            try checkBackreference(to: Int(reference.dropFirst())!, invalidAt: start + 1, openAt: start)
            noteUnsupported("a backreference (\(reference))")
            return .empty
        default:
            return literal(try parseScalarEscape(letter, start: start))
        }
    }

    /// After "[" (`start` is the bracket). A "]" right after the "[" or "[^" is a literal,
    /// and so is a "-" that cannot be a range (first or last).
    mutating func parseBracketClass(start: Int) throws(LinearRegexError) -> CharacterClass {
        let isNegated = skip("^")
        var items: [CharacterClass.Item] = []
        while true {
            let itemStart = position
            guard let scalar = advance() else {
                throw .syntax("unterminated character set", position: start)
            }
            if scalar == "]" && !items.isEmpty { break }
            let low = try parseClassAtom(scalar, start: itemStart)
            guard skip("-") else {
                items.append(low.item)
                continue
            }
            guard let highScalar = advance() else {
                throw .syntax("unterminated character set", position: start)
            }
            if highScalar == "]" {
                items += [low.item, .codePoints(0x2D...0x2D)]
                break
            }
            let highStart = position - 1
            let high = try parseClassAtom(highScalar, start: highStart)
            guard case .codePoint(let lowBound) = low, case .codePoint(let highBound) = high, lowBound <= highBound else {
                // Python counts back from here by its tokens' lengths, two for any escape
                // however long (`\x41`), which is the position it reports.
                let tokensLength = (scalar == "\\" ? 2 : 1) + 1 + (highScalar == "\\" ? 2 : 1)
                throw .syntax("bad character range \(source(itemStart..<position))", position: position - tokensLength)
            }
            items.append(.codePoints(lowBound...highBound))
        }
        return CharacterClass(items: items, isNegated: isNegated)
    }

    /// One member of a bracket class: a code point, which can bound a range, or a class
    /// escape, which cannot.
    private enum ClassAtom {
        case codePoint(UInt32)
        case category(ScalarCategory, isNegated: Bool)

        var item: CharacterClass.Item {
            switch self {
            case .codePoint(let value): .codePoints(value...value)
            case .category(let category, let isNegated): .category(category, isNegated: isNegated)
            }
        }
    }

    /// Inside brackets `\b` is a backspace, there are no assertions, and digits are
    /// always octal.
    private mutating func parseClassAtom(_ scalar: Unicode.Scalar, start: Int) throws(LinearRegexError) -> ClassAtom {
        guard scalar == "\\" else { return .codePoint(scalar.value) }
        guard let letter = advance() else {
            throw .syntax("bad escape (end of pattern)", position: start)
        }
        if let (category, isNegated) = Self.category(escapedBy: letter) {
            return .category(category, isNegated: isNegated)
        }
        switch letter {
        case "b":
            return .codePoint(0x08)
        case "0"..."7":
            let value = readOctal(startingWith: letter, upTo: 2)
            return .codePoint(try checkedOctal(value, start: start))
        default:
            return .codePoint(try parseScalarEscape(letter, start: start))
        }
    }

    /// The escapes that mean the same inside and outside brackets: control characters,
    /// hexadecimal code points, and escaped punctuation or non-ASCII scalars, which stand
    /// for themselves. Python reserves every other ASCII letter and digit.
    private mutating func parseScalarEscape(_ letter: Unicode.Scalar, start: Int) throws(LinearRegexError) -> UInt32 {
        switch letter {
        case "a": return 0x07
        case "f": return 0x0C
        case "n": return 0x0A
        case "r": return 0x0D
        case "t": return 0x09
        case "v": return 0x0B
        case "x": return try readHex(digits: 2, start: start)
        case "u": return try readHex(digits: 4, start: start)
        case "U":
            let value = try readHex(digits: 8, start: start)
            guard value <= 0x10FFFF else {
                throw .syntax("bad escape \(source(start..<position))", position: start)
            }
            return value
        case "N":
            try skipCharacterName(start: start)
            return 0  // a stand-in: the pattern is refused once parsed
        default:
            let isASCIIAlphanumeric = letter.isASCII && (letter.properties.isAlphabetic || ("0"..."9").contains(letter))
            guard !isASCIIAlphanumeric else {
                throw .syntax("bad escape \(source(start..<position))", position: start)
            }
            return letter.value
        }
    }

    /// After `\N`: `{NAME}`. The standard library has no table of character names, so
    /// the escape is noted as unsupported once its syntax is checked as Python does.
    private mutating func skipCharacterName(start: Int) throws(LinearRegexError) {
        guard skip("{") else {
            throw .syntax("missing {", position: position)
        }
        _ = try readName(upTo: "}", kind: "character name")
        noteUnsupported("a named character escape (\(source(start..<position)))")
    }

    // MARK: Digits

    private static func category(escapedBy letter: Unicode.Scalar) -> (ScalarCategory, isNegated: Bool)? {
        switch letter {
        case "d": (.digit, false)
        case "D": (.digit, true)
        case "w": (.word, false)
        case "W": (.word, true)
        case "s": (.space, false)
        case "S": (.space, true)
        default: nil
        }
    }

    private static func isOctalDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."7").contains(scalar)
    }

    /// Reads up to `count` more octal digits after `first`, which is already consumed.
    private mutating func readOctal(startingWith first: Unicode.Scalar, upTo count: Int) -> UInt32 {
        var value = first.value - 0x30
        for _ in 0..<count {
            guard let digit = next, Self.isOctalDigit(digit) else { break }
            position += 1
            value = value * 8 + (digit.value - 0x30)
        }
        return value
    }

    /// The value of the octal escape just read (from `start` to here), which Python caps
    /// at 0o377.
    private func checkedOctal(_ value: UInt32, start: Int) throws(LinearRegexError) -> UInt32 {
        guard value <= 0o377 else {
            throw .syntax("octal escape value \(source(start..<position)) outside of range 0-0o377", position: start)
        }
        return value
    }

    /// Exactly `digits` hexadecimal digits, as Python requires.
    private mutating func readHex(digits: Int, start: Int) throws(LinearRegexError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<digits {
            guard let digit = next, let digitValue = Self.hexValue(digit) else {
                throw .syntax("incomplete escape \(source(start..<position))", position: start)
            }
            position += 1
            value = value * 16 + digitValue
        }
        return value
    }

    private static func hexValue(_ scalar: Unicode.Scalar) -> UInt32? {
        switch scalar {
        case "0"..."9": scalar.value - 0x30
        case "a"..."f": scalar.value - 0x61 + 10
        case "A"..."F": scalar.value - 0x41 + 10
        default: nil
        }
    }

    /// A literal code point. Python accepts surrogates (`\ud800`); no Swift string holds
    /// one, so such a literal becomes a class that never matches.
    private func literal(_ codePoint: UInt32) -> Node {
        if let scalar = Unicode.Scalar(codePoint) { return .literal(scalar) }
        return .characterClass(CharacterClass(items: [.codePoints(codePoint...codePoint)], isNegated: false))
    }
}
