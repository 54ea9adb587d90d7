import Foundation

/// A JSON value for request validation (so errors can name the field and its wrong type)
/// and for responses (so `null` is written where OpenStack's schemas want `null`).
public enum JSON: Sendable, Hashable, Decodable {
    case string(String)
    case number(Double)
    case int(Int)
    case bool(Bool)
    case null
    case array([JSON])
    /// Members keep the order they were parsed or inserted in, and are written in it.
    case object(JSONObject)

    /// An object of a dictionary's members, keys sorted (a dictionary has no order).
    public static func object(_ members: [String: JSON]) -> JSON {
        .object(JSONObject(members))
    }

    /// Parses a request body; `nil` when it is not JSON.
    public static func parse(_ data: Data) -> JSON? {
        JSONParser.parse(data)
    }

    /// Parses a request body within `limits`, or says why it is refused.
    public static func parse<Bytes: Collection<UInt8>>(_ bytes: Bytes, limits: JSONLimits) -> Result<JSON, JSONParseError> {
        JSONParser.parse(bytes, limits: limits)
    }

    /// Parses a stored or received JSON text; `nil` when it is not JSON.
    public static func parse(_ text: String) -> JSON? {
        JSONParser.parse(text.utf8)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Int.self) {
            self = .int(number)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let items = try? container.decode([JSON].self) {
            self = .array(items)
        } else {
            // A keyed container does not promise the text's order: keys are taken sorted.
            self = .object(try container.decode([String: JSON].self))
        }
    }

    public var rendered: String {
        var out = ""
        write(to: &out)
        return out
    }

    private func write(to out: inout String) {
        switch self {
        case .string(let text): out += Self.quote(text)
        case .number(let number): out += number.isFinite ? String(number) : "null"
        case .int(let number): out += String(number)
        case .bool(let flag): out += flag ? "true" : "false"
        case .null: out += "null"
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += ", " }
                item.write(to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { out += ", " }
                out += Self.quote(member.key) + ": "
                member.value.write(to: &out)
            }
            out += "}"
        }
    }

    /// A JSON string literal for `text`, with the escapes JSON requires.
    ///
    /// Written over the text's UTF-8 bytes, the text between two escapes copied as one run
    /// (every character that needs an escape is one ASCII byte). Appending scalar by scalar
    /// cost more than the rest of writing a domain file of the simulator, which holds two
    /// XML documents.
    public static func quote(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 2)
            out.append(UInt8(ascii: "\""))
            var run = 0
            for index in bytes.indices {
                let byte = bytes[index]
                guard byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index]))
                let letter: UInt8? = switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): byte
                case UInt8(ascii: "\n"): UInt8(ascii: "n")
                case UInt8(ascii: "\r"): UInt8(ascii: "r")
                case UInt8(ascii: "\t"): UInt8(ascii: "t")
                default: nil
                }
                if let letter {
                    out.append(UInt8(ascii: "\\"))
                    out.append(letter)
                } else {
                    out.append(contentsOf: String(format: "\\u%04x", UInt32(byte)).utf8)
                }
                run = index + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run...]))
            out.append(UInt8(ascii: "\""))
            return String(decoding: out, as: UTF8.self)
        }
    }

    // MARK: Reading

    public subscript(key: String) -> JSON? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    public var objectValue: JSONObject? {
        if case .object(let members) = self { return members }
        return nil
    }

    public var arrayValue: [JSON]? {
        if case .array(let items) = self { return items }
        return nil
    }

    public var intValue: Int? {
        switch self {
        case .int(let number): number
        case .number(let number): Int(exactly: number)
        default: nil
        }
    }

    /// An object's members as strings, when every member is one (as `JSONDecoder` reads a
    /// `[String: String]`); nil for anything else.
    public var stringObjectValue: [String: String]? {
        guard case .object(let members) = self else { return nil }
        var strings: [String: String] = [:]
        for (key, member) in members {
            guard case .string(let text) = member else { return nil }
            strings[key] = text
        }
        return strings
    }

    /// A date as `JSONDecoder`'s `.millisecondsSince1970` reads it (the store's documents);
    /// nil for anything but a number.
    public var millisecondsSince1970: Date? {
        switch self {
        case .int(let milliseconds): Date(timeIntervalSince1970: Double(milliseconds) / 1000)
        case .number(let milliseconds): Date(timeIntervalSince1970: milliseconds / 1000)
        default: nil
        }
    }

    public var boolValue: Bool? {
        if case .bool(let flag) = self { return flag }
        return nil
    }

    /// The JSON type name, for "expected X, got Y" messages.
    public var typeName: String {
        switch self {
        case .string: "string"
        case .number, .int: "number"
        case .bool: "boolean"
        case .null: "null"
        case .array: "array"
        case .object: "object"
        }
    }
}

extension JSON: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByDictionaryLiteral, ExpressibleByArrayLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(dictionaryLiteral elements: (String, JSON)...) {
        self = .object(JSONObject(elements))
    }
    public init(arrayLiteral elements: JSON...) { self = .array(elements) }
    public init(nilLiteral: ()) { self = .null }

    /// `.null` for `nil`.
    public static func optional(_ text: String?) -> JSON { text.map(JSON.string) ?? .null }
}
