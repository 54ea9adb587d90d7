import ComputeModel
import Foundation
import PCI

/// An in-memory `ComputeService` for the API tests: it holds a small catalogue, answers the
/// way the real service would for visible/missing objects, records every call, and can be
/// told to fail any method with a given `ComputeError`.
actor RecordingComputeService: ComputeService {
    enum Call: Sendable, Hashable {
        case createServer(CreateServerRequest, RequestContext)
        case servers(ServerFilter, RequestContext)
        case deleteServer(UUID)
        case perform(ServerAction, UUID)
        case createFlavor(Flavor)
        case deleteFlavor(String)
        case setExtraSpecs([String: String], String)
        case deleteExtraSpec(String, String)
        case attach(AttachInterfaceRequest, UUID)
        case detach(String, UUID)
        case pciDevices(RequestContext)
        case releaseDevice(PCIAddress)
        case auditStatus
        case runAudit(heal: Bool)
        case externalEvents([ExternalEvent], RequestContext)
        case computeHosts(RequestContext)
        case updateComputeHost(String, ComputeHostUpdate)
        case deleteComputeHost(String)
        case hypervisors(RequestContext)
    }

    var servers: [Server] = []
    var flavors: [Flavor] = []
    var images: [Image] = []
    var attachments: [UUID: [InterfaceAttachment]] = [:]
    var addressesByServer: [UUID: [String: [InterfaceAttachment.FixedIP]]] = [:]
    var actions: [UUID: [InstanceAction]] = [:]
    var pci: [PCIDeviceListing] = []
    var audit = AuditStatus(last: nil, totals: AuditTotals())
    /// The hosts of the cloud; each host's servers and PCI pools for `hypervisors`.
    var hosts: [ComputeHostStatus] = []
    var hostedServers: [String: [HypervisorSummary.HostedServer]] = [:]
    var pools: [String: [PCIPoolSummary]] = [:]
    /// Method name → the error it throws.
    var failures: [String: ComputeError] = [:]
    private(set) var calls: [Call] = []

    func fail(_ method: String, with error: ComputeError) { failures[method] = error }
    func add(_ server: Server) { servers.append(server) }
    func add(_ flavor: Flavor) { flavors.append(flavor) }
    func setImages(_ list: [Image]) { images = list }
    func setAttachments(_ list: [InterfaceAttachment], for server: UUID) { attachments[server] = list }
    func setAddresses(_ map: [String: [InterfaceAttachment.FixedIP]], for server: UUID) { addressesByServer[server] = map }
    func setActions(_ list: [InstanceAction], for server: UUID) { actions[server] = list }
    func setPCI(_ list: [PCIDeviceListing]) { pci = list }
    func setAudit(_ status: AuditStatus) { audit = status }
    func setHosts(_ list: [ComputeHostStatus]) { hosts = list }
    func setHostedServers(_ list: [HypervisorSummary.HostedServer], on host: String) { hostedServers[host] = list }
    func setPools(_ list: [PCIPoolSummary], on host: String) { pools[host] = list }

    private func check(_ method: String) throws(ComputeError) {
        if let error = failures[method] { throw error }
    }

    private func visible(_ id: UUID, _ context: RequestContext) throws(ComputeError) -> Server {
        guard let server = servers.first(where: { $0.id == id }), context.isAdmin || server.projectID == context.projectID
        else { throw .serverNotFound(id) }
        return server
    }

    // Servers

    func createServer(_ request: CreateServerRequest, context: RequestContext) async throws(ComputeError) -> Server {
        calls.append(.createServer(request, context))
        try check("createServer")
        let server = Fixtures.server(name: request.name, project: context.projectID, user: context.userID,
                                     flavorID: request.flavorID, imageID: request.imageID, vmState: .building)
        servers.append(server)
        return server
    }

    func servers(matching filter: ServerFilter, context: RequestContext) async throws(ComputeError) -> [Server] {
        calls.append(.servers(filter, context))
        try check("servers")
        return servers.filter { server in
            (filter.allTenants ? filter.projectID.map { server.projectID == $0 } ?? true : server.projectID == context.projectID)
                && (filter.name.map { server.name.contains($0) } ?? true)
                && (filter.status.map { server.vmState.apiStatus == $0 } ?? true)
        }
    }

    func server(id: UUID, context: RequestContext) async throws(ComputeError) -> Server {
        try check("server")
        return try visible(id, context)
    }

    func deleteServer(id: UUID, context: RequestContext) async throws(ComputeError) {
        calls.append(.deleteServer(id))
        try check("deleteServer")
        _ = try visible(id, context)
        servers.removeAll { $0.id == id }
    }

    func perform(_ action: ServerAction, on id: UUID, context: RequestContext) async throws(ComputeError) {
        calls.append(.perform(action, id))
        try check("perform")
        _ = try visible(id, context)
    }

    func addresses(of id: UUID, context: RequestContext) async throws(ComputeError) -> [String: [InterfaceAttachment.FixedIP]] {
        try check("addresses")
        _ = try visible(id, context)
        return addressesByServer[id] ?? [:]
    }

    // Flavors and images

    func flavors(context: RequestContext) async throws(ComputeError) -> [Flavor] {
        try check("flavors")
        return flavors
    }

    func flavor(id: String, context: RequestContext) async throws(ComputeError) -> Flavor {
        try check("flavor")
        guard let flavor = flavors.first(where: { $0.id == id }) else { throw .flavorNotFound(id) }
        return flavor
    }

    func createFlavor(_ flavor: Flavor, context: RequestContext) async throws(ComputeError) -> Flavor {
        calls.append(.createFlavor(flavor))
        try check("createFlavor")
        flavors.append(flavor)
        return flavor
    }

    func deleteFlavor(id: String, context: RequestContext) async throws(ComputeError) {
        calls.append(.deleteFlavor(id))
        try check("deleteFlavor")
        flavors.removeAll { $0.id == id }
    }

    func setExtraSpecs(_ specs: [String: String], flavorID: String, context: RequestContext) async throws(ComputeError) -> [String: String] {
        calls.append(.setExtraSpecs(specs, flavorID))
        try check("setExtraSpecs")
        guard let index = flavors.firstIndex(where: { $0.id == flavorID }) else {
            throw .flavorNotFound(flavorID)
        }
        flavors[index].extraSpecs.merge(specs) { $1 }
        return flavors[index].extraSpecs
    }

    func deleteExtraSpec(_ key: String, flavorID: String, context: RequestContext) async throws(ComputeError) {
        calls.append(.deleteExtraSpec(key, flavorID))
        try check("deleteExtraSpec")
    }

    func images(context: RequestContext) async throws(ComputeError) -> [Image] {
        try check("images")
        return images
    }

    // Interfaces

    func interfaces(of server: UUID, context: RequestContext) async throws(ComputeError) -> [InterfaceAttachment] {
        try check("interfaces")
        _ = try visible(server, context)
        return attachments[server] ?? []
    }

    func interface(_ portID: String, of server: UUID, context: RequestContext) async throws(ComputeError) -> InterfaceAttachment {
        try check("interface")
        _ = try visible(server, context)
        guard let attachment = attachments[server]?.first(where: { $0.portID == portID }) else {
            throw .interfaceNotFound(port: portID, server: server)
        }
        return attachment
    }

    func attachInterface(_ request: AttachInterfaceRequest, to server: UUID, context: RequestContext) async throws(ComputeError) -> InterfaceAttachment {
        calls.append(.attach(request, server))
        try check("attachInterface")
        _ = try visible(server, context)
        let attachment = Fixtures.attachment(portID: request.portID ?? Fixtures.portID, tag: request.tag)
        attachments[server, default: []].append(attachment)
        return attachment
    }

    func detachInterface(_ portID: String, from server: UUID, context: RequestContext) async throws(ComputeError) {
        calls.append(.detach(portID, server))
        try check("detachInterface")
        _ = try visible(server, context)
    }

    func consoleOutput(of id: UUID, lines: Int?, context: RequestContext) async throws(ComputeError) -> String {
        try check("consoleOutput")
        _ = try visible(id, context)
        return "console of \(id.uuidString.lowercased()), lines \(lines.map(String.init) ?? "all")\n"
    }

    func portFit(_ portID: String, on server: UUID, context: RequestContext) async throws(ComputeError) -> PortFit {
        try check("portFit")
        _ = try visible(server, context)
        return PortFit(serverID: server.uuidString.lowercased(), portID: portID, vnicType: nil, device: nil,
                       refusal: .portInUse(portID))
    }

    // Instance actions

    func instanceActions(of server: UUID, context: RequestContext) async throws(ComputeError) -> [InstanceAction] {
        try check("instanceActions")
        _ = try visible(server, context)
        return actions[server] ?? []
    }

    func instanceAction(_ requestID: String, of server: UUID, context: RequestContext) async throws(ComputeError) -> InstanceAction {
        try check("instanceAction")
        _ = try visible(server, context)
        guard let action = actions[server]?.first(where: { $0.requestID == requestID }) else {
            throw .actionNotFound(requestID: requestID)
        }
        return action
    }

    // Admin

    func pciDevices(context: RequestContext) async throws(ComputeError) -> [PCIDeviceListing] {
        calls.append(.pciDevices(context))
        try check("pciDevices")
        return pci
    }

    func releaseQuarantinedDevice(_ address: PCIAddress, context: RequestContext) async throws(ComputeError) -> PCIDeviceListing {
        calls.append(.releaseDevice(address))
        try check("releaseQuarantinedDevice")
        guard let index = pci.firstIndex(where: { $0.device.address == address }) else {
            throw .deviceNotTracked(address, host: "compute0")
        }
        pci[index].device.status = .available
        pci[index].device.instanceUUID = nil
        pci[index].device.requestID = nil
        pci[index].device.quarantineReason = nil
        pci[index].device.quarantinedAt = nil
        return pci[index]
    }

    func auditStatus(context: RequestContext) async throws(ComputeError) -> AuditStatus {
        calls.append(.auditStatus)
        try check("auditStatus")
        return audit
    }

    func runAudit(heal: Bool, context: RequestContext) async throws(ComputeError) -> AuditReport {
        calls.append(.runAudit(heal: heal))
        try check("runAudit")
        let report = audit.last ?? AuditReport(host: "compute0", startedAt: Date(timeIntervalSince1970: 0),
                                               finishedAt: Date(timeIntervalSince1970: 0), healing: heal, findings: [], uncheckedSources: [:])
        return report
    }

    /// As the manager decides: servers of every project, the tag rule, then the host.
    func deliverExternalEvents(_ events: [ExternalEvent], context: RequestContext) async throws(ComputeError) -> [ExternalEvent.Disposition] {
        calls.append(.externalEvents(events, context))
        try check("deliverExternalEvents")
        return events.map { event in
            guard let server = servers.first(where: { $0.id == event.serverID }) else { return .serverNotFound }
            if event.name.requiresTag && event.tag == nil { return .tagMissing }
            return server.hostName.isEmpty ? .serverWithoutHost : .accepted
        }
    }

    // Hosts

    func computeHosts(context: RequestContext) async throws(ComputeError) -> [ComputeHostStatus] {
        calls.append(.computeHosts(context))
        try check("computeHosts")
        return hosts
    }

    func updateComputeHost(_ host: String, _ update: ComputeHostUpdate, context: RequestContext) async throws(ComputeError) -> ComputeHostStatus {
        calls.append(.updateComputeHost(host, update))
        try check("updateComputeHost")
        guard let index = hosts.firstIndex(where: { $0.host.name == host }) else { throw .computeHostNotFound(host) }
        if let disabled = update.disabled {
            hosts[index].host.disabled = disabled
            hosts[index].host.disabledReason = disabled ? update.disabledReason : nil
        }
        if let forcedDown = update.forcedDown {
            hosts[index].host.forcedDown = forcedDown
            if forcedDown { hosts[index].isUp = false }
        }
        return hosts[index]
    }

    func deleteComputeHost(_ host: String, context: RequestContext) async throws(ComputeError) {
        calls.append(.deleteComputeHost(host))
        try check("deleteComputeHost")
        guard hosts.contains(where: { $0.host.name == host }) else { throw .computeHostNotFound(host) }
        guard hostedServers[host, default: []].isEmpty else { throw .computeHostHasServers(host) }
        hosts.removeAll { $0.host.name == host }
    }

    func hypervisors(context: RequestContext) async throws(ComputeError) -> [HypervisorSummary] {
        calls.append(.hypervisors(context))
        try check("hypervisors")
        return hosts.map { HypervisorSummary(status: $0, servers: hostedServers[$0.host.name] ?? [], pciPools: pools[$0.host.name] ?? []) }
    }
}
