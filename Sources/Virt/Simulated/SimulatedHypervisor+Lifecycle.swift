import Foundation

extension SimulatedHypervisor {
    /// Defines a shut-off domain. Defining the same definition again is a no-op, so that a
    /// boot retried after a crash does not fail; a different one under a defined UUID, or a
    /// name another domain has, is refused.
    public func define(_ definition: DomainDefinition) async throws(HypervisorError) {
        try definition.validate()
        if let current = domains.records[definition.uuid] {
            guard current.definition != definition else { return }
            throw .operationFailed(
                "operation failed: domain '\(current.name)' (\(definition.uuid.uuidString.lowercased())) is already defined with a different definition; undefine it first")
        }
        if let other = domains.records.values.first(where: { $0.name == definition.name }) {
            throw .operationFailed(
                "operation failed: domain '\(definition.name)' already exists with uuid \(other.uuid.uuidString.lowercased())")
        }
        try commit(SimulatedDomain(definition: definition))
        logger.debug("defined domain", metadata: ["domain": "\(definition.name)"])
    }

    /// Boots a shut-off domain from its persistent config; a suspended one is restored from
    /// its saved image, as `virsh start` does.
    public func start(_ uuid: UUID) async throws(HypervisorError) {
        var domain = try existing(uuid)
        switch domain.state {
        case .running, .paused:
            throw .invalidState("Requested operation is not valid: domain '\(domain.name)' is already running")
        case .suspended:
            try await resume(uuid)
            return
        case .shutoff:
            let live = try DomainConfig(xml: domain.persistentXML, what: "the persistent XML of domain '\(domain.name)'")
            guard live.prepareForBoot() else {
                throw .operationFailed("internal error: No more available PCI slots to start domain '\(domain.name)'")
            }
            try checkHostResources(of: live.guestDevices, for: domain)
            domain.liveXML = live.xml
            domain.pendingUnplugs = []
            domain.unplugRequestedAt = nil
            domain.boot += 1
            domain.state = .running
            try commit(domain)
        }
    }

    /// Powers off (`virsh destroy`): the live config and any pending unplug are gone.
    public func stop(_ uuid: UUID) async throws(HypervisorError) {
        var domain = try existing(uuid)
        guard domain.state.isLive else { throw notRunning(domain) }
        domain.state = .shutoff
        domain.liveXML = nil
        domain.pendingUnplugs = []
        domain.unplugRequestedAt = nil
        try commit(domain)
    }

    /// A running guest reboots in its domain: the live config, devices and pending unplugs
    /// as they were (its boot count moves on). Hard also boots a paused, suspended (its
    /// saved image dropped) or shut-off domain from its persistent config.
    public func reboot(_ uuid: UUID, hard: Bool) async throws(HypervisorError) {
        var domain = try existing(uuid)
        switch domain.state {
        case .running:
            domain.boot += 1
            try commit(domain)
        case .paused where hard:
            domain.state = .running
            domain.boot += 1
            try commit(domain)
        case .suspended where hard:
            domain.state = .shutoff
            domain.liveXML = nil
            try commit(domain)
            try await start(uuid)
        case .shutoff where hard:
            try await start(uuid)
        case .paused, .suspended, .shutoff:
            throw .invalidState("Requested operation is not valid: domain '\(domain.name)' is \(domain.state.rawValue): only a running guest reboots itself")
        }
    }

    /// Stops the guest's CPUs. Pausing a paused domain succeeds, as in libvirt.
    public func pause(_ uuid: UUID) async throws(HypervisorError) {
        var domain = try existing(uuid)
        guard domain.state.isLive else { throw notRunning(domain) }
        domain.state = .paused
        try commit(domain)
    }

    /// Restarts the guest's CPUs; unplug requests made while paused are acted on now.
    /// Unpausing a running domain succeeds, as in libvirt.
    public func unpause(_ uuid: UUID) async throws(HypervisorError) {
        var domain = try existing(uuid)
        guard domain.state.isLive else { throw notRunning(domain) }
        guard domain.state == .paused else { return }
        domain.state = .running
        try commit(domain)
        scheduleReleases(of: domain)
    }

