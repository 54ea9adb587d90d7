import APICore
import EmbeddedNetwork
import NetworkModel
import Testing

@testable import NetworkAPI

@Suite("NetworkView and PortView: admin-only attributes")
struct ViewPolicyTests {
    let member = NetworkCaller(projectID: "p", isAdmin: false)

    @Test("provider attributes only for admins; a tunnel network shows a null physnet")
    func network() {
        let network = Network(id: "n", name: "n", projectID: "p", networkType: "vxlan", segmentationID: 7)
        let admin = NetworkView.render(network, caller: .admin)
        #expect(admin["provider:physical_network"] == JSON.null)
        #expect(admin["provider:segmentation_id"] == 7)
        #expect(NetworkView.render(network, caller: member)["provider:network_type"] == nil)
    }

    @Test("binding host, profile, vif type and details only for admins; vnic type for all")
    func port() {
        let port = Port(id: "p", networkID: "n", projectID: "p", macAddress: "fa:16:3e:00:00:01", vnicType: "direct")
        let view = PortView.render(port, caller: member)
        #expect(view["binding:vnic_type"] == "direct")
        for key in ["binding:host_id", "binding:profile", "binding:vif_type", "binding:vif_details"] {
            #expect(view[key] == nil)
            #expect(PortView.render(port, caller: .admin)[key] != nil)
        }
    }
}
