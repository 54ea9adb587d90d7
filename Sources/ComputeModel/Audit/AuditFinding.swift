import Foundation
import PCI

/// One disagreement between the ledger and what the hypervisor, the host or the network
/// holds, and what the audit did about it.
public struct AuditFinding: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable, Comparable {
        /// A port bound to this host for a server that no longer exists. Heal: unbind it.
        case orphanPort = "port_of_missing_server"
        /// A port bound to this host for a server the ledger has no interface of it for.
        case unrecordedPort = "port_without_interface"
        /// A device the ledger gives to a server that no longer exists. Heal, when nothing
        /// holds it any more: free it.
        case orphanDevice = "device_of_missing_server"
        /// A guest holds a device the ledger gives to nobody. Heal: quarantine it to that server.
        case unownedDeviceInGuest = "device_in_guest_unowned"
        /// A guest or a port holds a device the ledger gives to another server.
        case contestedDevice = "device_held_by_another"
        /// A guest holds a device the ledger does not track.
        case untrackedDeviceInGuest = "untracked_device_in_guest"
        /// The ledger says a server's guest holds a device; its domain does not.
        case missingFromGuest = "device_missing_from_guest"
        /// A server that should have a domain has none.
        case domainVanished = "domain_vanished"
        /// A domain for which no server exists.
        case domainWithoutServer = "domain_without_server"
        /// A device the ledger tracks is no longer on the host. Heal: removed (when freed,
        /// if it is owned).
        case goneFromHost = "device_gone_from_host"
        /// The host has a device the device_spec selects that the ledger does not track.
        case newOnHost = "device_new_on_host"

        public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// What healing a finding does.
    public enum Remedy: String, Sendable, Hashable {
        case unbindPort = "unbind_port"
        case freeDevice = "free_device"
        case quarantineDevice = "quarantine_device"
        case removeDevice = "remove_device"
    }

    public enum Outcome: Sendable, Hashable {
        /// Nothing the audit can prove either way: for an operator.
        case reported
        /// Provable and healable; this audit only reports (run with heal to apply it).
        case healable
        /// Healable in kind, not now: why (an operation in flight, a source that could not
        /// be checked).
        case withheld(String)
        case healed
        /// The heal was tried and refused, with the reason; nothing changed.
        case healFailed(String)

        public var name: String {
            switch self {
            case .reported: "reported"
            case .healable: "healable"
            case .withheld: "withheld"
            case .healed: "healed"
            case .healFailed: "heal_failed"
            }
        }

        /// Whether a heal was tried (healed or refused).
        public var wasTried: Bool {
            switch self {
            case .healed, .healFailed: true
            case .reported, .healable, .withheld: false
            }
        }

        public var reason: String? {
            switch self {
            case .withheld(let reason), .healFailed(let reason): reason
            case .reported, .healable, .healed: nil
            }
        }
    }

    public var kind: Kind
    /// A sentence saying what disagrees, naming the device, server and port.
    public var message: String
    public var device: PCIAddress?
    public var server: UUID?
    public var port: String?
    public var remedy: Remedy?
    public var outcome: Outcome

    public init(kind: Kind, message: String, device: PCIAddress? = nil, server: UUID? = nil, port: String? = nil,
                remedy: Remedy? = nil, outcome: Outcome = .reported) {
        self.kind = kind
        self.message = message
        self.device = device
        self.server = server
        self.port = port
        self.remedy = remedy
        self.outcome = outcome
    }

    /// The same drift (kind and subject), whatever its outcome: how a heal recognises its
    /// finding when it checks again.
    public func isSameDrift(as other: AuditFinding) -> Bool {
        kind == other.kind && device == other.device && server == other.server && port == other.port
    }
}

extension AuditFinding: CustomStringConvertible {
    public var description: String {
        var text = "\(kind.rawValue): \(message)"
        if let remedy { text += " [\(remedy.rawValue): \(outcome.name)\(outcome.reason.map { ": " + $0 } ?? "")]" }
        return text
    }
}
