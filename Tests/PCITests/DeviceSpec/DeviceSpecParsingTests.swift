import Foundation
import Testing
@testable import PCI

/// §4.9: every validation message, naming the bad field, in Nova's words.
struct DeviceSpecParsingTests {
    let host = DeviceSpecHosts.mellanox

    func parse(_ entries: String...) throws(DeviceSpecError) -> DeviceSpecList {
        try DeviceSpecList(jsonStrings: entries, host: host)
    }

    func expectError(_ entry: String, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try parse(entry)
            Issue.record("\(entry) was accepted", sourceLocation: sourceLocation)
        } catch {
            #expect(error.description == message, sourceLocation: sourceLocation)
        }
    }

    @Test func badJSON() {
        expectError(#"{"vendor_id": "8086""#, #"Invalid [pci]device_spec config: Invalid entry: '{"vendor_id": "8086"'"#)
    }

    @Test func notAListOrDict() {
        expectError(#""8086""#, #"Invalid [pci]device_spec config: Invalid entry: '"8086"'; Expecting list or dict"#)
        expectError("42", "Invalid [pci]device_spec config: Invalid entry: '42'; Expecting list or dict")
    }

    @Test func listElementNotADict() {
        expectError(#"[{"vendor_id": "8086"}, "x"]"#, #"Invalid [pci]device_spec config: Invalid entry: '"x"'; Expecting dict"#)
    }

    @Test func nonHexFields() {
        expectError(#"{"vendor_id": "80z6"}"#, "Invalid [pci]device_spec config: property vendor_id ('80z6') does not parse as a hex number.")
        expectError(#"{"product_id": "abcg"}"#, "Invalid [pci]device_spec config: property product_id ('abcg') does not parse as a hex number.")
        expectError(#"{"address": "0000:0a:00.12:6"}"#, "Invalid [pci]device_spec config: property func ('12:6') does not parse as a hex number.")
        expectError(#"{"address": "zz:0a:00.1"}"#, "Invalid [pci]device_spec config: property domain ('zz') does not parse as a hex number.")
        expectError(#"{"address": "0000:0q:00.1"}"#, "Invalid [pci]device_spec config: property bus ('0q') does not parse as a hex number.")
        expectError(#"{"address": "0000:0a:x0.1"}"#, "Invalid [pci]device_spec config: property slot ('x0') does not parse as a hex number.")
    }

    @Test func outOfRangeFields() {
        expectError(#"{"vendor_id": "80860"}"#, "Invalid [pci]device_spec config: property vendor_id (80860) is greater than the maximum allowable value (FFFF).")
        expectError(#"{"product_id": "10000"}"#, "Invalid [pci]device_spec config: property product_id (10000) is greater than the maximum allowable value (FFFF).")
        expectError(#"{"address": "10000:00:00.0"}"#, "Invalid [pci]device_spec config: property domain (10000) is greater than the maximum allowable value (FFFF).")
        expectError(#"{"address": "0000:100:00.0"}"#, "Invalid [pci]device_spec config: property bus (100) is greater than the maximum allowable value (FF).")
        expectError(#"{"address": "0000:00:20.0"}"#, "Invalid [pci]device_spec config: property slot (20) is greater than the maximum allowable value (1F).")
        expectError(#"{"address": "0000:00:00.8"}"#, "Invalid [pci]device_spec config: property func (8) is greater than the maximum allowable value (7).")
    }

    @Test func wrongAddressFormats() {
        expectError(#"{"address": "12:1234:5678:0a:00.1"}"#, "The PCI address 12:1234:5678:0a:00.1 has an incorrect format.")
        expectError(#"{"address": {"bus": "[0-9"}}"#, #"The PCI address {"bus": "[0-9"} has an incorrect format."#)
        expectError(#"{"address": 81}"#, "The PCI address 81 has an incorrect format.")
        expectError(#"{"address": {"slot": 1}}"#, #"The PCI address {"slot": 1} has an incorrect format."#)
    }

    @Test func devnameAndAddressTogether() {
        expectError(#"{"devname": "eth0", "address": "*:0a:00.*"}"#,
                    "Invalid PCI Whitelist: The PCI whitelist can specify devname or address, but not both")
    }

    @Test func badBooleanTags() {
        for tag in ["managed", "live_migratable", "one_time_use"] {
            expectError(#"{"\#(tag)": "maybe"}"#,
                        "Invalid [pci]device_spec config: Cannot parse tag '\(tag)': Unrecognized value 'maybe', acceptable values are: '0', '1', 'f', 'false', 'n', 'no', 'off', 'on', 't', 'true', 'y', 'yes'")
        }
    }

    @Test func oneTimeUseNeedsPlacement() {
        expectError(#"{"one_time_use": "yes"}"#, "Invalid [pci]device_spec config: one_time_use=true requires pci.report_in_placement to be enabled")
    }

    @Test func idsMustBeStrings() {
        expectError(#"{"vendor_id": 8086}"#, "Invalid [pci]device_spec config: property vendor_id (8086) must be a string of hex digits")
        expectError(#"{"devname": 7}"#, "Invalid [pci]device_spec config: property devname (7) must be a network interface name")
        expectError(#"{"physical_network": {"a": 1}}"#, #"Invalid [pci]device_spec config: tag 'physical_network' must be a string, number, boolean, null or list, not {"a": 1}"#)
    }

    @Test func remoteManagedDevnameNotOnHost() {
        expectError(#"{"devname": "nope0", "remote_managed": "true"}"#,
                    #"Invalid PCI Whitelist: A device specified as "remote_managed" is not actually present on the host"#)
    }

    /// The configuration is read before the host is scanned: a remote-managed devname is
    /// checked then only for what the entry says, and against the host at start-up. (The
    /// configuration check once used an empty host and refused every such entry.)
    @Test func remoteManagedDevnameWaitsForTheHost() throws {
        let entry = #"{"devname": "ens82", "product_id": "101e", "remote_managed": "true", "physical_network": null}"#
        let unchecked = try #require(try DeviceSpecList(jsonStrings: [entry], host: nil).specs.first)
        #expect(unchecked.isRemoteManaged && unchecked.address == nil)
        let checked = try #require(try parse(entry).specs.first)
        #expect(checked.address == .physicalFunction(try PCIAddress(parsing: "0000:82:00.0")))
        // What the entry itself gets wrong is still refused without the host.
        #expect(throws: DeviceSpecError.devnameAndAddress) {
            try DeviceSpecList(jsonStrings: [#"{"devname": "ens82", "address": "0000:82:00.0", "remote_managed": "true"}"#], host: nil)
        }
    }

    @Test func remoteManagedOnAPF() {
        expectError(#"{"address": "0000:81:00.0", "remote_managed": "true"}"#,
                    #"Invalid PCI Whitelist: PFs must not have the "remote_managed"tag, device address: 0000:81:00.0"#)
        expectError(#"{"address": "0000:81:00.0", "product_id": "a2dc", "remote_managed": "true"}"#,
                    #"Invalid PCI Whitelist: PFs must not have the "remote_managed"tag, device address: 0000:81:00.0"#)
        expectError(#"{"devname": "ens81", "remote_managed": "true"}"#,
                    #"Invalid PCI Whitelist: PFs must not have the "remote_managed"tag, device address: 0000:81:00.0"#)
    }

    @Test func remoteManagedWithForeignVFIDs() {
        expectError(#"{"address": "0000:81:00.0", "vendor_id": "15b3", "product_id": "beef", "remote_managed": "true"}"#,
                    "Invalid [pci]device_spec config: the specified VF vendor ID 15b3 and product ID beef do not match the expected VF IDs based on the corresponding PF identified by PCI address 0000:81:00.0")
    }

    @Test func remoteManagedPFAddressWithVFProductMeansItsVFs() throws {
        let list = try parse(#"{"address": "0000:81:00.0", "product_id": "1021", "remote_managed": "true", "physical_network": "physnet4"}"#)
        #expect(list.specs.first?.isRemoteManaged == true)
    }

    @Test func normalisesIdsAndTags() throws {
        let list = try parse(#"[{"vendor_id": "0x15B3", "product_id": " 101e ", "managed": "Yes", "live_migratable": false, "physical_network": null, "trusted": "true", "custom": 3}]"#)
        let spec = try #require(list.specs.first)
        #expect(spec.vendorID == "15b3")
        #expect(spec.productID == "101e")
        #expect(spec.tags == ["managed": .string("true"), "live_migratable": .string("false"), "physical_network": .null,
                              "trusted": .string("true"), "custom": .int(3)])
    }

    @Test func wildcardsAndMissingFields() throws {
        let spec = try #require(try parse(#"{"vendor_id": "*", "physical_network": "p"}"#).specs.first)
        #expect(spec.vendorID == nil)
        #expect(spec.productID == nil)
        #expect(spec.address == .any)
    }

    @Test func severalEntriesKeepTheirOrder() throws {
        let list = try DeviceSpecList(jsonStrings: [#"{"product_id": "101e"}"#, #"[{"product_id": "101d"}, {"product_id": "1021"}]"#], host: host)
        #expect(list.specs.map(\.productID) == ["101e", "101d", "1021"])
    }
}
