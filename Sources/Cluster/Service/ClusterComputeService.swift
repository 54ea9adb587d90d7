import Compute
import ComputeModel
import Foundation
import Logging
import PCI
import Store

/// The compute service of a host in a cloud of several: wraps the host's own
/// `ComputeManager` so that every operation on a server runs on the host that runs the
/// server. The API sees only `ComputeService` and validates, authorises and negotiates
/// once, here; an operation on a server of another host that is up is forwarded to it as
/// a signed typed call (`PeerClient`), one on a server of a host that is down is refused at
/// once (409) with nothing changed. Reads (lists, shows, interfaces, actions) come from
/// the shared database on any host, whoever runs the server. With one host every call is
/// local: the decorator only reads where the server runs.
public final class ClusterComputeService: ComputeService {
    public let local: ComputeManager
    let peers: PeerClient
    let logger: Logger

    public init(local: ComputeManager, peers: PeerClient, logger: Logger) {
        self.local = local
        self.peers = peers
        self.logger = logger
    }

    /// `[cluster] service_down_time`: a host whose heartbeat is older is down.
    var downAfter: TimeInterval { local.configuration.serviceDownTime }

    var hostName: String { local.configuration.hostName }

    // MARK: Where a server runs

    /// Who runs a server, as the caller may know it.
    enum Owner {
        /// This host, or no such server (the local manager answers it as Nova does).
        case local
        case peer(ComputeHost)
    }

    /// The server's host: this one, or another that is up (to forward to). A server the
    /// caller may not see is the local manager's to refuse (not found); a host that is
    /// down, or that no longer has a service row, refuses at once.
    func owner(of id: UUID, context: RequestContext) async throws(ComputeError) -> Owner {
        let here = hostName
        // The host column first: a server of this host (every call on one host) is not
        // decoded here, only by the local manager that runs the call.
        let found = try await read { db -> (Server, ComputeHost?)? in
            guard let host = try ServerRecords.host(of: id, in: db), host != here, let server = try ServerRecords.fetch(id, in: db) else {
                return nil
            }
            return (server, try ServiceRecords.fetch(host: host, in: db))
        }
        guard let found, context.isAdmin || found.0.projectID == context.projectID else { return .local }
        let (server, service) = found
        guard let service else {
            throw .hostUnavailable(host: server.hostName, server: id, reason: "is not a registered compute service")
        }
        try requireUp(service, server: id)
        return .peer(service)
    }

    /// Refuses at once when `service` is down: forced down, or no heartbeat for longer than
    /// `service_down_time`. A disabled host is up (it only takes no new servers).
    func requireUp(_ service: ComputeHost, server: UUID?) throws(ComputeError) {
        let now = Date()
        guard !service.isUp(at: now, downAfter: downAfter) else { return }
        let reason = service.forcedDown
            ? "is forced down by an operator"
            : "is down: its last heartbeat was \(Int(now.timeIntervalSince(service.lastSeenAt))) s ago (service_down_time is \(Int(downAfter)) s)"
        throw .hostUnavailable(host: service.name, server: server, reason: reason)
    }

    /// A server of this host runs on the local manager with no read of where it runs (the
    /// one read an operation's first transaction makes is the manager's own; the owner is
    /// the local manager's, which keeps the owners it has read: `ServerOwners`); another
    /// host's goes through this service, which reads its host's service row and forwards
    /// (or refuses, when that host is down).
    public func service(running owner: ServerOwner) -> any ComputeService {
        owner.hostName == hostName ? local : self
    }

    public func serverOwner(id: UUID, context: RequestContext) async throws(ComputeError) -> ServerOwner {
        try await local.serverOwner(id: id, context: context)
    }

    /// Runs `call` where the server runs: `here` on this host, or forwarded.
    func routed<T: Sendable>(
        _ id: UUID, _ call: PeerCall, context: RequestContext,
        here: () async throws(ComputeError) -> T, answer: (PeerAnswer) throws(ComputeError) -> T
    ) async throws(ComputeError) -> T {
        switch try await owner(of: id, context: context) {
        case .local:
            return try await here()
        case .peer(let service):
            let reply = try await peers.send(call, context: context, to: service, server: id)
            if case .failed(let error) = reply { throw error }
            return try answer(reply)
        }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (StoreTransaction) throws -> T) async throws(ComputeError) -> T {
        try await local.read(body)
    }

    static func unexpectedAnswer(_ answer: PeerAnswer, to call: PeerCall) -> ComputeError {
        .unexpected(cause: "the \(call.name) call was answered with \(answer)")
    }

    // MARK: Operations on one server: where it runs

    public func deleteServer(id: UUID, context: RequestContext) async throws(ComputeError) {
        let call = PeerCall.delete(server: id)
        try await routed(id, call, context: context, here: { () async throws(ComputeError) in
            try await local.deleteServer(id: id, context: context)
        }, answer: { (answer: PeerAnswer) throws(ComputeError) in
            guard case .done = answer else { throw Self.unexpectedAnswer(answer, to: call) }
        })
    }

    public func perform(_ action: ServerAction, on id: UUID, context: RequestContext) async throws(ComputeError) {
        let call = PeerCall.perform(action, server: id)
        try await routed(id, call, context: context, here: { () async throws(ComputeError) in
            try await local.perform(action, on: id, context: context)
        }, answer: { (answer: PeerAnswer) throws(ComputeError) in
            guard case .done = answer else { throw Self.unexpectedAnswer(answer, to: call) }
        })
    }

