/// The `address` of a device_spec in one of Nova's three forms.
public enum AddressPattern: Sendable, Hashable {
    /// `[[[[domain]:]bus]:][slot][.[function]]`, blanks and `*` being wildcards.
    case glob(domain: HexFieldValue, bus: HexFieldValue, slot: HexFieldValue, function: HexFieldValue)
    /// A dict of regular expressions matched (anchored at the start, as Python's
    /// `re.match`) against the zero-padded hex fields.
    case regex(domain: String, bus: String, slot: String, function: String)
    /// A single address that the host says is an SR-IOV PF: matches the PF and its VFs.
    case physicalFunction(PCIAddress)

    /// `nil` for a wildcard.
    public typealias HexFieldValue = UInt32?

    public static let any = AddressPattern.glob(domain: nil, bus: nil, slot: nil, function: nil)

    /// The single address this pattern names, if it names exactly one.
    var singleAddress: PCIAddress? {
        switch self {
        case .glob(let domain?, let bus?, let slot?, let function?):
            PCIAddress(domain: UInt16(domain), bus: UInt8(bus), slot: UInt8(slot), function: UInt8(function))
        case .regex(let domain, let bus, let slot, let function):
            PCIAddress(parsingFields: domain, bus, slot, function)
        case .physicalFunction(let address):
            address
        default:
            nil
        }
    }
}

extension PCIAddress {
    /// Builds an address from four separate hex fields, if each is plain hex in range.
    init?(parsingFields domain: String, _ bus: String, _ slot: String, _ function: String) {
        let fields = [domain, bus, slot, function].map { Self.hexValue(Array($0.utf8)[...]) }
        guard fields.allSatisfy({ $0 != nil }), [domain, bus, slot, function].allSatisfy({ !$0.isEmpty }),
              let d = fields[0], let b = fields[1], let s = fields[2], let f = fields[3],
              d <= Self.maxDomain, b <= Self.maxBus, s <= Self.maxSlot, f <= Self.maxFunction
        else { return nil }
        self.init(domain: UInt16(d), bus: UInt8(b), slot: UInt8(s), function: UInt8(f))
    }
}
