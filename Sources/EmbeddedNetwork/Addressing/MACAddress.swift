import NetworkModel

/// MAC address text handling: Neutron accepts `:`/`-` separated hex pairs in any case and
/// stores them lower-case with colons.
enum MACAddress {
    /// The canonical form, or `nil` when the text is not a unicast-capable 48-bit MAC.
    static func normalize(_ text: String) -> String? {
        let separators: Set<Character> = [":", "-"]
        let parts = text.split(omittingEmptySubsequences: false, whereSeparator: { separators.contains($0) })
        guard parts.count == 6,
            parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isHexDigit) })
        else { return nil }
        let canonical = parts.map { $0.lowercased() }.joined(separator: ":")
        // neutron-lib refuses the all-zero and broadcast addresses.
        guard canonical != "00:00:00:00:00:00", canonical != "ff:ff:ff:ff:ff:ff" else { return nil }
        return canonical
    }
}
