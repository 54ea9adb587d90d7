import Foundation
import PCI
import Store

extension ComputeManager {
    /// Frees a device by an engine rule (`free`) and, in the same ledger transaction, drops
    /// the rows that gave it to `owner`: the owner's interfaces that name it and its PCI
    /// request (and whatever `alsoRecord` writes). Used where no operation will drop them:
    /// the audit freeing a device whose server is gone, an operator releasing a quarantined one.
    func freeDevice(
        _ address: PCIAddress, of owner: UUID, by free: @escaping @Sendable (inout PCIClaimEngine) throws -> Void,
        alsoRecord: @escaping @Sendable (StoreTransaction) throws -> Void = { _ in }
    ) async throws {
        try await tracker.update({ engine in
            let request = engine.device(at: address)?.requestID
            try free(&engine)
            return request
        }, record: { request, db in
            for interface in try VIFRecords.fetchAll(serverID: owner, in: db) where interface.pciSlot == address {
                try VIFRecords.delete(portID: interface.portID, in: db)
                if let other = interface.pciRequestID, other != request { try PCIRequestRecords.delete(other, in: db) }
            }
            if let request { try PCIRequestRecords.delete(request, in: db) }
            try alsoRecord(db)
        })
    }
}
