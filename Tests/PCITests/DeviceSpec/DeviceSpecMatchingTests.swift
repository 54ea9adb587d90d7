import Testing
@testable import PCI

/// §4.9 matching: globs, regexes, PF specs covering VFs, devnames, VPD serials.
struct DeviceSpecMatchingTests {
    let host = DeviceSpecHosts.mellanox

    func matched(_ entry: String) throws -> [String] {
        try DeviceSpecList(jsonStrings: [entry], host: host).trackedDevices(in: host).map(\.address.description)
    }

    @Test(arguments: [#"{"address": ":0a:00."}"#, #"{"address": ".5"}"#, #"{"address": "*:0a:00.5"}"#, #"{"address": "0a:00.5"}"#])
    func partialGlobsMatch(_ entry: String) throws {
        #expect(try matched(entry).contains("0000:0a:00.5"))
    }

    @Test func globWithFunctionWildcard() throws {
        #expect(try matched(#"{"address": "0000:82:00.*"}"#) == ["0000:82:00.0", "0000:82:00.1", "0000:82:00.2", "0000:82:00.3", "0000:82:00.4"])
    }

    @Test func pfAddressMatchesThePFAndItsVFs() throws {
        #expect(try matched(#"{"address": "0000:81:00.0"}"#) == ["0000:81:00.0", "0000:81:00.1", "0000:81:00.2", "0000:81:00.3", "0000:81:00.4"])
        let spec = try #require(try DeviceSpecList(jsonStrings: [#"{"address": "0000:81:00.0"}"#], host: host).specs.first)
        #expect(spec.address == .physicalFunction(PCIAddress("0000:81:00.0")!))
    }

    @Test func nonPFSingleAddressMatchesOnlyItself() throws {
        #expect(try matched(#"{"address": "0000:81:00.2"}"#) == ["0000:81:00.2"])
    }

    @Test func regexAddressIsAnchoredAtTheStart() throws {
        #expect(try matched(#"{"address": {"bus": "8[12]", "function": "[3-4]"}}"#) == ["0000:81:00.3", "0000:81:00.4", "0000:82:00.3", "0000:82:00.4"])
        #expect(try matched(#"{"address": {"bus": "1"}}"#).isEmpty)
    }

    @Test func devnameOfAPFMatchesItsVFs() throws {
        #expect(try matched(#"{"devname": "ens82", "product_id": "101e"}"#) == ["0000:82:00.1", "0000:82:00.2", "0000:82:00.3", "0000:82:00.4"])
    }

    @Test func devnameOfAPlainNICMatchesOnlyIt() throws {
        #expect(try matched(#"{"devname": "eth5"}"#) == ["0000:0a:00.5"])
    }

    @Test func unknownDevnameMatchesNothing() throws {
        #expect(try matched(#"{"devname": "missing0"}"#).isEmpty)
    }

    @Test func vendorAndProductFilter() throws {
        #expect(try matched(#"{"vendor_id": "15b3", "product_id": "101e"}"#) == ["0000:82:00.1", "0000:82:00.2", "0000:82:00.3", "0000:82:00.4"])
        #expect(try matched(#"{"vendor_id": "8086"}"#) == ["0000:0a:00.5"])
    }

    @Test func remoteManagedRequiresACardSerial() throws {
        // 0b:00.1 has product 1021 but no serial of its own and no PF to inherit one.
        #expect(try matched(#"{"product_id": "1021", "remote_managed": "true"}"#) == ["0000:81:00.1", "0000:81:00.2", "0000:81:00.3", "0000:81:00.4"])
        #expect(try matched(#"{"product_id": "1021"}"#).contains("0000:0b:00.1"))
    }

    @Test func firstMatchingSpecGivesTheTags() throws {
        let list = try DeviceSpecList(jsonStrings: [
            #"{"address": "0000:81:00.1", "physical_network": "physnetA"}"#,
            #"{"vendor_id": "15b3", "physical_network": "physnetB"}"#,
        ], host: host)
        let devices = list.trackedDevices(in: host)
        #expect(devices.first { $0.address.description == "0000:81:00.1" }?.physicalNetwork == "physnetA")
        #expect(devices.first { $0.address.description == "0000:81:00.2" }?.physicalNetwork == "physnetB")
    }

    @Test func trackedDevicesCarryHostFacts() throws {
        let devices = try DeviceSpecList(jsonStrings: [#"{"vendor_id": "15b3", "physical_network": "physnet4"}"#], host: host).trackedDevices(in: host)
        let vf = try #require(devices.first { $0.address.description == "0000:82:00.4" })
        #expect(vf.type == .virtualFunction)
        #expect(vf.status == .available)
        #expect(vf.parentAddress?.description == "0000:82:00.0")
        #expect(vf.vfNumber == 3)
        #expect(vf.cardSerialNumber == "MT0000X00002")
        #expect(vf.vendorInfo == "15b3:101e")
        #expect(vf.devID == "pci_0000_82_00_4")
        #expect(vf.tags == ["physical_network": .string("physnet4")])
    }
}
