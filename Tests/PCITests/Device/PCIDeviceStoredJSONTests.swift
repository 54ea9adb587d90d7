import Foundation
import JSONModel
import PCI
import Testing

/// The ledger writes devices with `storedJSON` and reads them with `JSONDecoder` (dates in
/// milliseconds since 1970, as the store's columns are): the two must agree on every field,
/// set or not.
struct PCIDeviceStoredJSONTests {
    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return decoder
    }

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        return encoder
    }

    static func address(_ text: String) -> PCIAddress { try! PCIAddress(parsing: text) }

    static let bare = PCIDevice(address: address("0000:05:00.0"), vendorID: "8086", productID: "10fb", type: .pci)

    static var full: PCIDevice {
        var device = PCIDevice(
            address: address("0000:81:00.3"), vendorID: "15b3", productID: "101e", type: .virtualFunction, status: .quarantined,
            numaNode: 1, parentAddress: address("0000:81:00.0"),
            tags: ["physical_network": .string("physnet1"), "trusted": .bool(true), "numa": .int(1), "none": .null,
                   "list": .list(["a", "b \"quoted\""])],
            netdevName: "enp129s0f0v3", macAddress: "52:54:00:aa:bb:cc", parentIfname: "enp129s0f0", pfMACAddress: "52:54:00:00:00:01",
            vfNumber: 3, cardSerialNumber: "MT0000X00001", vdpaName: "vdpa3")
        device.instanceUUID = UUID()
        device.requestID = UUID()
        device.quarantineReason = "the guest did not release the device after 8 attempts"
        // To the second, as the engine keeps it: milliseconds read back exactly.
        device.quarantinedAt = Date(timeIntervalSinceReferenceDate: 800_000_123)
        device.removeWhenFreed = true
        return device
    }

    /// A fraction of a millisecond, which the store's encoding cannot keep, is at least
    /// written as `JSONEncoder` writes it.
    static var fractional: PCIDevice {
        var device = full
        device.quarantinedAt = Date(timeIntervalSinceReferenceDate: 800_000_123.456)
        return device
    }

    @Test(arguments: [bare, full])
    func decodesBackToTheSameDevice(device: PCIDevice) throws {
        let decoded = try Self.decoder.decode(PCIDevice.self, from: Data(device.storedJSON.utf8))
        #expect(decoded == device)
    }

    @Test(arguments: [bare, full, fractional])
    func matchesWhatJSONEncoderWrites(device: PCIDevice) throws {
        let encoded = try #require(JSON.parse(try Self.encoder.encode(device)))
        #expect(JSON.parse(device.storedJSON) == encoded)
    }

    @Test func absentOptionalsAreLeftOut() throws {
        let stored = try #require(JSON.parse(Self.bare.storedJSON)?.objectValue)
        #expect(Set(stored.keys) == ["address", "vendorID", "productID", "type", "status", "tags", "removeWhenFreed"])
        #expect(stored["removeWhenFreed"] == .bool(false))
    }

    @Test(arguments: [bare, full])
    func readsBackWithoutJSONDecoder(device: PCIDevice) throws {
        #expect(PCIDevice(storedJSON: device.storedJSON) == device)
    }

    /// What `storedJSON` never writes is left to `JSONDecoder` (nil here), never read wrong.
    @Test(arguments: [
        #"{"address": "0000:05:00.0", "vendorID": "8086", "productID": "10fb", "type": "type-PCI", "status": "available", "tags": {}}"#,
        #"{"address": "0000:05:00.0", "vendorID": "8086", "productID": "10fb", "type": "type-PCI", "status": "available", "tags": {}, "removeWhenFreed": false, "numaNode": "1"}"#,
        #"{"address": "0000:05:00.0", "vendorID": "8086", "productID": "10fb", "type": "type-PCI", "status": "available", "tags": {"x": 1.5}, "removeWhenFreed": false}"#,
        #"{"address": "0000:05:00.0", "vendorID": "8086", "productID": "10fb", "type": "type-PCI", "status": "lost", "tags": {}, "removeWhenFreed": false}"#,
        #"{"address": "0000:05:00.0", "vendorID": "8086", "productID": "10fb", "type": "type-PCI", "status": "available", "tags": {}, "removeWhenFreed": false, "instanceUUID": "not-a-uuid"}"#,
        "not json",
    ])
    func leavesWhatItDoesNotWriteToJSONDecoder(text: String) {
        #expect(PCIDevice(storedJSON: text) == nil)
    }

    @Test func nullOptionalsReadAsJSONDecoderReadsThem() throws {
        let text = #"{"address": "0000:05:00.0", "vendorID": "8086", "productID": "10fb", "type": "type-PCI", "status": "available", "tags": {"l": ["a"], "n": null}, "removeWhenFreed": false, "numaNode": null, "quarantinedAt": 1778307323123}"#
        let decoded = try Self.decoder.decode(PCIDevice.self, from: Data(text.utf8))
        #expect(PCIDevice(storedJSON: text) == decoded)
    }

    /// A key it does not know is a field it would drop: `JSONDecoder` reads that row.
    @Test func anUnknownKeyIsLeftToJSONDecoder() {
        let text = #"{"address": "0000:05:00.0", "vendorID": "8086", "productID": "10fb", "type": "type-PCI", "status": "available", "tags": {}, "removeWhenFreed": false, "addedLater": 1}"#
        #expect(PCIDevice(storedJSON: text) == nil)
    }
}
