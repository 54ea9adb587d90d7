import JSONModel
import PCI
import Testing

@testable import EmbeddedNetwork
import NetworkModel

@Suite("PortBinder: ML2 with sriovnicswitch and openvswitch")
struct PortBinderTests {
    let agents = BindingAgents(["compute0": ["physnet1"]])

    func network(_ type: String, physnet: String? = nil, segment: Int? = nil) -> Network {
        Network(id: "n", name: "n", projectID: "p", networkType: type, physicalNetwork: physnet, segmentationID: segment)
    }

    func bind(_ vnic: VNICType, _ network: Network, host: String = "compute0", profile: [String: JSON] = [:]) -> BindingResult {
        PortBinder.bind(vnicType: vnic, profile: profile, network: network, host: host, agents: agents)
    }

    static let sriovVLANDetails: [String: JSON] = [
        "port_filter": false, "connectivity": "l2", "vlan": "101", "bound_drivers": ["0": "sriovnicswitch"],
    ]

    @Test("direct, macvtap, virtio-forwarder, accelerator-direct on a mapped VLAN → hw_veb, DOWN, vlan as a string",
        arguments: [VNICType.direct, .macvtap, .virtioForwarder, .acceleratorDirect])
    func vfTypesBindHardwareVEB(vnic: VNICType) {
        let result = bind(vnic, network("vlan", physnet: "physnet1", segment: 101))
        #expect(result == BindingResult(vifType: "hw_veb", vifDetails: Self.sriovVLANDetails, status: "DOWN"))
    }

    @Test("a flat network gets vlan \"0\", as neutron's FLAT_VLAN")
    func flatNetworkVLANZero() {
        let result = bind(.direct, network("flat", physnet: "physnet1"))
        #expect(result.vifType == "hw_veb")
        #expect(result.vifDetails["vlan"] == "0")
    }

    @Test("no agent on the host → binding_failed with empty details")
    func noAgent() {
        let result = bind(.direct, network("vlan", physnet: "physnet1", segment: 101), host: "compute9")
        #expect(result == BindingResult(vifType: "binding_failed", vifDetails: [:], status: "DOWN"))
    }

    @Test("the agent does not map the network's physnet → binding_failed")
    func unmappedPhysnet() {
        #expect(bind(.macvtap, network("vlan", physnet: "physnet2", segment: 7)).vifType == "binding_failed")
    }

    @Test("direct-physical binds without an agent → hostdev_physical, ACTIVE")
    func physicalFunctionWithoutAgent() {
        let result = bind(.directPhysical, network("vlan", physnet: "physnet9", segment: 101), host: "compute9")
        #expect(result == BindingResult(vifType: "hostdev_physical", vifDetails: Self.sriovVLANDetails, status: "ACTIVE"))
    }

    @Test("SR-IOV types on tunnel networks → binding_failed",
        arguments: [("vxlan", VNICType.direct), ("gre", .macvtap), ("geneve", .directPhysical), ("local", .direct)])
    func tunnelNetworks(type: String, vnic: VNICType) {
        #expect(bind(vnic, network(type, segment: type == "local" ? nil : 5)).vifType == "binding_failed")
    }

    @Test("normal → bridge on the host's bridge, on any network type, without a NIC Switch agent",
        arguments: ["vlan", "vxlan", "flat"])
    func normalBindsToTheBridge(type: String) {
        let network = network(type, physnet: type == "vxlan" ? nil : "physnet1", segment: type == "flat" ? nil : 9)
        let result = PortBinder.bind(vnicType: .normal, profile: [:], network: network, host: "compute9", agents: agents, bridge: "br-mgmt")
        #expect(result == BindingResult(
            vifType: "bridge",
            vifDetails: ["port_filter": true, "connectivity": "l2", "bridge_name": "br-mgmt", "bound_drivers": ["0": "linuxbridge"]],
            status: "DOWN"))
        #expect(bind(.normal, network).vifDetails["bridge_name"] == "virbr0", "libvirt's default bridge unless configured")
        #expect(bind(.normal, network, host: "").vifType == "unbound")
    }

    @Test("vdpa and remote-managed → ovs on any network type, without a NIC Switch agent",
        arguments: [VNICType.vdpa, .remoteManaged], ["vlan", "vxlan", "flat"])
    func openVSwitchTypes(vnic: VNICType, type: String) {
        let result = bind(vnic, network(type, physnet: type == "vxlan" ? nil : "physnet1", segment: type == "flat" ? nil : 9),
            host: "compute9")
        #expect(result.vifType == "ovs")
        #expect(result.status == "DOWN")
        #expect(result.vifDetails["bound_drivers"] == ["0": "openvswitch"])
        #expect(result.vifDetails["port_filter"] == true)
    }

    @Test("direct with the switchdev capability is OVS hardware offload, even on vxlan")
    func switchdevGoesToOVS() {
        let result = bind(.direct, network("vxlan", segment: 5), profile: ["capabilities": ["switchdev"]])
        #expect(result.vifType == "ovs")
    }

    @Test("types no driver binds → binding_failed", arguments: [VNICType.baremetal, .smartNIC, .acceleratorDirectPhysical])
    func unboundableTypes(vnic: VNICType) {
        #expect(bind(vnic, network("vlan", physnet: "physnet1", segment: 101)).vifType == "binding_failed")
    }

    @Test("no host → unbound, whatever the type")
    func noHost() {
        #expect(bind(.direct, network("vlan", physnet: "physnet1", segment: 101), host: "") == .unbound)
    }
}
