import ComputeModel
import Foundation
import Virt

/// The knobs of the compute manager.
public struct ComputeConfiguration: Sendable {
    public var hostName: String
    /// How long and how often a detach waits for the guest (Nova: 20 s × 8).
    public var detachPolicy: DetachPolicy
    /// The images servers can boot from.
    public var images: [Image]
    /// `device_owner` of bound ports (Nova: `compute:<availability zone>`).
    public var deviceOwner: String
    /// How the audit rescans the host's devices; nil: the host is not rescanned (the audit
    /// reports it as not checked).
    public var hostRescan: HostRescan?
    /// Where attach and detach durations, rollbacks, detach timeouts and quarantines go.
    public var metrics: any OperationMetrics
    /// `[cluster] service_down_time` (Nova's name and default): a host whose last heartbeat
    /// is older than this is down.
    public var serviceDownTime: TimeInterval

    public init(hostName: String, detachPolicy: DetachPolicy = DetachPolicy(timeout: .seconds(20), attempts: 8),
                images: [Image] = [], deviceOwner: String = "compute:nova", hostRescan: HostRescan? = nil,
                metrics: any OperationMetrics = NoOperationMetrics(), serviceDownTime: TimeInterval = 60) {
        self.hostName = hostName
        self.detachPolicy = detachPolicy
        self.images = images
        self.deviceOwner = deviceOwner
        self.hostRescan = hostRescan
        self.metrics = metrics
        self.serviceDownTime = serviceDownTime
    }
}
