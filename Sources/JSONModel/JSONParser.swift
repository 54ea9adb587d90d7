/// RFC 8259 parsing straight from UTF-8 bytes into `JSON`. Every request body and every
/// JSON column goes through here, and `JSONDecoder` spends most of its time on the
/// failed `try?` probes a `Decodable` enum needs; this reads each value once.
///
/// Numbers follow `JSONDecoder`'s reading: a literal whose value is a whole number that
/// fits an `Int` is `.int` (`1.0` and `1e2` included), anything else is `.number`.
/// Nesting and the number of object keys are limited (`JSONLimits`), so that a hostile
/// body can exhaust neither the stack nor the CPU of whatever walks it next; the parse
/// stops at the first key or level over the limit.
struct JSONParser {
    private let bytes: [UInt8]
    private let limits: JSONLimits
    private var position = 0
    private var depth = 0
    private var keys = 0
    /// Why the parse stopped, when it was a limit rather than the syntax.
    private var exceeded: JSONParseError?

    private init(_ bytes: [UInt8], limits: JSONLimits) {
        self.bytes = bytes
        self.limits = limits
    }

    /// The value of the whole text; nil when it is not exactly one JSON value.
    static func parse<Bytes: Collection<UInt8>>(_ input: Bytes) -> JSON? {
        try? parse(input, limits: .stored).get()
    }

    /// The value of the whole text, or why it is refused.
    static func parse<Bytes: Collection<UInt8>>(_ input: Bytes, limits: JSONLimits) -> Result<JSON, JSONParseError> {
        var parser = JSONParser(Array(input), limits: limits)
        guard let value = parser.value() else { return .failure(parser.exceeded ?? .malformed) }
        parser.skipWhitespace()
        guard parser.position == parser.bytes.count else { return .failure(.malformed) }
        return .success(value)
    }

    private mutating func value() -> JSON? {
        skipWhitespace()
        guard position < bytes.count else { return nil }
        switch bytes[position] {
        case UInt8(ascii: "{"): return nested { $0.object() }
        case UInt8(ascii: "["): return nested { $0.array() }
        case UInt8(ascii: "\""): return string().map(JSON.string)
        case UInt8(ascii: "t"): return literal("true", .bool(true))
        case UInt8(ascii: "f"): return literal("false", .bool(false))
        case UInt8(ascii: "n"): return literal("null", .null)
        default: return number()
        }
    }

    private mutating func nested(_ body: (inout JSONParser) -> JSON?) -> JSON? {
        guard depth < limits.maximumDepth else {
            exceeded = .tooDeep(limit: limits.maximumDepth)
            return nil
        }
        depth += 1
        defer { depth -= 1 }
        return body(&self)
    }

    private mutating func object() -> JSON? {
        position += 1
        var members = JSONObject()
        skipWhitespace()
        if consume(UInt8(ascii: "}")) { return .object(members) }
        while true {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\""), let key = string() else { return nil }
            keys += 1
            guard keys <= limits.maximumKeys else {
                exceeded = .tooManyKeys(limit: limits.maximumKeys)
                return nil
            }
            skipWhitespace()
            guard consume(UInt8(ascii: ":")), let member = value() else { return nil }
            members[key] = member
            skipWhitespace()
            if consume(UInt8(ascii: ",")) { continue }
            guard consume(UInt8(ascii: "}")) else { return nil }
            return .object(members)
        }
    }

    private mutating func array() -> JSON? {
        position += 1
        var items: [JSON] = []
        skipWhitespace()
        if consume(UInt8(ascii: "]")) { return .array(items) }
        while true {
            guard let item = value() else { return nil }
            items.append(item)
            skipWhitespace()
            if consume(UInt8(ascii: ",")) { continue }
            guard consume(UInt8(ascii: "]")) else { return nil }
            return .array(items)
        }
    }

    private mutating func literal(_ word: String, _ result: JSON) -> JSON? {
        let utf8 = word.utf8
        guard bytes.count - position >= utf8.count, bytes[position..<position + utf8.count].elementsEqual(utf8) else { return nil }
        position += utf8.count
        return result
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): position += 1
            default: return
            }
        }
    }
}

extension JSONParser {
    /// A string literal starting at the opening quote.
    private mutating func string() -> String? {
        position += 1
        var scalars = String.UnicodeScalarView()
        var runStart = position
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                defer { position += 1 }
                // Most strings hold no escape: one validated copy, not a scalar at a time
                // (which was most of the time spent reading 16,000 ledger rows).
                if scalars.isEmpty { return String(validating: bytes[runStart..<position], as: UTF8.self) }
                guard appendRun(from: runStart, to: &scalars) else { return nil }
                return String(scalars)
            case UInt8(ascii: "\\"):
                guard appendRun(from: runStart, to: &scalars), let scalar = escape() else { return nil }
                scalars.append(scalar)
                runStart = position
            case 0..<0x20:
                return nil
            default:
                position += 1
            }
        }
        return nil
    }

    /// Copies the unescaped bytes since `start`, refusing invalid UTF-8.
    private func appendRun(from start: Int, to scalars: inout String.UnicodeScalarView) -> Bool {
        guard start < position else { return true }
        guard let run = String(validating: bytes[start..<position], as: UTF8.self) else { return false }
        scalars.append(contentsOf: run.unicodeScalars)
        return true
    }

    /// The escape at the backslash; a surrogate pair counts as one escape.
    private mutating func escape() -> Unicode.Scalar? {
        position += 1
        guard position < bytes.count else { return nil }
        let byte = bytes[position]
        position += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            guard let unit = hexUnit() else { return nil }
            guard (0xD800..<0xDC00).contains(unit) else { return Unicode.Scalar(unit) }
            guard consume(UInt8(ascii: "\\")), consume(UInt8(ascii: "u")), let low = hexUnit(), (0xDC00..<0xE000).contains(low) else {
                return nil
            }
            return Unicode.Scalar(0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00))
        default: return nil
        }
    }

    private mutating func hexUnit() -> UInt16? {
        guard position + 4 <= bytes.count else { return nil }
        var unit: UInt16 = 0
        for byte in bytes[position..<position + 4] {
            guard let digit = Self.hexDigit(byte) else { return nil }
            unit = unit << 4 | UInt16(digit)
        }
        position += 4
        return unit
    }

    private static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
    private mutating func number() -> JSON? {
        let start = position
        _ = consume(UInt8(ascii: "-"))
        if consume(UInt8(ascii: "0")) {
            if position < bytes.count, Self.isDigit(bytes[position]) { return nil }
        } else if !digits() {
            return nil
        }
        var isWhole = true
        if consume(UInt8(ascii: ".")) {
            isWhole = false
            guard digits() else { return nil }
        }
        if consume(UInt8(ascii: "e")) || consume(UInt8(ascii: "E")) {
            isWhole = false
            if !consume(UInt8(ascii: "+")) { _ = consume(UInt8(ascii: "-")) }
            guard digits() else { return nil }
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        if isWhole, let whole = Int(text) { return .int(whole) }
        guard let number = Double(text), number.isFinite else { return nil }
        return Int(exactly: number).map(JSON.int) ?? .number(number)
    }

    private mutating func digits() -> Bool {
        let start = position
        while position < bytes.count, Self.isDigit(bytes[position]) { position += 1 }
        return position > start
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
