import NetworkModel

/// What the embedded network tells the compute service about its ports, as Neutron's Nova
/// notifier does (`notify_nova_on_port_data_changes`, on by default in Neutron): a port
/// deleted while a server uses it is reported as `network-vif-deleted`, so that
/// `openstack port delete` frees the server's device with the embedded network as it does
/// with a real Neutron. Without it the device would stay the server's until someone
/// detaches or deletes the server (the audit only reports such a port).
///
/// The app connects the receiver once the compute service exists (it is built on the
/// network, so the network cannot be given it at construction).
public actor PortEventNotifier {
    /// Who hears the events: the compute service of this host.
    public typealias Receiver = @Sendable (_ portID: String, _ serverID: String) async -> Void

    private var portDeletedReceiver: Receiver?

    public init() {}

    public func connect(portDeleted receiver: @escaping Receiver) {
        portDeletedReceiver = receiver
    }

    /// Neutron notifies for ports a compute service owns (`device_owner` `compute:…`)
    /// that name a server; nobody else is told.
    func portDeleted(_ port: Port) async {
        guard port.deviceOwner.hasPrefix("compute:"), !port.deviceID.isEmpty, let receiver = portDeletedReceiver else { return }
        await receiver(port.id, port.deviceID)
    }
}
