/// Reads the hex numbers of libvirt address attributes the way Nova compares them: with or
/// without `0x`, in any case (nova-behavior §6.3). libvirt itself always writes `0x`, but
/// hand-written or older XML may not.
enum LibvirtHex {
    static func value(_ text: String) -> UInt32? {
        var digits = Substring(text)
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") { digits = digits.dropFirst(2) }
        // Digits only: Swift's integer parser would also take a sign.
        guard !digits.isEmpty, digits.count <= 8, digits.allSatisfy(\.isHexDigit) else { return nil }
        return UInt32(digits, radix: 16)
    }

    static func format(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
