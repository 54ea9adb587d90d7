import Foundation
import PCI

public typealias PCIDeviceRow = PCIDevice

/// What the Compute API calls. Every method checks visibility (project isolation; admins
/// see everything) and throws `ComputeError`s, in the domain's terms; the API answers them as Nova.
public protocol ComputeService: Sendable {
    /// The service that runs operations on the server `owner` describes, which the caller
    /// has just looked up (the API looks up each server before an operation, for its
    /// policy): a service that routes operations by the server's host answers from it,
    /// without reading where it runs again. A server never changes host. Every other
    /// service runs them itself.
    func service(running owner: ServerOwner) -> any ComputeService

    /// Whose server `id` is and where it runs, when the caller may see it (as `server(id:)`:
    /// not found otherwise). What the API needs before an operation, which re-reads the
    /// server itself; a service may answer it without reading the server (it never changes).
    func serverOwner(id: UUID, context: RequestContext) async throws(ComputeError) -> ServerOwner

    // Servers
    func createServer(_ request: CreateServerRequest, context: RequestContext) async throws(ComputeError) -> Server
    func servers(matching filter: ServerFilter, context: RequestContext) async throws(ComputeError) -> [Server]
    func server(id: UUID, context: RequestContext) async throws(ComputeError) -> Server
    func deleteServer(id: UUID, context: RequestContext) async throws(ComputeError)
    func perform(_ action: ServerAction, on id: UUID, context: RequestContext) async throws(ComputeError)
    /// `os-getConsoleOutput`: the guest's serial console, its last `lines` lines when given.
    func consoleOutput(of id: UUID, lines: Int?, context: RequestContext) async throws(ComputeError) -> String
    /// The addresses of a server's ports, by network name (for the server view).
    func addresses(of id: UUID, context: RequestContext) async throws(ComputeError) -> [String: [InterfaceAttachment.FixedIP]]

    // Flavors and images
    func flavors(context: RequestContext) async throws(ComputeError) -> [Flavor]
    func flavor(id: String, context: RequestContext) async throws(ComputeError) -> Flavor
    func createFlavor(_ flavor: Flavor, context: RequestContext) async throws(ComputeError) -> Flavor
    func deleteFlavor(id: String, context: RequestContext) async throws(ComputeError)
    func setExtraSpecs(_ specs: [String: String], flavorID: String, context: RequestContext) async throws(ComputeError) -> [String: String]
    func deleteExtraSpec(_ key: String, flavorID: String, context: RequestContext) async throws(ComputeError)
    func images(context: RequestContext) async throws(ComputeError) -> [Image]

    // Interfaces
    func interfaces(of server: UUID, context: RequestContext) async throws(ComputeError) -> [InterfaceAttachment]
    func interface(_ portID: String, of server: UUID, context: RequestContext) async throws(ComputeError) -> InterfaceAttachment
    /// Synchronous: returns once the port is attached (or everything is rolled back).
    func attachInterface(_ request: AttachInterfaceRequest, to server: UUID, context: RequestContext) async throws(ComputeError) -> InterfaceAttachment
    /// Accepts the detach and returns; the detach completes in the background.
    func detachInterface(_ portID: String, from server: UUID, context: RequestContext) async throws(ComputeError)
    /// Whether `portID` would attach to `server` now, with the attach's own refusal when not;
    /// claims nothing, binds nothing, records no action. Throws only when the server is not
    /// found (or not visible).
    func portFit(_ portID: String, on server: UUID, context: RequestContext) async throws(ComputeError) -> PortFit

    // Instance actions
    func instanceActions(of server: UUID, context: RequestContext) async throws(ComputeError) -> [InstanceAction]
    func instanceAction(_ requestID: String, of server: UUID, context: RequestContext) async throws(ComputeError) -> InstanceAction

    // Events from other services
    /// Decides each event's fate now (in order) and handles the accepted ones after
    /// returning, as Nova's compute manager does after the API's answer.
    func deliverExternalEvents(_ events: [ExternalEvent], context: RequestContext) async throws(ComputeError) -> [ExternalEvent.Disposition]

    // Admin
    func pciDevices(context: RequestContext) async throws(ComputeError) -> [PCIDeviceListing]
    /// Frees a quarantined device once no guest and no port holds it; refuses, saying which
    /// holder it found or which source it could not check, otherwise.
    func releaseQuarantinedDevice(_ address: PCIAddress, context: RequestContext) async throws(ComputeError) -> PCIDeviceListing
    /// The last audit's report and the totals since the service started.
    func auditStatus(context: RequestContext) async throws(ComputeError) -> AuditStatus
    /// Runs an audit now; with `heal`, applies what it can prove.
    func runAudit(heal: Bool, context: RequestContext) async throws(ComputeError) -> AuditReport

    // The hosts of the cloud (admin; `os-services`, `os-hypervisors`, `os-availability-zone`),
    // read from the shared database so that every host answers the same.
    /// Every compute host, in the order they first registered, with whether it is up now.
    func computeHosts(context: RequestContext) async throws(ComputeError) -> [ComputeHostStatus]
    /// An operator's change to a host's service; the host as it now is.
    func updateComputeHost(_ host: String, _ update: ComputeHostUpdate, context: RequestContext) async throws(ComputeError) -> ComputeHostStatus
    /// Removes a host's service; refused while servers are on the host.
    func deleteComputeHost(_ host: String, context: RequestContext) async throws(ComputeError)
    /// Every host's hypervisor, with the servers on it and its PCI pools.
    func hypervisors(context: RequestContext) async throws(ComputeError) -> [HypervisorSummary]
}

extension ComputeService {
    public func service(running owner: ServerOwner) -> any ComputeService { self }

    public func serverOwner(id: UUID, context: RequestContext) async throws(ComputeError) -> ServerOwner {
        ServerOwner(try await server(id: id, context: context))
    }
}
