import PCI
import Store

extension ReleasePlan {
    /// Keeps the device the server's and quarantined with the reason (a claim is allocated
    /// first: it is in use as far as anyone can tell). A device the server no longer owns
    /// (a delete or an operator released it meanwhile) is left alone.
    func hold(in engine: inout PCIClaimEngine, reason: String) throws {
        guard let slot, let device = engine.device(at: slot), device.instanceUUID == serverID else { return }
        if device.status == .claimed { try engine.allocate(slot, for: serverID) }
        try engine.quarantine(slot, instance: serverID, reason: reason)
    }

    /// Records the interface and the request with a held device, as a commit records them,
    /// so that a detach, a delete or the retry finds them (unless the server is gone, or
    /// the port's row is another server's).
    func recordHeld(in db: StoreTransaction) throws {
        guard try ServerRecords.exists(serverID, in: db) else { return }
        if try VIFRecords.fetch(portID: portID, in: db).map({ $0.serverID == serverID }) ?? true {
            try VIFRecords.save(interface, in: db)
        }
        if let request { try PCIRequestRecords.save(request, serverID: serverID, in: db) }
    }
}
