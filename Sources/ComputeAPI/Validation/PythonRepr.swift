import JSONModel

/// How Python prints a decoded JSON value, because Nova's validation messages embed the
/// offending value with `%r` (repr) and `%s` (str) and clients show those messages as is.
///
/// Objects print their keys in their own order: for a parsed body, the order the client
/// sent them in, as Python's `dict` keeps it.
enum PythonRepr {
    /// `repr(value)`.
    static func repr(_ value: JSON) -> String {
        switch value {
        case .string(let text): return quoted(text)
        case .int(let number): return String(number)
        case .number(let number): return float(number)
        case .bool(let flag): return flag ? "True" : "False"
        case .null: return "None"
        case .array(let items):
            let parts = items.map(repr)
            return "[" + parts.joined(separator: ", ") + "]"
        case .object(let members):
            let parts = members.map { quoted($0.key) + ": " + repr($0.value) }
            return "{" + parts.joined(separator: ", ") + "}"
        }
    }

    /// `str(value)`: strings bare, everything else as `repr`.
    static func str(_ value: JSON) -> String {
        if case .string(let text) = value { return text }
        return repr(value)
    }

    /// Python's float repr: shortest round-trip digits, always with a `.0` or an exponent.
    static func float(_ number: Double) -> String {
        if number.isNaN { return "nan" }
        if number.isInfinite { return number < 0 ? "-inf" : "inf" }
        // Swift's shortest round-trip form matches Python's, exponent style included.
        return "\(number)"
    }

    /// `str(int(value))` of a whole, finite double: every digit, as Python's arbitrary-
    /// precision `int` prints it (`int(1e30)` is `1000000000000019884624838656`), where
    /// converting to `Int` would trap beyond ±2⁶³.
    static func integer(_ value: Double) -> String {
        precondition(value.isFinite && value.rounded(.towardZero) == value, "a whole, finite number")
        if let exact = Int(exactly: value) { return String(exact) }
        // value = significand × 2^shift with a 53-bit integer significand and shift > 0.
        let magnitude = value.magnitude
        let shift = Int(magnitude.exponent) - Double.significandBitCount
        var digits = Array(String(UInt64(magnitude.significandBitPattern | (1 << UInt64(Double.significandBitCount))))
            .utf8.reversed().map { $0 - UInt8(ascii: "0") })
        for _ in 0..<shift {
            var carry: UInt8 = 0
            for index in digits.indices {
                let doubled = digits[index] * 2 + carry
                digits[index] = doubled % 10
                carry = doubled / 10
            }
            if carry > 0 { digits.append(carry) }
        }
        let text = String(decoding: digits.reversed().map { $0 + UInt8(ascii: "0") }, as: UTF8.self)
        return value < 0 ? "-" + text : text
    }

    /// Python's string repr: single quotes unless the text has a single quote and no double
    /// quote; backslash escapes for the quote, backslash and control characters.
    static func quoted(_ text: String) -> String {
        let quote: Character = text.contains("'") && !text.contains("\"") ? "\"" : "'"
        var out = String(quote)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where Character(scalar) == quote: out += "\\" + String(quote)
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                out += "\\x" + hex(scalar.value, width: 2)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out.append(quote)
        return out
    }

    /// A Python list of strings, as `enum` messages print their choices.
    static func list(_ values: [JSON]) -> String {
        repr(.array(values))
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
