/// Why an address string was refused.
public struct PCIAddressError: Error, Equatable, Sendable, CustomStringConvertible {
    public let address: String

    public init(address: String) {
        self.address = address
    }

    /// Nova's PciDeviceWrongAddressFormat text.
    public var description: String {
        "The PCI address \(address) has an incorrect format."
    }
}

extension PCIAddress: LosslessStringConvertible, Codable {
    /// Parses the full form `dddd:bb:ss.f` (hex digits in any case, function 0–7).
    /// Anything else (short forms, 32-bit domains, stray spaces) is refused, as Nova's
    /// `parse_address` refuses it.
    public init?(_ description: String) {
        guard let parsed = try? PCIAddress(parsing: description) else { return nil }
        self = parsed
    }

    public init(parsing text: String) throws(PCIAddressError) {
        let bytes = Array(text.utf8)
        guard bytes.count == 12, bytes[4] == UInt8(ascii: ":"), bytes[7] == UInt8(ascii: ":"),
              bytes[10] == UInt8(ascii: ".")
        else { throw PCIAddressError(address: text) }
        guard let domain = Self.hexValue(bytes[0..<4]),
              let bus = Self.hexValue(bytes[5..<7]),
              let slot = Self.hexValue(bytes[8..<10]),
              let function = Self.hexValue(bytes[11..<12]),
              slot <= Self.maxSlot, function <= Self.maxFunction
        else { throw PCIAddressError(address: text) }
        self.init(domain: UInt16(domain), bus: UInt8(bus), slot: UInt8(slot), function: UInt8(function))
    }

    /// The normalised form: lower-case, zero-padded.
    public var description: String {
        Self.hex(UInt32(domain), width: 4) + ":" + Self.hex(UInt32(bus), width: 2) + ":"
            + Self.hex(UInt32(slot), width: 2) + "." + Self.hex(UInt32(function), width: 1)
    }

    /// libvirt's node-device name, e.g. `pci_0000_81_00_1`.
    public var libvirtName: String {
        "pci_" + Self.hex(UInt32(domain), width: 4) + "_" + Self.hex(UInt32(bus), width: 2) + "_"
            + Self.hex(UInt32(slot), width: 2) + "_" + Self.hex(UInt32(function), width: 1)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            try self.init(parsing: text)
        } catch {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    static func hexValue(_ digits: ArraySlice<UInt8>) -> UInt32? {
        var value: UInt32 = 0
        for digit in digits {
            guard let nibble = HexDigit.value(of: digit) else { return nil }
            value = value << 4 | nibble
        }
        return value
    }

    static func hex(_ value: UInt32, width: Int) -> String {
        let text = String(value, radix: 16)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}

enum HexDigit {
    static func value(of ascii: UInt8) -> UInt32? {
        switch ascii {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(ascii - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(ascii - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(ascii - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}
