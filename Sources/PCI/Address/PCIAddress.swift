/// A PCI address `dddd:bb:ss.f` (domain, bus, slot, function).
///
/// Packed into 32 bits in field order, so that comparing raw values compares addresses the
/// way Nova sorts them (lexically on the zero-padded form) and hashing costs one integer.
public struct PCIAddress: Hashable, Comparable, Sendable {
    public static let maxDomain: UInt32 = 0xFFFF
    public static let maxBus: UInt32 = 0xFF
    public static let maxSlot: UInt32 = 0x1F
    public static let maxFunction: UInt32 = 0x7

    public let rawValue: UInt32

    public init(domain: UInt16, bus: UInt8, slot: UInt8, function: UInt8) {
        precondition(UInt32(slot) <= Self.maxSlot, "PCI slot out of range")
        precondition(UInt32(function) <= Self.maxFunction, "PCI function out of range")
        rawValue = UInt32(domain) << 16 | UInt32(bus) << 8 | UInt32(slot) << 3 | UInt32(function)
    }

    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    public var domain: UInt16 { UInt16(truncatingIfNeeded: rawValue >> 16) }
    public var bus: UInt8 { UInt8(truncatingIfNeeded: rawValue >> 8) }
    public var slot: UInt8 { UInt8(truncatingIfNeeded: (rawValue >> 3) & 0x1F) }
    public var function: UInt8 { UInt8(truncatingIfNeeded: rawValue & 0x7) }

    public static func < (lhs: PCIAddress, rhs: PCIAddress) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}
