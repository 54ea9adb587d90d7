import App
import ArgumentParser
import ComputeModel
import Foundation
import JSONModel

/// `sriov-compute pci fit --server S --port P`: would the port attach to the server now?
/// The attach's own checks and claim, tried on a copy of the stored ledger (the service may
/// be running: nothing is locked, claimed, bound or recorded), as
/// `GET /v2.1/servers/{server_id}/os-interface-fit/{port_id}` answers while it runs.
struct PCIFitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Whether a port would attach to a server now, and why not (claims nothing; the service may run).")

    @OptionGroup var options: ConfigOption

    @Option(help: "The server's UUID.")
    var server: String

    @Option(help: "The port's id.")
    var port: String

    @Flag(help: "One JSON object, as the API answers.")
    var json = false

    func validate() throws {
        guard UUID(uuidString: server) != nil else { throw ValidationError("--server: '\(server)' is not a UUID") }
        guard !port.isEmpty else { throw ValidationError("--port must not be empty") }
    }

    func run() async throws {
        let configuration = try options.load()
        guard let serverID = UUID(uuidString: server) else { throw ValidationError("--server: '\(server)' is not a UUID") }
        let tools = try await LedgerToolsCommand.open(configuration, tool: "sriov-compute pci fit", exclusive: false)
        let context = RequestContext(userID: "sriov-compute", projectID: "admin", isAdmin: true,
                                     requestID: "req-" + UUID().uuidString.lowercased())
        let result: Result<PortFit, ComputeError>
        do {
            result = .success(try await tools.manager.portFit(port, on: serverID, context: context))
        } catch {
            result = .failure(error)
        }
        try await tools.shutdown()
        let fit: PortFit
        switch result {
        case .success(let answer): fit = answer
        case .failure(let error):
            FileHandle.standardError.write(Data("sriov-compute pci fit: \(error.message)\n".utf8))
            throw ExitCode(1)
        }
        if json {
            print(Self.json(fit).rendered)
        } else if let device = fit.device {
            print("fits: port \(fit.portID) (\(fit.vnicType ?? "?")) would get \(device.type.rawValue) \(device.address)"
                + " on NUMA node \(device.numaNode.map(String.init) ?? "-"), physnet \(device.physicalNetwork ?? "-")")
        } else {
            print("does not fit: \(fit.refusal?.message ?? "")")
        }
        // Scripts read the answer from the exit status: 0 fits, 2 does not.
        if !fit.fits { throw ExitCode(2) }
    }

    static func json(_ fit: PortFit) -> JSON {
        let device = fit.device
        return [
            "server_id": .string(fit.serverID), "port_id": .string(fit.portID), "fits": .bool(fit.fits),
            "vnic_type": .optional(fit.vnicType), "pci_slot": .optional(device?.address.description),
            "dev_type": .optional(device?.type.rawValue), "numa_node": device?.numaNode.map(JSON.int) ?? .null,
            "physical_network": .optional(device?.physicalNetwork), "reason": .optional(fit.refusal?.message),
        ]
    }
}
