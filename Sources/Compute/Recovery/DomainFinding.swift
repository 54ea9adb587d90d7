import Foundation

/// A disagreement between the ledger and the domains the hypervisor actually has, found at
/// start-up. Reported (and logged), never acted on: the operator decides, since either
/// side may be the one that is wrong.
public enum DomainFinding: Sendable, Hashable, CustomStringConvertible {
    /// The server is in the ledger but the hypervisor has no domain for it.
    case domainVanished(server: UUID)
    /// The ledger says the port's device is in the server's domain; the domain XML has no such device.
    case missingFromDomain(server: UUID, port: String, device: String)
    /// The domain XML holds an SR-IOV-style device that no port of the server accounts for.
    case unknownInDomain(server: UUID, device: String)

    public var description: String {
        switch self {
        case .domainVanished(let server):
            "server \(server.uuidString.lowercased()) has no domain on the hypervisor"
        case .missingFromDomain(let server, let port, let device):
            "port \(port) of server \(server.uuidString.lowercased()) should hold \(device), which its domain does not have"
        case .unknownInDomain(let server, let device):
            "the domain of server \(server.uuidString.lowercased()) holds \(device), which no port in the ledger accounts for"
        }
    }
}
