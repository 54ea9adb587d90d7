import Foundation
import PCI

extension ComputeError {
    /// The sentence: Nova's text where Nova has one. The API shows it; logs and
    /// instance-action events record it.
    public var message: String {
        switch self {
        case .serverNotFound(let id): "Instance \(id.lowercasedString) could not be found."
        case .flavorNotFound(let id), .bootFlavorNotFound(let id): "Flavor \(id) could not be found."
        case .extraSpecNotFound(let flavor, let key): "Flavor \(flavor) has no extra specs with key \(key)."
        case .actionNotFound(let requestID): "Action \(requestID) not found"
        case .portNotFound(let id): "Port \(id) could not be found."
        case .networkNotFound(let id): "Network \(id) could not be found."
        case .interfaceNotFound(let port, let server): "Instance \(server.lowercasedString) does not have a port with id \(port)"
        case .portNotAttached(let port, let server): "Port \(port) is not attached to instance \(server.lowercasedString)"
        case .interfaceChanged(let port): "Port \(port) is not attached"
        case .deviceNotTracked(let address, let host): "PCI device \(address) is not tracked on \(host)."
        case .consoleNotAvailable: "Guest does not have a console available."
        case .serverNotReady(let id): "Instance \(id.lowercasedString) is not ready"
        case .policyRefused(let rule): "Policy doesn't allow \(rule) to be performed."
        case .serverLocked(let id): "Instance \(id.lowercasedString) is locked"
        case .invalidState(let server, let operation, .task(let task)):
            "Cannot '\(operation)' instance \(server.lowercasedString) while it is in task_state \(task)"
        case .invalidState(let server, let operation, .vm(let state)):
            "Cannot '\(operation)' instance \(server.lowercasedString) while it is in vm_state \(state.rawValue)"
        case .serverWithoutDomain(let server, let operation):
            "Cannot '\(operation)' instance \(server.lowercasedString): it has no domain, its boot failed"
        case .portInUse(let id): "Port \(id) is still in use."
        case .flavorExists(let id, let name): "Flavor with ID \(id) or name \(name) already exists."
        case .computeHostNotFound(let host): "Compute host \(host) could not be found."
        case .computeHostHasServers:
            "Unable to delete compute service that is hosting instances. Migrate or delete the instances first."
        case .quarantineReleaseRefused(let address, let refusal): refusal.sentence(address)
        case .nameFilterTooComplex(let steps, let limit):
            "The name filter is too complex: it compiles to \(steps) steps per character, more than \(limit)."
        case .invalidNUMANodesSpec(let nodes): "Validation failed; hw:numa_nodes '\(nodes)' must be a positive integer."
        case .invalidNUMAPolicySpec(let policy):
            "Validation failed; hw:pci_numa_affinity_policy '\(policy)' must be one of required, legacy, preferred, socket."
        case .imageNotFound(let id): "Image \(id) could not be found."
        case .rebuildImageNotFound: "Cannot find image for rebuild"
        case .automaticNetworksUnsupported:
            "networks 'auto' needs a network to allocate from; this service boots with 'none' or with existing ports ({\"port\": <id>})."
        case .portRequestedTwice(let id): "Port \(id) is requested more than once."
        case .bootNetworkNotFound(let id): "Network \(id) could not be found."
        case .invalidNUMANodes(let text, let flavor): "Invalid hw:numa_nodes '\(text)' in flavor \(flavor): expected a positive integer"
        case .tooManyNUMANodes(let flavor, let requested, let host): "Flavor \(flavor) asks for \(requested) NUMA nodes; this host has \(host)"
        case .attachWithoutPort(nil):
            "No specific port was requested: attach an existing port with port_id (this service does not create ports)."
        case .attachWithoutPort(let network?):
            "Attaching by network is not supported: create a port on network \(network) and attach it with port_id."
        case .unknownVNICType(let port, let vnicType): "Port \(port) has an unknown binding:vnic_type '\(vnicType)'."
        case .acceleratorPort: "Feature not supported with Ports that have accelerators."
        // Nova's AttachInterfaceWithQoSPolicyNotSupported, which it answered until it
        // accounted bandwidth in Placement; no bandwidth is accounted here.
        case .portWithResourceRequest(let server): "Attaching interfaces with QoS policy is not supported for instance \(server.lowercasedString)."
        case .portNotUsable(let port, let server): "Port \(port) not usable for instance \(server.lowercasedString)."
        case .invalidPCIRequest(let explanation), .noDeviceAvailable(let explanation): explanation
        case .vnicTypeNeedsNoDevice(let port, let vnicType):
            "Port \(port) has vnic_type \(vnicType), which this compute service does not attach: it attaches normal (virtio) ports and SR-IOV ports (direct, macvtap, direct-physical, vdpa, remote-managed)."
        case .vhostUserUnsupported: "vnic_type virtio-forwarder needs a vhost-user backend, which this compute service does not have."
        case .vnicTypeUnsupported(let vnicType): "vnic_type \(vnicType) is not supported by this compute service"
        case .networkRefused(let message), .networkConflict(let message), .networkTimedOut(let message),
             .networkUnreachable(let message), .inconsistent(let message):
            message
        case .networkUnavailable(let message): "The network service is unavailable: \(message)"
        case .databaseFailed(let writing, _): writing ? "The database could not be written." : "The database could not be read."
        case .serverStateUnknown(let id, _): "The hypervisor could not tell the state of \(id.lowercasedString)."
        case .consoleUnreadable(let id, _): "The console of \(id.lowercasedString) could not be read."
        case .powerActionFailed(let operation, let server, _): "The hypervisor refused '\(operation)' for \(server.lowercasedString)."
        case .domainBuildFailed(let id, _): "Failed to build the domain of \(id.lowercasedString)."
        case .domainDestroyFailed(let id, _): "Failed to destroy the domain of \(id.lowercasedString)."
        case .devicesReleaseFailed(let id, _): "Failed to release the devices of \(id.lowercasedString)."
        case .claimFailed: "PCI claim failed."
        case .bindingFailed(let port): "Binding failed for port \(port), please check neutron logs for more information."
        case .deviceAttachFailed(let server, _): "Failed to attach network adapter device to \(server.lowercasedString)."
        case .attachRecordFailed(let port, _): "Failed to record the attach of \(port)."
        case .macvtapWithoutNetdev(let address): "VF \(address) has no network interface to put a macvtap on"
        case .vifTypeUnpluggable(let port, let vifType, let reason):
            "Port \(port) was bound with binding:vif_type '\(vifType)', which this compute service cannot plug: \(reason)"
        case .vdpaWithoutDevice(let address): "device \(address) has no vDPA device"
        case .portsKeptBound(let server, let ports, _):
            "The network did not unbind port(s) \(ports.joined(separator: ", ")) of \(server.lowercasedString): the server stays, in ERROR, with their devices until a delete can unbind them."
        case .quarantineReleaseFailed(let address, _): "The ledger could not release PCI device \(address)."
        case .deviceLeftLedger(let address): "PCI device \(address) left the ledger while it was released."
        case .hostUnavailable(let host, let server, let reason):
            // Nova's ComputeServiceUnavailable, then what it means for the request.
            "Compute service of \(host) is unavailable at this time." + (server.map { " Server \($0.lowercasedString) runs there" } ?? " It")
                + " \(reason); nothing was changed: try again once the host is up."
        case .hostOutcomeUnknown(let host, _):
            "The call to compute host \(host) was sent but its answer was lost: whether it was carried out is unknown. The host finishes or undoes it by its own journal; look at the server again."
        case .hostCallRefused(let host, let reason): "The call to compute host \(host) was refused: \(reason)"
        case .placementLost(let host, let cause): "Host \(host) lost its devices to another request and undid the create: \(cause)"
        case .unexpected: "Unexpected error."
        case .cancelled: "The client closed the connection before the answer."
        }
    }

