import Foundation

/// A refusal or failure of the hypervisor; every message names the domain or device involved.
public enum HypervisorError: Error, Sendable, Hashable, CustomStringConvertible {
    case domainNotFound(UUID)
    /// The operation is not valid in the domain's state, e.g. start of a running domain.
    case invalidState(String)
    /// The hypervisor refused (attach error), with its message.
    case operationFailed(String)
    /// A broken invariant or unreadable state (corrupt domain file, device without alias).
    case internalError(String)

    public var description: String {
        switch self {
        case .domainNotFound(let uuid): "Domain not found: no domain with matching uuid '\(uuid.uuidString.lowercased())'"
        case .invalidState(let message): message
        case .operationFailed(let message): message
        case .internalError(let message): message
        }
    }
}
