import Foundation

extension SimulatedHypervisor {
    /// Live + persistent when running or paused (QEMU hot-plugs into a paused guest too),
    /// persistent only when shut off; refused while suspended, since the saved image could
    /// not hold the device. A failure leaves both configs as they were.
    public func attach(_ device: GuestDevice, to uuid: UUID) async throws(HypervisorError) {
        var domain = try existing(uuid)
        guard domain.state != .suspended else {
            throw .invalidState(
                "Requested operation is not valid: cannot attach \(device) to domain '\(domain.name)' while it is suspended; resume it first")
        }
        try admitAttach(device, to: domain)
        let persistent = try config(of: domain, live: false)
        try refuseDuplicate(device, in: persistent, of: domain, configName: "persistent")
        if domain.state.isLive { try plugLive(device, into: &domain) }
        // The persistent copy gets a port too when one is free; libvirt would add a port to
        // an inactive config, so running out here is no error.
        _ = persistent.placeOnFreePort(persistent.append(device))
        domain.persistentXML = render(persistent)
        try commit(domain)
    }

    /// AFFECT_LIVE only: the device goes into the running (or paused) guest and the
    /// persistent configuration is left as it is (a resume's replug of a device that it
    /// kept). A failure leaves the live config as it was.
    public func attachLive(_ device: GuestDevice, to uuid: UUID) async throws(HypervisorError) {
        var domain = try existing(uuid)
        guard domain.state.isLive else {
            throw .invalidState("Requested operation is not valid: domain '\(domain.name)' is not running, so \(device) cannot be hot-plugged into it")
        }
        try admitAttach(device, to: domain)
        try plugLive(device, into: &domain)
        try commit(domain)
    }

    /// A device libvirt would parse, unless an injected failure refuses this attach.
    private func admitAttach(_ device: GuestDevice, to domain: SimulatedDomain) throws(HypervisorError) {
        try device.validate()
        if let message = faults.takeAttachFailure(for: domain.uuid) {
            logger.warning("injected attach failure", metadata: ["domain": "\(domain.name)", "device": "\(device)"])
            throw .operationFailed(message)
        }
    }

    /// The device into the live config, on a free hot-plug port with an alias; refused when
    /// the guest has it already, another running guest holds it on the host, or no port is
    /// free.
    private func plugLive(_ device: GuestDevice, into domain: inout SimulatedDomain) throws(HypervisorError) {
        let live = try config(of: domain, live: true)
        try refuseDuplicate(device, in: live, of: domain, configName: "live")
        try checkHostResources(of: [device], for: domain)
        let element = live.append(device)
        guard live.placeOnFreePort(element) else {
            throw .operationFailed(
                "internal error: No more available PCI slots in domain '\(domain.name)' for \(device): all \(DomainDefinition.hotplugPorts) hot-plug ports are taken")
        }
        live.assignAlias(to: element)
        domain.liveXML = render(live)
    }

    private func refuseDuplicate(
        _ device: GuestDevice, in config: DomainConfig, of domain: SimulatedDomain, configName: String
    ) throws(HypervisorError) {
        let resource = HostResource(device)
        guard let held = config.holder(of: resource) else { return }
        throw .operationFailed(
            "Requested operation is not valid: \(resource) is already used by \(held) in the \(configName) configuration of domain '\(domain.name)'")
    }
}
