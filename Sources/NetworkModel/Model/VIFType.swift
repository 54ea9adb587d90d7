/// `binding:vif_type` values the embedded backend produces (neutron-lib `portbindings`).
public enum VIFType {
    /// No host set, or unbound by Nova's `_unbind_ports`.
    public static let unbound = "unbound"
    /// A host was set but no mechanism driver could bind: Nova treats it as a failed attach.
    public static let bindingFailed = "binding_failed"
    /// sriovnicswitch: a VF (`direct`, `macvtap`).
    public static let hardwareVEB = "hw_veb"
    /// sriovnicswitch: a whole PF (`direct-physical`).
    public static let hostdevPhysical = "hostdev_physical"
    /// openvswitch: `normal`, `vdpa`, `remote-managed`, and `direct` with `switchdev`.
    public static let ovs = "ovs"
    /// A Linux bridge agent's binding: a `normal` port on the bridge `vif_details.bridge_name`
    /// (the embedded network binds normal ports so).
    public static let bridge = "bridge"
}
