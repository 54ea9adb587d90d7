import Foundation

/// A compute host as the admin APIs show it: its service row and whether it is up now
/// (Nova's `service_is_up`: its heartbeat no older than `service_down_time`, and not
/// forced down), decided once by the service so that every view of one answer agrees.
public struct ComputeHostStatus: Sendable, Hashable {
    public var host: ComputeHost
    public var isUp: Bool

    public init(host: ComputeHost, isUp: Bool) {
        self.host = host
        self.isUp = isUp
    }
}