    /// Managed save: the guest's memory and live config go to an image, the domain is off.
    /// Refused, as libvirt refuses it, while the guest holds a host PCI device or a vDPA
    /// device (QEMU cannot migrate VFIO or vhost-vdpa state, and a save is a migration to a
    /// file): a suspend takes those out of the guest first.
    public func suspend(_ uuid: UUID) async throws(HypervisorError) {
        var domain = try existing(uuid)
        guard domain.state.isLive else { throw notRunning(domain) }
        if let message = faults.nextSaveFailure {
            faults.nextSaveFailure = nil
            logger.warning("injected save failure", metadata: ["domain": "\(domain.name)"])
            throw .operationFailed(message)
        }
        if let held = try config(of: domain, live: true).guestDevices.first(where: { $0.blocksManagedSave }) {
            throw .invalidState("Requested operation is not valid: domain has assigned non-USB host devices (\(held) in domain '\(domain.name)')")
        }
        domain.state = .suspended
        try commit(domain)
    }

    /// Restores a managed save image; the guest runs with the devices it was saved with.
    public func resume(_ uuid: UUID) async throws(HypervisorError) {
        var domain = try existing(uuid)
        switch domain.state {
        case .running, .paused:
            throw .invalidState("Requested operation is not valid: domain '\(domain.name)' is already running")
        case .shutoff:
            throw .invalidState("Requested operation is not valid: domain '\(domain.name)' has no managed save image to resume from")
        case .suspended:
            guard let liveXML = domain.liveXML else {
                throw .internalError("the managed save image of domain '\(domain.name)' has no configuration")
            }
            let live = try DomainConfig(xml: liveXML, what: "the saved XML of domain '\(domain.name)'")
            try checkHostResources(of: live.guestDevices, for: domain)
            domain.state = .running
            domain.boot += 1
            try commit(domain)
            scheduleReleases(of: domain)
        }
    }

    /// The guest recreated from the new definition (its image): destroyed if it runs, the
    /// saved image dropped, booted again from the persistent config, which keeps every
    /// device attached so far.
    public func rebuild(_ definition: DomainDefinition) async throws(HypervisorError) {
        try definition.validate()
        var domain = try existing(definition.uuid)
        guard domain.name == definition.name else {
            throw .operationFailed("operation failed: domain '\(domain.name)' cannot be rebuilt as '\(definition.name)'")
        }
        domain.definition = definition
        domain.state = .shutoff
        domain.liveXML = nil
        domain.pendingUnplugs = []
        domain.unplugRequestedAt = nil
        try commit(domain)
        try await start(definition.uuid)
    }

    /// Destroys the guest if it runs, drops any saved image, and forgets the domain.
    public func undefine(_ uuid: UUID) async throws(HypervisorError) {
        guard let domain = domains.records[uuid] else { throw .domainNotFound(uuid) }
        try domains.remove(uuid)
        heldResourceCache[uuid] = nil
        logger.debug("undefined domain", metadata: ["domain": "\(domain.name)"])
    }

    func notRunning(_ domain: SimulatedDomain) -> HypervisorError {
        .invalidState("Requested operation is not valid: domain '\(domain.name)' is not running (it is \(domain.state.rawValue))")
    }

    /// Refuses devices that another running guest holds on the host.
    func checkHostResources(of devices: [GuestDevice], for domain: SimulatedDomain) throws(HypervisorError) {
        for device in devices {
            let resource = HostResource(device)
            for other in domains.records.values where other.uuid != domain.uuid && other.state.isLive {
                if try heldResources(of: other.uuid).contains(resource) {
                    throw .operationFailed(resource.inUseMessage(holder: other.name))
                }
            }
        }
    }

    /// What a live domain holds, parsed once per commit of the domain: re-parsing every
    /// other guest's XML on each attach made an attach cost grow with the number of guests.
    /// Read with `ParsedElement`, which frees what it parsed: the first attach after a
    /// restart reads every running guest (an `XMLDocument` each would stay, 30 KB apiece).
    func heldResources(of uuid: UUID) throws(HypervisorError) -> Set<HostResource> {
        if let held = heldResourceCache[uuid] { return held }
        let domain = try existing(uuid)
        guard let xml = domain.liveXML else { return [] }
        let root = try ParsedElement.parse(xml, root: "domain", what: "the live XML of domain '\(domain.name)'")
        let devices = root.firstChild(named: "devices")?.children.compactMap { GuestDevice(domainElement: $0) } ?? []
        let held = Set(devices.map(HostResource.init))
        heldResourceCache[uuid] = held
        return held
    }
}
