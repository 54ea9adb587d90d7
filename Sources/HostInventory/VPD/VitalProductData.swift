/// PCI Vital Product Data, as the kernel exposes it in a device's `vpd` file (PCI Local
/// Bus spec, "VPD Definitions").
///
/// The image is a sequence of resources: a large-resource Identifier String (tag `0x82`),
/// a read-only VPD-R (`0x90`) made of keyword fields (2-byte keyword, 1-byte length,
/// data), optionally a writable VPD-W (`0x91`), and a small-resource End tag (`0x78`).
/// Large resources carry a 16-bit little-endian length. The `RV` field's first byte is a
/// checksum: all bytes from the start of the image through it sum to zero.
public struct VitalProductData: Sendable, Hashable {
    static let identifierTag: UInt8 = 0x82
    static let readOnlyTag: UInt8 = 0x90
    static let writableTag: UInt8 = 0x91
    static let endTag: UInt8 = 0x78

    /// The Identifier String (the product name).
    public var identifier: String
    /// VPD-R fields by keyword (`PN`, `SN`, `V0`…), raw: vendor fields may be binary.
    /// `RV` is consumed by the checksum and not listed.
    public var readOnlyFields: [String: [UInt8]]

    public init(identifier: String, readOnlyFields: [String: [UInt8]] = [:]) {
        self.identifier = identifier
        self.readOnlyFields = readOnlyFields
    }

    /// The card serial number (`SN`), as Nova reports `card_serial_number`; `nil` when
    /// absent, blank or not printable ASCII.
    public var serialNumber: String? { text(forKeyword: "SN") }

    /// A VPD-R field as text, without the trailing spaces and NULs cards pad fields with.
    public func text(forKeyword keyword: String) -> String? {
        guard var bytes = readOnlyFields[keyword]?[...] else { return nil }
        while let last = bytes.last, last == 0 || last == UInt8(ascii: " ") { bytes = bytes.dropLast() }
        guard !bytes.isEmpty, bytes.allSatisfy(Self.isPrintable) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Parses an image; bytes after the End tag (older kernels pad the file) are ignored.
    public init(parsing data: [UInt8]) throws(VPDError) {
        guard !data.isEmpty else { throw .empty }
        var identifier: String?
        var fields: [String: [UInt8]] = [:]
        var offset = 0
        while offset < data.count {
            let tag = data[offset]
            if tag == Self.endTag {
                guard let identifier else { throw .unexpectedTag(tag, offset: offset) }
                self.init(identifier: identifier, readOnlyFields: fields)
                return
            }
            // Every other resource the format defines is a large one; the identifier is first.
            guard tag & 0x80 != 0, (identifier == nil) == (tag == Self.identifierTag) else {
                throw .unexpectedTag(tag, offset: offset)
            }
            guard offset + 3 <= data.count else { throw .truncated(offset: offset) }
            let length = Int(data[offset + 1]) | Int(data[offset + 2]) << 8
            let body = offset + 3..<offset + 3 + length
            guard body.upperBound <= data.count else { throw .truncated(offset: offset) }
            switch tag {
            case Self.identifierTag:
                identifier = String(decoding: data[body], as: UTF8.self)
            case Self.readOnlyTag:
                try Self.parseFields(data, in: body, checksummed: true, into: &fields)
            case Self.writableTag:
                // Writable fields are scratch space for the OS; only their framing matters.
                var ignored: [String: [UInt8]] = [:]
                try Self.parseFields(data, in: body, checksummed: false, into: &ignored)
            default:
                throw .unexpectedTag(tag, offset: offset)
            }
            offset = body.upperBound
        }
        throw .truncated(offset: offset)
    }

    private static func parseFields(
        _ data: [UInt8], in body: Range<Int>, checksummed: Bool, into fields: inout [String: [UInt8]]
    ) throws(VPDError) {
        var offset = body.lowerBound
        while offset < body.upperBound {
            guard offset + 3 <= body.upperBound else { throw .truncated(offset: offset) }
            let keywordBytes = data[offset..<offset + 2]
            guard keywordBytes.allSatisfy(isPrintable) else { throw .invalidKeyword(offset: offset) }
            let keyword = String(decoding: keywordBytes, as: UTF8.self)
            let value = offset + 3..<offset + 3 + Int(data[offset + 2])
            guard value.upperBound <= body.upperBound else { throw .truncated(offset: offset) }
            if checksummed && keyword == "RV" {
                guard !value.isEmpty else { throw .truncated(offset: offset) }
                let sum = data[0...value.lowerBound].reduce(UInt8(0)) { $0 &+ $1 }
                guard sum == 0 else { throw .checksumMismatch(offset: value.lowerBound) }
            } else {
                fields[keyword] = Array(data[value])
            }
            offset = value.upperBound
        }
    }

    private static func isPrintable(_ byte: UInt8) -> Bool {
        (0x20...0x7E).contains(byte)
    }
}
