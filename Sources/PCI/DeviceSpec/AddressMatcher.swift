/// Matches addresses against `AddressPattern`s, keeping compiled regular expressions for
/// the life of one matching pass. (Swift's `Regex` is not `Sendable`, so compiled forms
/// cannot live in the `Sendable` spec itself; patterns are compiled once per pass rather
/// than once per device.)
public final class AddressMatcher {
    private var compiled: [String: Regex<AnyRegexOutput>] = [:]

    public init() {}

    public func matches(_ pattern: AddressPattern, device: PCIAddress, parent: PCIAddress?) -> Bool {
        switch pattern {
        case .physicalFunction(let pf):
            return device == pf || parent == pf
        case .glob(let domain, let bus, let slot, let function):
            return (domain.map { $0 == UInt32(device.domain) } ?? true)
                && (bus.map { $0 == UInt32(device.bus) } ?? true)
                && (slot.map { $0 == UInt32(device.slot) } ?? true)
                && (function.map { $0 == UInt32(device.function) } ?? true)
        case .regex(let domain, let bus, let slot, let function):
            return prefixMatches(domain, PCIAddress.hex(UInt32(device.domain), width: 4))
                && prefixMatches(bus, PCIAddress.hex(UInt32(device.bus), width: 2))
                && prefixMatches(slot, PCIAddress.hex(UInt32(device.slot), width: 2))
                && prefixMatches(function, PCIAddress.hex(UInt32(device.function), width: 1))
        }
    }

    private func prefixMatches(_ pattern: String, _ field: String) -> Bool {
        let regex: Regex<AnyRegexOutput>
        if let cached = compiled[pattern] {
            regex = cached
        } else if let fresh = try? Regex(pattern) {
            compiled[pattern] = fresh
            regex = fresh
        } else {
            // Parsing already refused invalid patterns; an uncompilable one matches nothing.
            return false
        }
        return (try? regex.prefixMatch(in: field)) != nil
    }

    static func isValidRegex(_ pattern: String) -> Bool {
        (try? Regex(pattern)) != nil
    }
}
