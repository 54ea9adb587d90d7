import Foundation

extension PCIClaimEngine {
    /// A guest holds a device the ledger gives to nobody (the audit found it in a domain's
    /// XML): the device becomes that server's, quarantined with the reason and the time,
    /// and its PF/VF relatives follow as for an allocation, so it is never handed out while
    /// the guest has it. It carries no PCI request: no port asked for it.
    ///
    /// Only a free device is taken this way. One that is someone else's, or blocked by a
    /// relative in use, is a conflict between two holders: moving ownership would hide it.
    public mutating func quarantineFoundInGuest(
        _ address: PCIAddress, heldBy server: UUID, reason: String, at time: Date = Date()
    ) throws(PCIDeviceError) {
        let index = try index(of: address)
        let status = devices[Int(index)].status
        guard status == .available else {
            throw .invalidStatus(host: hostName, address: address, status: status, expected: [.available])
        }
        try allocateDevice(index, for: server)
        devices[Int(index)].requestID = nil
        devices[Int(index)].quarantineReason = reason
        devices[Int(index)].quarantinedAt = Self.wholeSeconds(time)
        setStatus(index, .quarantined)
        markDirty(index)
    }
}
