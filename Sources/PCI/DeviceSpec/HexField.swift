/// One hex field of a device_spec (vendor, product, or an address part): a wildcard or a
/// value, parsed the way Python's `int(value, 16)` parses it.
enum HexField: Sendable, Hashable {
    case any
    case value(UInt32)

    /// Parses `text` for the property named `property`; `*` (or, for address parts, a blank)
    /// is the wildcard.
    static func parse(_ text: String, property: String, max: UInt32, blankIsAny: Bool = false)
        throws(DeviceSpecError) -> HexField
    {
        let trimmed = text.trimmingSpaces()
        if trimmed == "*" || (blankIsAny && trimmed.isEmpty) { return .any }
        var digits = Substring(trimmed)
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") { digits = digits.dropFirst(2) }
        digits = digits.filter { $0 != "_" }[...]
        guard !digits.isEmpty, digits.utf8.allSatisfy({ HexDigit.value(of: $0) != nil }) else {
            throw DeviceSpecError.notHex(property, text)
        }
        let significant = digits.drop { $0 == "0" }
        guard significant.utf8.count <= 8, let value = UInt32(significant.isEmpty ? "0" : String(significant), radix: 16)
        else { throw DeviceSpecError.tooLarge(property, text, max: max) }
        guard value <= max else { throw DeviceSpecError.tooLarge(property, text, max: max) }
        return .value(value)
    }

    func matches(_ value: UInt32) -> Bool {
        switch self {
        case .any: true
        case .value(let expected): expected == value
        }
    }

    /// The zero-padded hex form Nova stores (`%04x`), or `*`.
    func formatted(width: Int) -> String {
        switch self {
        case .any: "*"
        case .value(let value): PCIAddress.hex(value, width: width)
        }
    }
}
