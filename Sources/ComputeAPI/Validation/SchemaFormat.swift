#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `format` checks Nova's validator registers that our schemas use.
enum SchemaFormat: String, Sendable {
    case uuid
    case ipv4
    case ipv6
    /// Nova's `name` format: failing it raises `InvalidName`, whose text replaces the
    /// usual "is not a 'name'" message.
    case name

    func accepts(_ text: String) -> Bool {
        switch self {
        case .uuid: Self.isUUIDLike(text)
        case .ipv4: Self.parses(text, family: AF_INET, size: 4)
        case .ipv6: Self.parses(text, family: AF_INET6, size: 16)
        case .name: Self.isValidName(text)
        }
    }

    /// oslo's `uuidutils.is_uuid_like`: `urn:`/`uuid:` prefixes, braces and hyphens are
    /// ignored; what is left must be 32 hex digits in any case.
    static func isUUIDLike(_ text: String) -> Bool {
        var hex = text.replacing("urn:", with: "").replacing("uuid:", with: "")
        while hex.first == "{" || hex.first == "}" { hex.removeFirst() }
        while hex.last == "{" || hex.last == "}" { hex.removeLast() }
        hex = hex.replacing("-", with: "")
        return hex.utf8.count == 32 && hex.allSatisfy(\.isHexDigit)
    }

    /// Python's `ipaddress` refuses what `inet_pton` refuses here (leading zeros, short
    /// IPv4 forms, IPv6 scope ids), so the C parser is a faithful check.
    private static func parses(_ text: String, family: Int32, size: Int) -> Bool {
        var buffer = [UInt8](repeating: 0, count: size)
        return text.withCString { inet_pton(family, $0, &buffer) } == 1
    }

    /// Nova's `valid_name_regex`: every character printable (letters, marks, numbers,
    /// punctuation, symbols, horizontal spaces) and in the Basic Multilingual Plane (Nova's
    /// character ranges stop at U+FFFE), and neither the first nor the last a space.
    static func isValidName(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard scalars.allSatisfy(isPrintable) else { return false }
        if let first = scalars.first, isSpaceSeparator(first) { return false }
        if let last = scalars.last, isSpaceSeparator(last) { return false }
        return true
    }

    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.value < 0xFFFF else { return false }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator:
            return false
        default:
            return true
        }
    }

    private static func isSpaceSeparator(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .spaceSeparator
    }

    /// Nova's `InvalidName` text for the `name` format.
    static let invalidNameMessage =
        "An invalid 'name' value was provided. The name must be: printable characters. Can not start or end with whitespace."
}
