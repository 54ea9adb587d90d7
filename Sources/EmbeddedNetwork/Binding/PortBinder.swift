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
/// * **linuxbridge** (assumed on every host, binding any network type): `normal` → `bridge`
///   with `vif_details.bridge_name` the host's bridge (`[network] bridge`), status DOWN; the
///   libvirt driver plugs it as a tap on that bridge, which it can do on any host (an `ovs`
///   binding needs Open vSwitch running there).
/// * **openvswitch** (assumed present on every host, mapping every physnet, so it binds any
///   network type): `vdpa`, `remote-managed` (the OVS hardware-offload and DPU paths), and
///   `direct` whose profile `capabilities` contain `switchdev` — sriovnicswitch refuses
///   exactly those → `ovs`, status DOWN.
///
/// Anything else (`baremetal`, `smart-nic`, `accelerator-direct-physical`, VF types on tunnel
/// networks, an unmapped physnet, no agent) → `binding_failed` with empty details, which Nova
/// treats as a failed attach. No host → `unbound`.
public enum PortBinder {
    /// The bridge normal ports are bound to unless `[network] bridge` names another:
    /// libvirt's default network's bridge, there on a host where libvirt runs.
    public static let defaultBridge = "virbr0"

    public static func bind(
        vnicType: VNICType, profile: [String: JSON], network: Network, host: String, agents: BindingAgents,
        bridge: String = defaultBridge
    ) -> BindingResult {
        guard !host.isEmpty else { return .unbound }
        let type = network.networkType.flatMap(NetworkType.init(rawValue:))

        if vnicType == .direct, hasSwitchdev(profile) { return openVSwitch() }
        switch vnicType {
        case .normal:
            return linuxBridge(bridge)
        case .vdpa, .remoteManaged:
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

    /// The Linux bridge agent's vif_details, naming the bridge the tap goes on.
    private static func linuxBridge(_ bridge: String) -> BindingResult {
        BindingResult(
            vifType: VIFType.bridge,
            vifDetails: [
                "port_filter": true, "connectivity": "l2", "bridge_name": .string(bridge),
                "bound_drivers": ["0": "linuxbridge"],
            ],
            status: PortStatus.down
        )
    }

    /// `binding:profile.capabilities` containing "switchdev" marks an OVS-offload port.
    private static func hasSwitchdev(_ profile: [String: JSON]) -> Bool {
        profile["capabilities"]?.arrayValue?.contains(.string("switchdev")) ?? false
    }
}
