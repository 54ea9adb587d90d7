/// How the libvirt driver notices a lost connection and how it connects again: keepalive
/// probes on the open connection, then attempts after a delay that doubles from
/// `initialDelay` up to `maximumDelay` and stays there. Attempts never stop: the service
/// is useless without libvirtd, so it keeps trying for as long as it runs, at most one
/// attempt per `maximumDelay`.
public struct ReconnectPolicy: Sendable, Hashable {
    /// The wait before the first attempt after a loss (libvirtd restarting needs a moment
    /// before its socket answers).
    public var initialDelay: Duration
    /// The longest wait between two attempts.
    public var maximumDelay: Duration
    /// `virConnectSetKeepAlive`: a probe after `keepAliveInterval` seconds of silence, and
    /// the connection counts as lost after `keepAliveCount` unanswered probes. This finds a
    /// daemon that hangs without closing its socket; a daemon that exits closes it, which
    /// the close callback reports at once.
    public var keepAliveInterval: Int32
    public var keepAliveCount: UInt32
    /// How long a detach already under way waits for a lost connection to come back before
    /// its next call fails. A detach is the one operation that runs on after its request
    /// was answered; giving up on it during a libvirtd restart would leave the device
    /// quarantined for a guest that may well have released it.
    public var inFlightDetachWait: Duration

    public init(
        initialDelay: Duration = .milliseconds(100), maximumDelay: Duration = .seconds(5), keepAliveInterval: Int32 = 5,
        keepAliveCount: UInt32 = 3, inFlightDetachWait: Duration = .seconds(60)
    ) {
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
        self.keepAliveInterval = keepAliveInterval
        self.keepAliveCount = keepAliveCount
        self.inFlightDetachWait = inFlightDetachWait
    }

    /// The wait before attempt `attempt` (counting from 1) of one reconnection:
    /// `initialDelay × 2^(attempt−1)`, never more than `maximumDelay`.
    public func delay(beforeAttempt attempt: Int) -> Duration {
        var delay = min(initialDelay, maximumDelay)
        var doublings = max(0, attempt - 1)
        while doublings > 0 && delay < maximumDelay {
            delay = min(delay * 2, maximumDelay)
            doublings -= 1
        }
        return delay
    }
}
