import Foundation
@testable import Virt

/// A `DetachBackend` that answers from a script and records what the driver asked, so the
/// driver's sequencing (waiter before request, waiter dropped after errors) is visible.
actor ScriptedDetachBackend: DetachBackend {
    nonisolated let deviceEvents = DeviceEventWaiters()

    /// nil: the domain does not exist.
    var state: DomainState?
    var persistentPresent: Bool
    var livePresent: Bool
    let liveAlias: String?
    /// The answer to each live request in turn; accepted once the list runs out.
    var liveAnswers: [DetachRequestError?]
    let persistentAnswer: DetachRequestError?
    /// What the guest does *during* an accepted live request: an event then, before the
    /// request returns, as a fast guest may. nil: it does nothing.
    let guestReaction: DeviceEvent?
    /// The earlier, pending unplug completes while the new request is refused as busy.
    let earlierUnplugCompletesOnBusy: Bool
    /// The domain is gone when the driver re-reads the live config.
    let vanishOnLiveReread: Bool
    let lookupError: HypervisorError?

    private(set) var calls: [String] = []
    /// For each event sent: how many registered waiters it reached.
    private(set) var eventReach: [Int] = []
    private(set) var liveRequests: [DomainDevice] = []

    init(
        state: DomainState? = .running, persistentPresent: Bool = true, livePresent: Bool = true, liveAlias: String? = "hostdev0",
        liveAnswers: [DetachRequestError?] = [], persistentAnswer: DetachRequestError? = nil, guestReaction: DeviceEvent? = .removed,
        earlierUnplugCompletesOnBusy: Bool = false, vanishOnLiveReread: Bool = false, lookupError: HypervisorError? = nil
    ) {
        self.state = state
        self.persistentPresent = persistentPresent
        self.livePresent = livePresent
        self.liveAlias = liveAlias
        self.liveAnswers = liveAnswers
        self.persistentAnswer = persistentAnswer
        self.guestReaction = guestReaction
        self.earlierUnplugCompletesOnBusy = earlierUnplugCompletesOnBusy
        self.vanishOnLiveReread = vanishOnLiveReread
        self.lookupError = lookupError
    }

    func domainState(of domain: UUID) async throws(HypervisorError) -> DomainState {
        calls.append("state")
        guard let state else { throw .domainNotFound(domain) }
        return state
    }

    func findDevice(_ device: GuestDevice, in domain: UUID, live: Bool) async throws(HypervisorError) -> DomainDevice? {
        calls.append(live ? "find live" : "find persistent")
        if let lookupError { throw lookupError }
        if live, vanishOnLiveReread, calls.contains(where: { $0.hasPrefix("detach live") }) { state = nil }
        guard state != nil else { throw .domainNotFound(domain) }
        guard live ? livePresent : persistentPresent else { return nil }
        return DomainDevice(device: device, alias: live ? liveAlias : nil, xml: "<hostdev/>")
    }

    func detachFromPersistentConfig(_ device: DomainDevice, of domain: UUID) async throws(DetachRequestError) {
        calls.append("detach persistent")
        if let persistentAnswer { throw persistentAnswer }
        persistentPresent = false
    }

    func detachFromLiveConfig(_ device: DomainDevice, of domain: UUID) async throws(DetachRequestError) {
        calls.append("detach live")
        liveRequests.append(device)
        let answer = liveAnswers.isEmpty ? nil : liveAnswers.removeFirst()
        if let answer {
            if case .unplugInProgress = answer, earlierUnplugCompletesOnBusy { await guestReacts(alias: device.alias, domain: domain) }
            throw answer
        }
        await guestReacts(alias: device.alias, domain: domain)
    }

    func waiterCount() async -> Int {
        await deviceEvents.count
    }

    private func guestReacts(alias: String?, domain: UUID) async {
        guard let guestReaction, let alias else { return }
        if guestReaction == .removed { livePresent = false }
        eventReach.append(await deviceEvents.deliver(guestReaction, domain: domain, alias: alias))
    }
}
