import ComputeModel
import Foundation
import NetworkModel
import PCI
import Store
import Virt

/// Carries out a `BootMachine` under the server's lock; returns the server as the boot
/// left it (ACTIVE, or ERROR with everything released) and the boot's failure, if any.
struct BootRunner: Sendable {
    let manager: ComputeManager
    let server: Server
    let flavor: Flavor
    let ports: [BootPort]
    let context: RequestContext
    /// Placement chose this host (`BootMachine.withdrawsOnLostClaim`).
    var placed = false

    /// The server as the boot left it, and the boot's failure; `withdrawn` when the create
    /// left nothing behind (a placed boot's lost claim).
    func run() async -> (server: Server, failure: ComputeError?, withdrawn: Bool) {
        var machine = BootMachine(portCount: ports.count, withdrawsOnLostClaim: placed)
        var action = machine.start()
        var result = server
        while true {
            switch action {
            case .startDomain:
                action = await startDomain().map { machine.domainFailed($0) } ?? machine.domainStarted()
                Failpoints.reach("boot.after_define")
            case .attachPort(let index):
                action = await attach(ports[index]).map { machine.portFailed($0) } ?? machine.portAttached()
                Failpoints.reach("boot.after_port")
            case .activate:
                Failpoints.reach("boot.before_active")
                switch await activate() {
                case .success(let active):
                    result = active
                    action = machine.activated()
                case .failure(let error):
                    action = machine.activationFailed(error)
                }
            case .endInError(let error):
                manager.logger.warning("build of \(server.id) failed: \(error)")
                result = (try? await manager.endBuildInError(server.id, requestID: context.requestID)) ?? result
                action = machine.endedInError()
            case .withdraw(let error):
                manager.logger.warning("build of \(server.id) lost its claim, withdrawing the create: \(error)")
                action = await withdraw().map { machine.withdrawFailed($0) } ?? machine.withdrawn()
            case .finishSucceeded:
                return (result, nil, false)
            case .finishFailed(let error):
                return (result, error, false)
            case .finishWithdrawn(let error):
                return (result, error, true)
            }
        }
    }

    /// The domain a server boots as (and a rebuild recreates): named after its id, sized by
    /// its flavor, on its NUMA cells, booting its image.
    static func domainDefinition(of server: Server, flavor: Flavor) -> DomainDefinition {
        DomainDefinition(uuid: server.id, name: "instance-" + server.id.uuidString.lowercased().prefix(8),
                         vcpus: flavor.vcpus, memoryMB: flavor.ramMB, numaCells: server.numaCells, imageID: server.imageID)
    }

    private func startDomain() async -> ComputeError? {
        let definition = Self.domainDefinition(of: server, flavor: flavor)
        do {
            try await manager.hypervisor.define(definition)
            try await manager.hypervisor.start(server.id)
            return nil
        } catch {
            return .domainBuildFailed(server.id, cause: "\(error)")
        }
    }

    /// Under the port's lock, the port checked again: an attach to another server may have
    /// taken it since the boot's checks.
    private func attach(_ port: BootPort) async -> ComputeError? {
        let networkPort = port.port
        var prepared = AttachRunner(manager: manager, server: server, port: networkPort, vnicType: port.vnicType, request: port.request,
                                    tag: port.tag, context: context)
        prepared.portCreatedByCompute = port.createdByCompute
        let runner = prepared, manager = manager
        return await manager.holdingPort(networkPort.id) {
            await ComputeManager.outcome {
                if try await manager.read({ db in try VIFRecords.fetch(portID: networkPort.id, in: db) != nil }) {
                    throw ComputeError.portInUse(networkPort.id)
                }
                var runner = runner
                return try await runner.run(recordEvent: false)
            }
        }.error
    }

    /// Everything released through the server release (domain undefined, ports unbound,
    /// devices freed), the server removed, then its actions.
    private func withdraw() async -> ComputeError? {
        let manager = manager, id = server.id
        if let error = await ComputeManager.outcome({ try await manager.release(serverID: id, requestID: context.requestID) }).error {
            return error
        }
        do throws(ComputeError) {
            try await manager.write { db in try InstanceActionRecords.deleteAll(serverID: id, in: db) }
            return nil
        } catch {
            return error
        }
    }

    private func activate() async -> Result<Server, ComputeError> {
        var active = server
        active.vmState = .active
        active.launchedAt = Date()
        active.updatedAt = Date()
        let final = active
        do throws(ComputeError) {
            try await manager.write { db in try ServerRecords.update(final, in: db) }
            return .success(final)
        } catch {
            return .failure(error)
        }
    }
}
