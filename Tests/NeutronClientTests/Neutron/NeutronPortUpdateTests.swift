import JSONModel
import Testing

@testable import NeutronClient
import NetworkModel

/// The bodies of Nova's bind and unbind PUTs (nova-behavior §5.3 step 6, §5.4).
struct NeutronPortUpdateTests {
    @Test func bindMergesThePCIKeysOverTheUsersProfile() {
        let binding = PortBinding(
            hostID: "compute0", deviceID: "srv", deviceOwner: "compute:nova",
            profile: ["pci_slot": "0000:02:00.0", "pci_vendor_info": "15b3:101e", "physical_network": "physnet1"])
        let body = NeutronPortUpdate.bind(binding, currentProfile: ["trusted": true, "pci_slot": "stale"])
        #expect(body == ["port": [
            "binding:host_id": "compute0", "device_id": "srv", "device_owner": "compute:nova",
            "binding:profile": ["trusted": true, "pci_slot": "0000:02:00.0", "pci_vendor_info": "15b3:101e", "physical_network": "physnet1"],
        ]])
    }

    @Test func bindOfAPFSetsItsMAC() {
        let binding = PortBinding(hostID: "h", deviceID: "d", deviceOwner: "compute:nova", profile: [:], macAddress: "b8:ce:f6:00:01:00")
        #expect(NeutronPortUpdate.bind(binding, currentProfile: [:])["port"]?["mac_address"] == "b8:ce:f6:00:01:00")
    }

    @Test func unbindClearsTheHostAndOwnerAndRemovesExactlyTheGivenKeys() {
        let body = NeutronPortUpdate.unbind(
            currentProfile: ["pci_slot": "0000:02:00.0", "vf_num": 0, "trusted": true, "capabilities": ["x"]],
            removingKeys: ["pci_slot", "vf_num", "allocation"])
        #expect(body == ["port": [
            "binding:host_id": nil, "device_id": "", "device_owner": "",
            "binding:profile": ["trusted": true, "capabilities": ["x"]],
        ]])
    }
}
