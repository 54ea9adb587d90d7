import Compute
import ComputeModel
import Foundation
import Logging
import NetworkModel
import PCI
import Store
import Testing
import Virt

/// What the audit and quarantine tests need of a host: its parts swapped for failing ones,
/// and drift made behind the service's back in the files and rows each part keeps.
extension ComputeHost {
    static let member = RequestContext(userID: "alice", projectID: "demo", isAdmin: false, requestID: "req-alice")

    var sysfsRoot: String { directory + "/sys" }
    var domainDirectory: URL { URL(fileURLWithPath: directory + "/domains") }

    /// The same ledger and network with another hypervisor: a new simulated one on the same
    /// folder (as a process started now sees the domain files), or one that fails.
    func with(hypervisor: any Hypervisor) -> ComputeManager {
        ComputeManager(configuration: manager.configuration, database: database, tracker: manager.tracker, network: network,
                       hypervisor: hypervisor, logger: Self.quiet)
    }

    /// The same ledger and hypervisor with another network (one that fails).
    func with(network: any NetworkService) -> ComputeManager {
        ComputeManager(configuration: manager.configuration, database: database, tracker: manager.tracker, network: network,
                       hypervisor: hypervisor, logger: Self.quiet)
    }

    static var quiet: Logger {
        var logger = Logger(label: "computetest")
        logger.logLevel = .critical
        return logger
    }

    /// A running server with these ports attached (by `manager`, or this host's).
    func boot(ports: [String], by manager: ComputeManager? = nil) async throws -> UUID {
        let server = try await (manager ?? self.manager).createServer(
            CreateServerRequest(name: "vm", flavorID: "1", imageID: nil, networks: .list(ports.map { .port(id: $0, tag: nil) })),
            context: Self.admin)
        try #require(server.vmState == .active, "boot: \(server.vmState)")
        return server.id
    }

    /// A running server with one `direct` port attached: the port, the server, its VF.
    func serverWithVF() async throws -> (port: String, server: UUID, slot: PCIAddress) {
        let port = try await directPort()
        let server = try await boot(ports: [port])
        return (port, server, try await slot(of: port))
    }

    /// The device the ledger gave to the port's interface.
    func slot(of portID: String) async throws -> PCIAddress {
        let interface = try await database.read { db in try VIFRecords.fetch(portID: portID, in: db) }
        return try #require(interface?.pciSlot)
    }

    func device(_ address: PCIAddress) async -> PCIDevice? {
        await manager.tracker.device(at: address)
    }

    func port(_ id: String) async throws -> NetworkModel.Port {
        try await network.port(id: id)
    }

    /// Every rule of the ledger holds.
    func violations() async throws -> [String] {
        try await LedgerInvariants.violations(tracker: manager.tracker, database: database)
    }

    // MARK: Drift behind the service's back

    /// Adds `device` to the domain's file, live and persistent XML, as an operator editing
    /// libvirt's definitions by hand would; a hypervisor started now (`reopenedHypervisor`)
    /// sees it.
    func addToDomainFile(_ device: GuestDevice, domain: UUID) throws {
        let file = domainDirectory.appendingPathComponent(domain.uuidString.lowercased() + ".json")
        var document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        for key in ["persistentXML", "liveXML"] {
            guard let xml = document[key] as? String else { continue }
            document[key] = xml.replacingOccurrences(of: "</devices>", with: device.xml + "</devices>")
        }
        try JSONSerialization.data(withJSONObject: document).write(to: file, options: .atomic)
    }

    func reopenedHypervisor() throws -> SimulatedHypervisor {
        try SimulatedHypervisor(directory: domainDirectory, removalDelay: .zero, logger: Self.quiet)
    }

    /// Deletes the server's row as a stray `DELETE` would: its interfaces and PCI requests go
    /// with it (cascade); the ledger's devices, the domain and the port bindings stay.
    func deleteServerRow(_ id: UUID) async throws {
        try await database.write { db in try ServerRecords.delete(id, in: db) }
    }

    /// Binds a port to this host for `server` naming `slot`, as an operator or another
    /// service could through the networking API.
    func bindBehindTheBack(_ portID: String, server: UUID, slot: PCIAddress) async throws {
        _ = try await network.bindPort(portID, PortBinding(
            hostID: name, deviceID: server.uuidString.lowercased(), deviceOwner: "compute:nova",
            profile: ["pci_slot": .string(slot.description), "pci_vendor_info": "15b3:101e", "physical_network": "physnet2"]))
    }
}
