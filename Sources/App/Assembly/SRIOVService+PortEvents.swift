import ComputeModel
import Foundation

extension SRIOVService {
    /// Who the embedded network's events are recorded as (the instance action's user),
    /// as the retries record theirs.
    static let networkEventUser = "sriov-compute"

    /// Connects the embedded network's notifier to this compute service: a port deleted
    /// while a server uses it reaches the manager as `network-vif-deleted`, as Neutron's
    /// Nova notifier sends it to the Compute API. In process, so it needs no credentials;
    /// through the cluster's decorator, so a port of a server on another host reaches it.
    func connectPortEvents() async {
        guard let embeddedNetwork else { return }
        let manager = compute, logger = logger
        await embeddedNetwork.notifier.connect { portID, deviceID in
            // A device_id that is not a UUID names no server of ours (any client may set it).
            guard let serverID = UUID(uuidString: deviceID) else { return }
            let context = RequestContext(userID: Self.networkEventUser, projectID: "", isAdmin: true,
                                         requestID: "req-" + UUID().uuidString.lowercased())
            let event = ExternalEvent(serverID: serverID, name: .networkVIFDeleted, tag: portID)
            do {
                let disposition = try await manager.deliverExternalEvents([event], context: context)
                logger.info("network-vif-deleted of port \(portID) for \(deviceID): \(disposition)")
            } catch {
                logger.error("network-vif-deleted of port \(portID) for \(deviceID) was not delivered: \(error)")
            }
        }
    }
}
