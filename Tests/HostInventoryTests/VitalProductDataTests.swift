import HostInventory
import Testing

@Suite("VitalProductData")
struct VitalProductDataTests {
    /// Identifier "Example NIC"; VPD-R with PN "X12", SN "MT2114X12345" and RV checksum
    /// 0x92 (worked out by hand); End tag.
    static let example: [UInt8] = [
        0x82, 0x0b, 0x00, 0x45, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x20, 0x4e, 0x49, 0x43,
        0x90, 0x19, 0x00,
        0x50, 0x4e, 0x03, 0x58, 0x31, 0x32,
        0x53, 0x4e, 0x0c, 0x4d, 0x54, 0x32, 0x31, 0x31, 0x34, 0x58, 0x31, 0x32, 0x33, 0x34, 0x35,
        0x52, 0x56, 0x01, 0x92,
        0x78,
    ]

    /// Builds an image from parts; `checksum` nil leaves RV out.
    static func image(identifier: String, fields: [(String, [UInt8])], checksum: Bool = true) -> [UInt8] {
        var body: [UInt8] = []
        for (keyword, value) in fields { body += Array(keyword.utf8) + [UInt8(value.count)] + value }
        if checksum { body += Array("RV".utf8) + [1] }
        let length = body.count + (checksum ? 1 : 0)
        var bytes: [UInt8] = [0x82, UInt8(identifier.utf8.count), 0] + Array(identifier.utf8)
        bytes += [0x90, UInt8(length & 0xff), UInt8(length >> 8)] + body
        if checksum { bytes.append(UInt8((256 - bytes.reduce(0) { ($0 + Int($1)) % 256 }) % 256)) }
        return bytes + [0x78]
    }

    @Test func parsesAKnownImage() throws {
        let vpd = try VitalProductData(parsing: Self.example)
        #expect(vpd.identifier == "Example NIC")
        #expect(vpd.serialNumber == "MT2114X12345")
        #expect(vpd.text(forKeyword: "PN") == "X12")
        #expect(vpd.readOnlyFields.keys.sorted() == ["PN", "SN"])
    }

    @Test func ignoresPaddingAfterTheEndTag() throws {
        // Older kernels expose the whole VPD window: the image, then 0xff or zeros.
        let padded = Self.example + [UInt8](repeating: 0xff, count: 64)
        #expect(try VitalProductData(parsing: padded).serialNumber == "MT2114X12345")
    }

    @Test func trimsTrailingSpacesAndNULsFromTheSerial() throws {
        let bytes = Self.image(identifier: "NIC", fields: [("SN", Array("ABC123  ".utf8) + [0, 0])])
        #expect(try VitalProductData(parsing: bytes).serialNumber == "ABC123")
    }

    @Test func everyTruncationIsRefused() {
        for length in 1..<Self.example.count {
            #expect(throws: VPDError.self, "cut to \(length) bytes") {
                try VitalProductData(parsing: Array(Self.example.prefix(length)))
            }
        }
    }

    @Test func reportsWhereTheDataEnds() {
        // The VPD-R header says 25 bytes, but only 10 follow.
        #expect(throws: VPDError.truncated(offset: 14)) {
            try VitalProductData(parsing: Array(Self.example.prefix(27)))
        }
    }

    @Test func refusesEmptyData() {
        #expect(throws: VPDError.empty) { try VitalProductData(parsing: []) }
    }

    @Test func refusesGarbage() {
        #expect(throws: VPDError.unexpectedTag(0x47, offset: 0)) {
            try VitalProductData(parsing: Array("GARBAGE, not VPD".utf8))
        }
        #expect(throws: VPDError.self) {
            try VitalProductData(parsing: [UInt8](repeating: 0xff, count: 128))
        }
    }

    @Test func refusesAReadOnlySectionBeforeTheIdentifier() {
        var bytes = Self.example
        bytes[0] = 0x90
        #expect(throws: VPDError.unexpectedTag(0x90, offset: 0)) { try VitalProductData(parsing: bytes) }
    }

    @Test func refusesABadChecksum() {
        var bytes = Self.example
        bytes[30] ^= 0x01 // one bit of the serial flipped
        #expect(throws: VPDError.checksumMismatch(offset: 41)) { try VitalProductData(parsing: bytes) }
    }

    @Test func refusesAFieldRunningPastItsSection() {
        var bytes = Self.example
        bytes[25] = 0x40 // SN claims 64 bytes inside a 25-byte VPD-R
        #expect(throws: VPDError.truncated(offset: 23)) { try VitalProductData(parsing: bytes) }
    }

    @Test func refusesANonPrintableKeyword() {
        var bytes = Self.example
        bytes[17] = 0x01
        #expect(throws: VPDError.invalidKeyword(offset: 17)) { try VitalProductData(parsing: bytes) }
    }

    @Test func acceptsAnImageWithoutChecksum() throws {
        let bytes = Self.image(identifier: "NIC", fields: [("SN", Array("S1".utf8))], checksum: false)
        #expect(try VitalProductData(parsing: bytes).serialNumber == "S1")
    }

    @Test func skipsAWritableSection() throws {
        var bytes = Self.image(identifier: "NIC", fields: [("SN", Array("S2".utf8))])
        bytes.removeLast() // End tag
        bytes += [0x91, 0x05, 0x00] + Array("YA".utf8) + [0x02, 0x00, 0x00] + [0x78]
        let vpd = try VitalProductData(parsing: bytes)
        #expect(vpd.serialNumber == "S2")
        #expect(vpd.readOnlyFields["YA"] == nil)
    }

    @Test func keepsBinaryVendorFieldsButNoBinarySerial() throws {
        let bytes = Self.image(identifier: "NIC", fields: [("V0", [0x00, 0xff, 0x10]), ("SN", [0x01, 0x02])])
        let vpd = try VitalProductData(parsing: bytes)
        #expect(vpd.readOnlyFields["V0"] == [0x00, 0xff, 0x10])
        #expect(vpd.serialNumber == nil)
    }

    @Test func anImageWithoutSerialHasNone() throws {
        let bytes = Self.image(identifier: "NIC", fields: [("PN", Array("P1".utf8))])
        #expect(try VitalProductData(parsing: bytes).serialNumber == nil)
    }

    @Test func errorsDescribeThemselves() {
        #expect(VPDError.truncated(offset: 14).description == "VPD is truncated at byte 14")
        #expect(VPDError.unexpectedTag(0x47, offset: 0).description == "VPD has an unexpected tag 0x47 at byte 0")
    }
}
