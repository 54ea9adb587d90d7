/// How a detach ended, when the hypervisor itself did not fail.
public enum DetachOutcome: Sendable, Hashable {
    /// Gone from persistent and live config (event received, or confirmed by re-reading live XML).
    case removed
    /// The device was in neither config (Nova treats this as success with a warning).
    case notFound
    /// The domain vanished (before or during the detach).
    case domainGone
    /// DEVICE_REMOVAL_FAILED event, or a persistent detach that did not take: stop at once.
    case removalFailed(String)
    /// The guest never released it: still in the live XML after every attempt.
    case timedOut(attempts: Int)
}
