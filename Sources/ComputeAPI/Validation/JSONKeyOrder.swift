/// The order in which each object of a request body listed its keys.
///
/// `JSON` keeps objects in dictionaries, but Nova's messages print the offending value as
/// Python does — in the client's key order — so the order is read from the raw text once.
/// Objects are addressed by their path from the root.
struct JSONKeyOrder: Sendable, Hashable {
    private var orders: [[SchemaViolation.PathElement]: [String]] = [:]

    init() {}

    /// Scans a body; text that is not JSON gives an empty order (the body is refused
    /// anyway, before any message needs it).
    init(scanning bytes: [UInt8]) {
        var scanner = Scanner(bytes: bytes)
        scanner.skipSpace()
        if scanner.value(at: []) { self.orders = scanner.orders }
    }

    /// The keys of the object at `path`, in request order, when known.
    func keys(at path: [SchemaViolation.PathElement]) -> [String]? {
        orders[path]
    }

    /// A small JSON scanner that records key order and otherwise only skips values.
    private struct Scanner {
        let bytes: [UInt8]
        var index = 0
        var orders: [[SchemaViolation.PathElement]: [String]] = [:]

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        mutating func value(at path: [SchemaViolation.PathElement]) -> Bool {
            guard index < bytes.count else { return false }
            switch bytes[index] {
            case UInt8(ascii: "{"): return object(at: path)
            case UInt8(ascii: "["): return array(at: path)
            case UInt8(ascii: "\""): return string() != nil
            default:
                // Numbers and literals: everything up to the next delimiter.
                let start = index
                while index < bytes.count, !",]} \t\r\n".utf8.contains(bytes[index]) { index += 1 }
                return index > start
            }
        }

        private mutating func object(at path: [SchemaViolation.PathElement]) -> Bool {
            index += 1
            var keys: [String] = []
            // The keys seen so far, so that a repeated key is found in O(1): a list search
            // made a 40,000-key body take seconds (quadratic).
            var seen = Set<String>()
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                orders[path] = keys
                return true
            }
            while true {
                skipSpace()
                guard let key = string() else { return false }
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return false }
                index += 1
                skipSpace()
                guard value(at: path + [.key(key)]) else { return false }
                // A repeated key keeps its first position, as a Python dict does.
                if seen.insert(key).inserted { keys.append(key) }
                skipSpace()
                guard index < bytes.count else { return false }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                guard bytes[index] == UInt8(ascii: "}") else { return false }
                index += 1
                orders[path] = keys
                return true
            }
        }

        private mutating func array(at path: [SchemaViolation.PathElement]) -> Bool {
            index += 1
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return true }
            var position = 0
            while true {
                skipSpace()
                guard value(at: path + [.index(position)]) else { return false }
                position += 1
                skipSpace()
                guard index < bytes.count else { return false }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                guard bytes[index] == UInt8(ascii: "]") else { return false }
                index += 1
                return true
            }
        }

        /// A string literal, unescaped (keys must match the decoded `JSON`'s keys).
        private mutating func string() -> String? {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
            index += 1
            var scalars = String.UnicodeScalarView()
            var raw: [UInt8] = []
            func flush() {
                scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars)
                raw.removeAll()
            }
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                if byte == UInt8(ascii: "\"") {
                    flush()
                    return String(scalars)
                }
                guard byte == UInt8(ascii: "\\") else { raw.append(byte); continue }
                flush()
                guard index < bytes.count else { return nil }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "u"): guard let scalar = unicodeEscape() else { return nil }; scalars.append(scalar)
                default: scalars.append(Unicode.Scalar(escape))
                }
            }
            return nil
        }

        /// A `\u` escape of four hex digits, joining surrogate pairs.
        private mutating func unicodeEscape() -> Unicode.Scalar? {
            guard let high = hex4() else { return nil }
            if (0xD800..<0xDC00).contains(high), index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
               bytes[index + 1] == UInt8(ascii: "u") {
                index += 2
                guard let low = hex4() else { return nil }
                return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
            }
            return Unicode.Scalar(high) ?? "\u{FFFD}"
        }

        private mutating func hex4() -> UInt32? {
            guard index + 4 <= bytes.count, let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
            else { return nil }
            index += 4
            return value
        }
    }
}
