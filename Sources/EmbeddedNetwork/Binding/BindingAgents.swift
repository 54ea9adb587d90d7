import Foundation
import NetworkModel

/// Which hosts run a live "NIC Switch agent" and which physnets its `device_mappings`
/// cover (openstack-parts §1.4): sriovnicswitch binds `direct`/`macvtap` only there. The
/// app derives it from the host's device_spec and may replace it when that changes.
///
/// `@unchecked Sendable` is safe because the only stored state, `mappings`, is private and
/// read or written only while holding `lock`; the lock itself is never exposed.
public final class BindingAgents: @unchecked Sendable {
    private let lock = NSLock()
    private var mappings: [String: Set<String>]

    public init(_ mappings: [String: Set<String>] = [:]) {
        self.mappings = mappings
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
