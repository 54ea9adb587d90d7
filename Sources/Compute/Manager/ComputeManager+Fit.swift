import ComputeModel
import Foundation
import PCI
import Store

extension ComputeManager {
    /// The attach's own checks, in its order, up to and including the claim, without any
    /// of its effects: no action recorded, no claim, no bind. The claim is tried on a copy
    /// of the engine, so its answer (device or explanation) is the one an attach made now
    /// would get. Only an unknown server throws; every other refusal is the answer.
    public func portFit(_ portID: String, on serverID: UUID, context: RequestContext) async throws(ComputeError) -> PortFit {
        let (server, flavor, hasInterface) = try await read { db in
            let server = try Self.visibleServer(serverID, context: context, in: db)
            return (server, try FlavorRecords.fetch(server.flavorID, in: db), try VIFRecords.fetch(portID: portID, in: db) != nil)
        }
        var fit = PortFit(serverID: serverID.uuidString.lowercased(), portID: portID, vnicType: nil, device: nil, refusal: nil)
        do throws(ComputeError) {
            try Self.requireUnlocked(server, context: context)
            try Self.requireState(server, [.active, .paused, .stopped], operation: "attach_interface")
            guard !hasInterface else { throw ComputeError.portInUse(portID) }
            let (_, vnicType, request) = try await prepareAttach(portID: portID, server: server, flavor: flavor)
            fit.vnicType = vnicType.rawValue
            let numa = server.numaCells.map(InstanceNUMATopology.init(cells:))
            // A normal port claims nothing: it fits wherever the attach's checks pass.
            guard let request else { return fit }
            do {
                fit.device = try await tracker.preview(request, for: serverID, numa: numa)
            } catch {
                throw ComputeError.noDeviceAvailable(error.message(context: "during interface attach"))
            }
        } catch {
            fit.refusal = error
        }
        return fit
    }
}
