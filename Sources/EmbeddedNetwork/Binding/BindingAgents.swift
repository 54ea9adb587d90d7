import Foundation
import NetworkModel

/// Which hosts run a live "NIC Switch agent" and which physnets its `device_mappings`
/// cover (openstack-parts §1.4): sriovnicswitch binds `direct`/`macvtap` only there. The
/// app derives it from the host's device_spec and may replace it when that changes; with a
/// `directory` (several hosts on one network) a binding that names a host not known yet
/// reads every host's agents again first (`learn(host:)`).
///
/// `@unchecked Sendable` is safe because the only mutable state, `mappings`, is private and
/// read or written only while holding `lock`; the lock itself is never exposed, and
/// `directory` is an immutable `Sendable` value.
public final class BindingAgents: @unchecked Sendable {
    private let lock = NSLock()
    private var mappings: [String: Set<String>]
    /// The other hosts' agents, re-read for a host not known yet; nil on a single host.
    public let directory: (any AgentDirectory)?

    public init(_ mappings: [String: Set<String>] = [:], directory: (any AgentDirectory)? = nil) {
        self.mappings = mappings
        self.directory = directory
    }

    /// Before a binding on `host`: when no agent of that host is known and there is a
    /// directory, reads every host's agents from it and merges them over the known ones (a
    /// host the directory does not list keeps the agent it was given). Returns whether the
    /// host has an agent now. A directory that cannot be read throws: the binding must not
    /// be failed as "no agent" for it.
    @discardableResult
    public func learn(host: String) async throws -> Bool {
        guard !host.isEmpty, physicalNetworks(onHost: host) == nil, let directory else {
            return physicalNetworks(onHost: host) != nil
        }
        let read = try await directory.physicalNetworksByHost()
        lock.withLock { mappings.merge(read) { _, fresh in fresh } }
        return physicalNetworks(onHost: host) != nil
    }

    /// Registers (or replaces) the agent of `host`.
    public func setAgent(host: String, physicalNetworks: Set<String>) {
        lock.withLock { mappings[host] = physicalNetworks }
    }

    /// The host loses its agent: later `direct`/`macvtap` bindings there fail.
    public func removeAgent(host: String) {
        lock.withLock { _ = mappings.removeValue(forKey: host) }
    }

    /// Replaces every agent at once.
    public func replaceAll(_ mappings: [String: Set<String>]) {
        lock.withLock { self.mappings = mappings }
    }

    /// The physnets the host's agent maps, or `nil` when the host has no agent.
    public func physicalNetworks(onHost host: String) -> Set<String>? {
        lock.withLock { mappings[host] }
    }

    public var all: [String: Set<String>] {
        lock.withLock { mappings }
    }
}
