/// The libvirt driver's connection as operators (and the integration tests) see it.
public struct LibvirtConnectionStatus: Sendable, Hashable {
    /// False from the loss of a connection until the next one is open with its callbacks.
    public let isConnected: Bool
    /// Connections opened so far, the first included: 1 until the first reconnection.
    public let generation: Int
    /// Why the last connection was lost, or why the last attempt to reopen it failed.
    public let lastLoss: String?
    /// Unplugs found complete by the re-check after a reconnection (their events were lost
    /// with the old connection), each handed to its waiting detach.
    public let removalsFoundAfterReconnect: Int
    /// Live unplug requests whose device-removed (or removal-failed) event has not come.
    public let unplugsAwaitingEvents: Int
}