    /// The underlying failure (SQL, libvirt's text with its paths, a Swift error): for the
    /// log only, never for an answer.
    public var cause: String? {
        switch self {
        case .databaseFailed(_, let cause), .serverStateUnknown(_, let cause), .consoleUnreadable(_, let cause), .powerActionFailed(_, _, let cause),
             .domainBuildFailed(_, let cause), .domainDestroyFailed(_, let cause), .devicesReleaseFailed(_, let cause),
             .claimFailed(let cause), .deviceAttachFailed(_, let cause), .attachRecordFailed(_, let cause),
             .portsKeptBound(_, _, let cause), .quarantineReleaseFailed(_, let cause), .unexpected(let cause),
             .hostOutcomeUnknown(_, let cause):
            cause
        default:
            nil
        }
    }

    /// For logs: the sentence, and its cause when known.
    public var description: String {
        cause.map { "\(message) (cause: \($0))" } ?? message
    }
}

extension ComputeError.QuarantineRefusal {
    func sentence(_ address: PCIAddress) -> String {
        let refusal = "Cannot release PCI device \(address)"
        return switch self {
        case .notQuarantined(let status):
            "PCI device \(address) is \(status.rawValue), not quarantined: only a quarantined device can be released."
        case .changedMeanwhile: "\(refusal): it changed meanwhile; look again."
        case .guestsUnchecked(let problem): "\(refusal): whether a guest holds it could not be checked: \(problem)"
        case .portsUnchecked(let problem): "\(refusal): whether a port names it could not be checked: \(problem)"
        case .heldByGuests(let servers):
            "\(refusal): the guest of server \(servers.map(\.lowercasedString).sorted().joined(separator: ", ")) still holds it (live or persistent configuration)."
        case .namedByPorts(let ports): "\(refusal): port \(ports.joined(separator: ", ")) still names it in its binding profile."
        case .operationInFlight(let summary): "\(refusal): \(summary)."
        }
    }
}

extension UUID {
    /// How OpenStack writes ids.
    var lowercasedString: String { uuidString.lowercased() }
}