    public func consoleOutput(of id: UUID, lines: Int?, context: RequestContext) async throws(ComputeError) -> String {
        let call = PeerCall.consoleOutput(server: id, lines: lines)
        return try await routed(id, call, context: context, here: { () async throws(ComputeError) in
            try await local.consoleOutput(of: id, lines: lines, context: context)
        }, answer: { (answer: PeerAnswer) throws(ComputeError) in
            guard case .text(let text) = answer else { throw Self.unexpectedAnswer(answer, to: call) }
            return text
        })
    }

    public func attachInterface(_ request: AttachInterfaceRequest, to server: UUID, context: RequestContext) async throws(ComputeError) -> InterfaceAttachment {
        let call = PeerCall.attach(request, server: server)
        return try await routed(server, call, context: context, here: { () async throws(ComputeError) in
            try await local.attachInterface(request, to: server, context: context)
        }, answer: { (answer: PeerAnswer) throws(ComputeError) in
            guard case .interface(let attachment) = answer else { throw Self.unexpectedAnswer(answer, to: call) }
            return attachment
        })
    }

    public func detachInterface(_ portID: String, from server: UUID, context: RequestContext) async throws(ComputeError) {
        let call = PeerCall.detach(port: portID, server: server)
        try await routed(server, call, context: context, here: { () async throws(ComputeError) in
            try await local.detachInterface(portID, from: server, context: context)
        }, answer: { (answer: PeerAnswer) throws(ComputeError) in
            guard case .done = answer else { throw Self.unexpectedAnswer(answer, to: call) }
        })
    }

    public func portFit(_ portID: String, on server: UUID, context: RequestContext) async throws(ComputeError) -> PortFit {
        let call = PeerCall.portFit(port: portID, server: server)
        return try await routed(server, call, context: context, here: { () async throws(ComputeError) in
            try await local.portFit(portID, on: server, context: context)
        }, answer: { (answer: PeerAnswer) throws(ComputeError) in
            guard case .portFit(let fit) = answer else { throw Self.unexpectedAnswer(answer, to: call) }
            return fit
        })
    }

    // MARK: Reads from the shared database, on any host

    public func servers(matching filter: ServerFilter, context: RequestContext) async throws(ComputeError) -> [Server] {
        try await local.servers(matching: filter, context: context)
    }

    public func server(id: UUID, context: RequestContext) async throws(ComputeError) -> Server {
        try await local.server(id: id, context: context)
    }

    public func addresses(of id: UUID, context: RequestContext) async throws(ComputeError) -> [String: [InterfaceAttachment.FixedIP]] {
        try await local.addresses(of: id, context: context)
    }

    public func interfaces(of server: UUID, context: RequestContext) async throws(ComputeError) -> [InterfaceAttachment] {
        try await local.interfaces(of: server, context: context)
    }

    public func interface(_ portID: String, of server: UUID, context: RequestContext) async throws(ComputeError) -> InterfaceAttachment {
        try await local.interface(portID, of: server, context: context)
    }

    public func instanceActions(of server: UUID, context: RequestContext) async throws(ComputeError) -> [InstanceAction] {
        try await local.instanceActions(of: server, context: context)
    }

    public func instanceAction(_ requestID: String, of server: UUID, context: RequestContext) async throws(ComputeError) -> InstanceAction {
        try await local.instanceAction(requestID, of: server, context: context)
    }

    // MARK: The catalogue (shared), and this host's own ledger and audit

    public func flavors(context: RequestContext) async throws(ComputeError) -> [Flavor] {
        try await local.flavors(context: context)
    }

    public func flavor(id: String, context: RequestContext) async throws(ComputeError) -> Flavor {
        try await local.flavor(id: id, context: context)
    }

    public func createFlavor(_ flavor: Flavor, context: RequestContext) async throws(ComputeError) -> Flavor {
        try await local.createFlavor(flavor, context: context)
    }

    public func deleteFlavor(id: String, context: RequestContext) async throws(ComputeError) {
        try await local.deleteFlavor(id: id, context: context)
    }

    public func setExtraSpecs(_ specs: [String: String], flavorID: String, context: RequestContext) async throws(ComputeError) -> [String: String] {
        try await local.setExtraSpecs(specs, flavorID: flavorID, context: context)
    }

    public func deleteExtraSpec(_ key: String, flavorID: String, context: RequestContext) async throws(ComputeError) {
        try await local.deleteExtraSpec(key, flavorID: flavorID, context: context)
    }

    public func images(context: RequestContext) async throws(ComputeError) -> [Image] {
        try await local.images(context: context)
    }

    public func pciDevices(context: RequestContext) async throws(ComputeError) -> [PCIDeviceListing] {
        try await local.pciDevices(context: context)
    }

    public func releaseQuarantinedDevice(_ address: PCIAddress, context: RequestContext) async throws(ComputeError) -> PCIDeviceListing {
        try await local.releaseQuarantinedDevice(address, context: context)
    }

    public func auditStatus(context: RequestContext) async throws(ComputeError) -> AuditStatus {
        try await local.auditStatus(context: context)
    }

    public func runAudit(heal: Bool, context: RequestContext) async throws(ComputeError) -> AuditReport {
        try await local.runAudit(heal: heal, context: context)
    }

    // The hosts of the cloud: rows of the shared database, which any host reads and writes.

    public func computeHosts(context: RequestContext) async throws(ComputeError) -> [ComputeHostStatus] {
        try await local.computeHosts(context: context)
    }

    public func updateComputeHost(_ host: String, _ update: ComputeHostUpdate, context: RequestContext) async throws(ComputeError) -> ComputeHostStatus {
        try await local.updateComputeHost(host, update, context: context)
    }

    public func deleteComputeHost(_ host: String, context: RequestContext) async throws(ComputeError) {
        try await local.deleteComputeHost(host, context: context)
    }

    public func hypervisors(context: RequestContext) async throws(ComputeError) -> [HypervisorSummary] {
        try await local.hypervisors(context: context)
    }
}
