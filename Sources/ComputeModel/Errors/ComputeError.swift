import Foundation
import PCI

/// What went wrong, in the compute service's terms: the thing that is missing, the rule
/// that refuses, the part that failed. The API (`ComputeAPI`) decides how each is answered
/// (Nova's status, fault and exception class); nothing here knows HTTP.
///
/// `description` says it in a sentence — Nova's own where Nova has one, since clients and
/// operators know those — and is what logs and instance-action events record.
public enum ComputeError: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    // MARK: Something named does not exist (or is not the caller's to see)
    case serverNotFound(UUID)
    case flavorNotFound(String)
    case extraSpecNotFound(flavor: String, key: String)
    case actionNotFound(requestID: String)
    /// The network has no such port.
    case portNotFound(String)
    case networkNotFound(String)
    /// The server has no interface on this port (showing one).
    case interfaceNotFound(port: String, server: UUID)
    /// Detaching a port the server does not have.
    case portNotAttached(port: String, server: UUID)
    /// The interface a detach was accepted for changed before it started (a racing detach
    /// or re-attach).
    case interfaceChanged(port: String)
    case deviceNotTracked(PCIAddress, host: String)
    /// Nobody keeps the guest's console.
    case consoleNotAvailable

    // MARK: A rule refuses
    /// The caller's roles do not allow the policy rule.
    case policyRefused(rule: String)
    case serverLocked(UUID)
    /// The action is not allowed in the server's task or VM state.
    case invalidState(server: UUID, operation: String, state: ServerStateConflict)
    /// A power action on a server whose boot failed before its domain existed.
    case serverWithoutDomain(server: UUID, operation: String)
    /// The server has no domain to read from (its boot failed).
    case serverNotReady(UUID)
    /// The port is bound to a server (this one or another).
    case portInUse(String)
    case flavorExists(id: String, name: String)
    /// No compute service of that host is registered (deleted meanwhile, or never started).
    case computeHostNotFound(String)
    /// A compute service cannot be deleted while servers are on its host.
    case computeHostHasServers(String)
    /// A quarantined device an operator asked to release is held, unchecked, or not
    /// quarantined at all.
    case quarantineReleaseRefused(PCIAddress, QuarantineRefusal)
    /// The server's host is down (its heartbeat older than `service_down_time`, or forced
    /// down), or could not be reached before the call was sent: nothing was started.
    case hostUnavailable(host: String, server: UUID?, reason: String)

    // MARK: The request cannot be carried out as asked
    case nameFilterTooComplex(steps: Int, limit: Int)
    case invalidNUMANodesSpec(String)
    case invalidNUMAPolicySpec(String)
    /// A boot names a flavor that does not exist (the request is wrong, where a lookup of
    /// the flavor finds nothing: `flavorNotFound`).
    case bootFlavorNotFound(String)
    case imageNotFound(String)
    /// A rebuild names an image this service does not have (Nova's 400).
    case rebuildImageNotFound(String)
    case automaticNetworksUnsupported
    case portRequestedTwice(String)
    /// A boot's `{"uuid": network}` names a network the network service does not have
    /// (400 on a boot, as Nova's NetworkNotFound there).
    case bootNetworkNotFound(String)
    case invalidNUMANodes(String, flavor: String)
    case tooManyNUMANodes(flavor: String, requested: Int, host: Int)
    /// An attach without a port (by network, or by nothing).
    case attachWithoutPort(network: String?)
    case unknownVNICType(port: String, vnicType: String)
    case acceleratorPort
    /// The port asks for bandwidth (Neutron's `resource_request`), which is not accounted here.
    case portWithResourceRequest(server: UUID)
    case portNotUsable(port: String, server: UUID)
    /// The port's attributes make no valid PCI request (the explanation is the PCI rule's).
    case invalidPCIRequest(String)
    case vnicTypeNeedsNoDevice(port: String, vnicType: String)
    case vhostUserUnsupported
    case vnicTypeUnsupported(String)
    /// No free device can serve the claim; the explanation says why (the claim engine's).
    case noDeviceAvailable(String)
    /// The network refused the request's input (its message).
    case networkRefused(String)
    /// The network refused because of a conflict with its state (its message).
    case networkConflict(String)

    // MARK: A part failed
    case databaseFailed(writing: Bool, cause: String)
    /// The network answered with a failure or refused the service's credentials.
    case networkUnavailable(String)
    /// The network did not answer in time; the request may have been applied.
    case networkTimedOut(String)
    /// No connection to the network could be made.
    case networkUnreachable(String)
    case serverStateUnknown(UUID, cause: String)
    case consoleUnreadable(UUID, cause: String)
    case powerActionFailed(operation: String, server: UUID, cause: String)
    case domainBuildFailed(UUID, cause: String)
    case domainDestroyFailed(UUID, cause: String)
    case devicesReleaseFailed(UUID, cause: String)
    case claimFailed(cause: String)
    case bindingFailed(port: String)
    case deviceAttachFailed(server: UUID, cause: String)
    case attachRecordFailed(port: String, cause: String)
    case macvtapWithoutNetdev(PCIAddress)
    case vdpaWithoutDevice(PCIAddress)
    /// A normal port bound with a vif type (or details) the libvirt driver cannot plug.
    case vifTypeUnpluggable(port: String, vifType: String, reason: String)
    /// A delete or a failed boot's release could not unbind these ports: the server stays
    /// in ERROR with their devices.
    case portsKeptBound(server: UUID, ports: [String], cause: String)
    case quarantineReleaseFailed(PCIAddress, cause: String)
    case deviceLeftLedger(PCIAddress)
    /// Something the service's own bookkeeping should have prevented.
    case inconsistent(String)
    /// A call to the server's host was sent and its answer lost: whether it ran is not
    /// known (the host finishes or undoes it by its own journal).
    case hostOutcomeUnknown(host: String, cause: String)
    /// A call to another host was refused: by that host (the signature), or before it was
    /// sent (this host has no secret to sign with). Nothing ran.
    case hostCallRefused(host: String, reason: String)
    /// The host placement chose lost the race for its devices: it undid everything of the
    /// create (no server, no claim, ports unbound) and the receiving host tries the next.
    case placementLost(host: String, cause: String)
    /// An error nobody foresaw.
    case unexpected(cause: String)
    /// The caller's task was cancelled (its client went away); nobody reads the answer.
    case cancelled

    /// Which state refused an action.
    public enum ServerStateConflict: Sendable, Hashable, Codable {
        case task(String)
        case vm(VMState)
    }

    /// Why a quarantined device was not released.
    public enum QuarantineRefusal: Sendable, Hashable, Codable {
        case notQuarantined(PCIDeviceStatus)
        case changedMeanwhile
        case guestsUnchecked(String)
        case portsUnchecked(String)
        case heldByGuests([UUID])
        /// "<port> (bound to this host for '<device_id>')", one per port.
        case namedByPorts([String])
        case operationInFlight(String)
    }
}
