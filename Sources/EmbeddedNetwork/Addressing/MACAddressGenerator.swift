import NetworkModel

/// Where generated MACs come from: Neutron's default `base_mac = fa:16:3e:00:00:00` with
/// the last three octets random. Injectable so tests can force collisions.
public struct MACAddressGenerator: Sendable {
    /// Returns the 24 random bits of the next candidate.
    private let nextSuffix: @Sendable () -> UInt32

    public init(nextSuffix: @escaping @Sendable () -> UInt32) {
        self.nextSuffix = nextSuffix
    }

    public static let random = MACAddressGenerator { UInt32.random(in: 0...0xff_ffff) }

    /// Neutron's `mac_generation_retries` default.
    static let attempts = 16

    func next() -> String {
        let suffix = nextSuffix() & 0xff_ffff
        let octets = [suffix >> 16, suffix >> 8 & 0xff, suffix & 0xff]
        return "fa:16:3e:" + octets.map { hex($0) }.joined(separator: ":")
    }

    private func hex(_ octet: UInt32) -> String {
        let digits = String(octet, radix: 16)
        return digits.count == 1 ? "0" + digits : digits
    }
}
