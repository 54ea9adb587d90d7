import Foundation
import JSONModel
import Testing

@testable import NeutronClient
import NetworkModel

/// Ports and networks read from Neutron's answers.
struct NeutronDecodingTests {
    static let port: JSON = [
        "id": "p1", "name": "vf1", "network_id": "n1", "project_id": "proj", "tenant_id": "proj",
        "mac_address": "fa:16:3e:11:22:33", "fixed_ips": [["subnet_id": "s1", "ip_address": "10.0.0.5"]],
        "status": "ACTIVE", "admin_state_up": true, "device_id": "srv", "device_owner": "compute:nova",
        "binding:host_id": "compute0", "binding:vnic_type": "direct",
        "binding:profile": ["pci_slot": "0000:02:00.0", "trusted": true], "binding:vif_type": "hw_veb",
        "binding:vif_details": ["vlan": "101"], "numa_affinity_policy": "required", "description": "",
        "created_at": "2026-11-25T10:00:00Z", "updated_at": "2026-11-25T10:00:05Z", "revision_number": 4,
    ]

    @Test func portWithEveryAttribute() throws {
        let port = try Port(neutron: Self.port)
        #expect(port.id == "p1")
        #expect(port.projectID == "proj")
        #expect(port.fixedIPs == [FixedIP(subnetID: "s1", ipAddress: "10.0.0.5")])
        #expect(port.status == "ACTIVE")
        #expect(port.deviceID == "srv")
        #expect(port.bindingHostID == "compute0")
        #expect(port.vnicType == "direct")
        #expect(port.bindingProfile == ["pci_slot": "0000:02:00.0", "trusted": true])
        #expect(port.vifType == "hw_veb")
        #expect(port.vifDetails == ["vlan": "101"])
        #expect(port.numaAffinityPolicy == "required")
        #expect(port.createdAt == Date(timeIntervalSince1970: 1_795_600_800))
        #expect(port.revisionNumber == 4)
    }

    @Test func nullsAndAbsentBindingAttributesReadAsUnbound() throws {
        guard case .object(var object) = Self.port else { return }
        object["binding:profile"] = .null
        object["binding:host_id"] = .null
        object["binding:vif_details"] = nil
        object["binding:vif_type"] = nil
        object["binding:vnic_type"] = nil
        object["project_id"] = nil
        let port = try Port(neutron: .object(object))
        #expect(port.bindingProfile == [:])
        #expect(port.bindingHostID == "")
        #expect(port.vifType == "unbound")
        #expect(port.vnicType == "normal")
        #expect(port.projectID == "proj")   // from tenant_id
    }

    @Test(arguments: ["id", "network_id", "mac_address", "status"])
    func portWithoutARequiredAttributeNamesIt(_ key: String) {
        guard case .object(var object) = Self.port else { return }
        object[key] = nil
        #expect(throws: NetworkError.unavailable("Neutron's port has no string '\(key)' (got nothing)")) {
            try Port(neutron: .object(object))
        }
    }

    @Test func answerWithoutTheResourceObject() {
        #expect(throws: NetworkError.unavailable("Neutron's answer has no 'port' object")) { try Port(neutron: nil) }
        #expect(throws: NetworkError.unavailable("Neutron's answer has no 'network' object")) { try Network(neutron: "x") }
    }

    @Test func badFixedIPEntryIsNamed() {
        guard case .object(var object) = Self.port else { return }
        object["fixed_ips"] = [["ip_address": "10.0.0.5"]]
        #expect(throws: NetworkError.unavailable(#"Neutron's port has a fixed_ips entry without subnet_id and ip_address: {"ip_address": "10.0.0.5"}"#)) {
            try Port(neutron: .object(object))
        }
    }

    @Test func networkWithProviderAttributes() throws {
        let network = try Network(neutron: [
            "id": "n1", "name": "sriov", "project_id": "proj", "status": "ACTIVE", "shared": true, "mtu": 9000,
            "provider:network_type": "vlan", "provider:physical_network": "physnet1", "provider:segmentation_id": 100,
            "subnets": ["s1"], "router:external": false,
        ])
        #expect(network.physicalNetwork == "physnet1")
        #expect(network.networkType == "vlan")
        #expect(network.segmentationID == 100)
        #expect(network.mtu == 9000)
        #expect(network.shared)
        #expect(network.subnetIDs == ["s1"])
        #expect(!network.isTunnelled)
    }
}
