import JSONModel
import NetworkModel
import PCI

/// ML2's port binding with two mechanism drivers, as a pure function.
///
/// * **sriovnicswitch** (openstack-parts §1.4–§1.5, neutron's `mech_sriov`): flat and vlan
///   segments only. `direct`, `macvtap` and `accelerator-direct` need a live NIC Switch agent
///   on the host whose device_mappings cover the network's physnet → `hw_veb`, status DOWN
///   (the agent would report it up later). `direct-physical` binds without any agent →
///   `hostdev_physical`, status ACTIVE. `virtio-forwarder` is treated like `macvtap`: in
///   Neutron it needs a vendor driver, but here it is a VF type (DESIGN §1) and must bind.
///   vif_details: `port_filter` false, `connectivity` "l2", `vlan` = the segmentation id as a
///   string ("0" on flat networks, as neutron's FLAT_VLAN), `bound_drivers` {"0": driver}.
/// * **openvswitch** (assumed present on every host, mapping every physnet, so it binds any
///   network type): `normal`, `vdpa`, `remote-managed` (the OVS hardware-offload and DPU
///   paths), and `direct` whose profile `capabilities` contain `switchdev` — sriovnicswitch
///   refuses exactly those → `ovs`, status DOWN.
///
/// Anything else (`baremetal`, `smart-nic`, `accelerator-direct-physical`, VF types on tunnel
/// networks, an unmapped physnet, no agent) → `binding_failed` with empty details, which Nova
/// treats as a failed attach. No host → `unbound`.
public enum PortBinder {
    public static func bind(
        vnicType: VNICType, profile: [String: JSON], network: Network, host: String, agents: BindingAgents
    ) -> BindingResult {
        guard !host.isEmpty else { return .unbound }
        let type = network.networkType.flatMap(NetworkType.init(rawValue:))

        if vnicType == .direct, hasSwitchdev(profile) { return openVSwitch() }
        switch vnicType {
        case .normal, .vdpa, .remoteManaged:
            return openVSwitch()
        case .directPhysical:
            // mech_sriov side-steps the agent for PFs: any flat/vlan segment binds.
            guard let type, type == .flat || type == .vlan else { return .failed }
            return sriov(vifType: VIFType.hostdevPhysical, type: type, network: network, status: PortStatus.active)
        case .direct, .macvtap, .virtioForwarder, .acceleratorDirect:
            guard let type, type == .flat || type == .vlan, let physnet = network.physicalNetwork,
                let mapped = agents.physicalNetworks(onHost: host), mapped.contains(physnet)
            else { return .failed }
            return sriov(vifType: VIFType.hardwareVEB, type: type, network: network, status: PortStatus.down)
        case .baremetal, .smartNIC, .acceleratorDirectPhysical:
            return .failed
        }
    }

    private static func sriov(vifType: String, type: NetworkType, network: Network, status: String) -> BindingResult {
        let vlan = type == .vlan ? String(network.segmentationID ?? 0) : "0"
        return BindingResult(
            vifType: vifType,
            vifDetails: [
                "port_filter": false, "connectivity": "l2", "vlan": .string(vlan),
                "bound_drivers": ["0": "sriovnicswitch"],
            ],
            status: status
        )
    }

    /// ML2/OVS's vif_details with the iptables-free firewall and the kernel datapath.
    private static func openVSwitch() -> BindingResult {
        BindingResult(
            vifType: VIFType.ovs,
            vifDetails: [
                "port_filter": true, "connectivity": "l2", "ovs_hybrid_plug": false, "datapath_type": "system",
                "bridge_name": "br-int", "bound_drivers": ["0": "openvswitch"],
            ],
            status: PortStatus.down
        )
    }

    /// `binding:profile.capabilities` containing "switchdev" marks an OVS-offload port.
    private static func hasSwitchdev(_ profile: [String: JSON]) -> Bool {
        profile["capabilities"]?.arrayValue?.contains(.string("switchdev")) ?? false
    }
}
