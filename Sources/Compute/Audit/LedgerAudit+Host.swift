import ComputeModel
import Foundation
import PCI

/// The ledger against a fresh scan of the host: devices gone, devices new.
extension LedgerAudit {
    func hostFindings() -> [Finding] {
        guard let scanned = snapshot.host.value else { return [] }
        let onHost = Set(scanned.map(\.address))
        var findings: [Finding] = []
        for device in snapshot.ledger where !device.status.isGone && !onHost.contains(device.address) {
            var finding = Finding(
                kind: .goneFromHost, message: "\(device.address) (\(device.status.rawValue)) is no longer on the host",
                device: device.address, server: device.instanceUUID, remedy: .removeDevice)
            if device.status.isOwned {
                if device.removeWhenFreed {
                    finding.message += "; the ledger keeps it for its owner until freed, then removes it"
                    finding.remedy = nil
                } else {
                    finding.message += "; its owner keeps it until it is freed, then it is removed"
                    finding.outcome = .healable
                }
            } else if device.status == .available {
                finding.outcome = .healable
            } else {
                finding.outcome = .withheld("a PF or VF related to it is in use; the next start of the service removes it")
            }
            findings.append(finding)
        }
        for device in scanned where ledger[device.address].map({ $0.status.isGone }) ?? true {
            findings.append(Finding(
                kind: .newOnHost,
                message: "\(device.address) (\(device.type.rawValue) \(device.vendorInfo)) is on the host and selected by the device_spec, but not in the ledger; the next start of the service adds it",
                device: device.address))
        }
        return findings
    }
}
