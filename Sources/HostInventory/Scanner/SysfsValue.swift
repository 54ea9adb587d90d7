/// Parsers for the one-line text files sysfs exposes. Each returns `nil` for content it
/// does not recognise, so the caller decides whether that is an error or a warning.
enum SysfsValue {
    /// The file's text without surrounding whitespace and NULs (sysfs ends lines with `\n`).
    static func text(_ bytes: [UInt8]) -> String {
        var slice = bytes[...]
        while let first = slice.first, isBlank(first) { slice = slice.dropFirst() }
        while let last = slice.last, isBlank(last) { slice = slice.dropLast() }
        return String(decoding: slice, as: UTF8.self)
    }

    /// A 16-bit id as `vendor` and `device` print it (`0x15b3`) or as `sriov_vf_device`
    /// prints it (`101e`, no prefix): normalised to 4 lower-case hex digits.
    static func hexID(_ text: String) -> String? {
        let digits = text.hasPrefix("0x") || text.hasPrefix("0X") ? text.dropFirst(2) : Substring(text)
        guard digits.count == 4, digits.utf8.allSatisfy(isHexDigit) else { return nil }
        return digits.lowercased()
    }

    /// The 24-bit class code, `0x020000`.
    static func classCode(_ text: String) -> UInt32? {
        guard text.hasPrefix("0x") || text.hasPrefix("0X") else { return nil }
        let digits = text.dropFirst(2)
        guard (1...6).contains(digits.count), digits.utf8.allSatisfy(isHexDigit) else { return nil }
        return UInt32(digits, radix: 16)
    }

    /// A decimal integer such as `sriov_totalvfs` or `numa_node` (which may be `-1`).
    static func integer(_ text: String) -> Int? {
        Int(text)
    }

    /// A non-negative decimal count (`sriov_totalvfs`, the N of `virtfnN` or `nodeN`).
    static func count(_ text: String) -> Int? {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            return nil
        }
        return Int(text)
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0 || byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\t")
            || byte == UInt8(ascii: "\r")
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"),
             UInt8(ascii: "A")...UInt8(ascii: "F"): true
        default: false
        }
    }
}
