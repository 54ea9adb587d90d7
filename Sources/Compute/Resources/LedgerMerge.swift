import PCI

/// What the ledger holds after a restart: stored statuses and owners for devices the host
/// still has (with the host's fresh facts), new devices as available, and devices that
/// vanished kept only while someone owns them (they are never handed out again).
struct LedgerMerge {
    var devices: [PCIDevice] = []
    var dropped: [PCIAddress] = []
    var warnings: [String] = []

    init(stored: [PCIDevice], discovered: [PCIDevice]) {
        let storedByAddress = Dictionary(stored.map { ($0.address, $0) }, uniquingKeysWith: { first, _ in first })
        let discoveredAddresses = Set(discovered.map(\.address))
        for fresh in discovered {
            guard let old = storedByAddress[fresh.address] else {
                devices.append(fresh)
                continue
            }
            var merged = fresh
            merged.status = old.status == .removed || old.status == .deleted ? .available : old.status
            merged.instanceUUID = old.instanceUUID
            merged.requestID = old.requestID
            merged.quarantineReason = old.quarantineReason
            merged.quarantinedAt = old.quarantinedAt
            devices.append(merged)
        }
        for old in stored where !discoveredAddresses.contains(old.address) {
            if old.status.isOwned {
                var kept = old
                kept.removeWhenFreed = true
                devices.append(kept)
                warnings.append("PCI device \(old.address) vanished from the host while owned by \(old.instanceUUID?.uuidString.lowercased() ?? "?"); kept until freed")
            } else {
                dropped.append(old.address)
            }
        }
    }
}
