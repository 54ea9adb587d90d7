import Foundation
import Logging
import Virt

/// Keeps the libvirt driver connected: holds the current session, learns of its loss (the
/// close callback, or a call that failed the way a dead connection fails), opens the next
/// one with `ReconnectStateMachine`'s backoff, and then re-checks the unplugs whose events
/// the loss may have swallowed.
///
/// Calls made while disconnected fail at once with "no connection" (`session()`), never
/// with "not found": nothing can be known about a domain without libvirtd. A detach
/// already under way may wait for the reconnection instead (`waitForSession(upTo:)`).
actor SessionSupervisor {
    nonisolated let uri: String
    nonisolated let waiters: DeviceEventWaiters
    nonisolated let pendingUnplugs: PendingUnplugs
    private let logger: Logger
    private var machine: ReconnectStateMachine
    private var current: LibvirtSession?
    private var lastLoss: String?
    private var removalsFoundAfterReconnect = 0
    private var sessionWaiters: [UInt64: (continuation: CheckedContinuation<Void, Never>, timer: Task<Void, Never>)] = [:]
    private var nextWaiterID: UInt64 = 0
    /// The scheduled reconnection attempt, cancelled if the supervisor goes first.
    private var reconnectTask: Task<Void, Never>?
    /// Losses reported from the event-loop thread (close callbacks).
    private let losses: AsyncStream<(generation: Int, reason: String)>.Continuation

    /// Opens the first session, on the caller's thread. When libvirtd does not answer
    /// (`isDaemonUnreachable`), the supervisor starts disconnected and keeps trying, so the
    /// service starts and serves meanwhile (issue 11); any other refusal (no such driver,
    /// authentication) is a configuration error and is thrown.
    init(uri: String, policy: ReconnectPolicy, waiters: DeviceEventWaiters, logger: Logger) throws(LibvirtError) {
        self.uri = uri
        self.waiters = waiters
        self.logger = logger
        let pendingUnplugs = PendingUnplugs()
        self.pendingUnplugs = pendingUnplugs
        let (stream, losses) = AsyncStream<(generation: Int, reason: String)>.makeStream()
        self.losses = losses
        var unreachable: String?
        do {
            current = try LibvirtSession(
                uri: uri, generation: 1, policy: policy, waiters: waiters, pendingUnplugs: pendingUnplugs,
                closed: { generation, reason in losses.yield((generation, reason)) })
            machine = ReconnectStateMachine(policy: policy)
        } catch where error.isDaemonUnreachable {
            current = nil
            lastLoss = error.message
            unreachable = error.message
            machine = ReconnectStateMachine(policy: policy, unreachableAtStart: error.message)
            logger.error("libvirt does not answer at start-up; the service starts and connects when it does",
                         metadata: ["uri": "\(uri)", "reason": "\(error.message)"])
        }
        if unreachable != nil {
            Task { [weak self] in await self?.perform(.reconnect(after: policy.delay(beforeAttempt: 1), attempt: 1)) }
        }
        Task { [weak self] in
            for await loss in stream {
                guard let self else { return }
                await self.connectionLost(generation: loss.generation, reason: loss.reason)
            }
        }
    }

    deinit {
        losses.finish()
        reconnectTask?.cancel()
    }

    /// The current session, or "no connection" while it is being opened again.
    func session() throws(LibvirtError) -> LibvirtSession {
        guard let current else { throw LibvirtError.notConnected(uri: uri, reason: lastLoss ?? "unknown reason") }
        return current
    }

    /// Returns once a session is open, or after `limit`, whichever comes first (the caller
    /// then finds out which from `session()`).
    func waitForSession(upTo limit: Duration) async {
        guard current == nil else { return }
        nextWaiterID += 1
        let id = nextWaiterID
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let timer = Task { [weak self] in
                try? await Task.sleep(for: limit)
                await self?.releaseSessionWaiter(id)
            }
            sessionWaiters[id] = (continuation, timer)
        }
    }

    /// A call on `generation` failed as a dead connection fails, or its close callback ran.
    func connectionLost(generation: Int, reason: String) async {
        let action = machine.connectionLost(generation: generation, reason: reason)
        guard action != .none else { return }
        current = nil
        lastLoss = reason
        logger.error("lost the connection to libvirt; reconnecting", metadata: ["uri": "\(uri)", "reason": "\(reason)"])
        await perform(action)
    }

    var status: LibvirtConnectionStatus {
        get async {
            LibvirtConnectionStatus(
                isConnected: current != nil, generation: machine.latestGeneration,
                lastLoss: lastLoss, removalsFoundAfterReconnect: removalsFoundAfterReconnect,
                unplugsAwaitingEvents: await pendingUnplugs.all.count)
        }
    }

    /// `opened`: the session a reconnection just opened, for `.recheckPendingUnplugs`.
    private func perform(_ action: ReconnectStateMachine.Action, opened: LibvirtSession? = nil) async {
        switch action {
        case .reconnect(let delay, let attempt):
            // The backoff's wait: libvirtd offers nothing to wait on before its socket exists.
            reconnectTask = Task { [weak self] in
                try? await Task.sleep(for: delay)
                guard !Task.isCancelled else { return }
                await self?.attempt(attempt)
            }
        case .recheckPendingUnplugs(let generation):
            guard let opened, opened.generation == generation else {
                preconditionFailure("SessionSupervisor: a re-check of generation \(generation) without its session")
            }
            await recheckPendingUnplugs(in: opened)
            // The session is handed out only once the re-check is done, so a detach step
            // that waited for it reads the live XML after the removals were delivered; unless
            // the new connection was lost meanwhile.
            guard machine.state == .connected(generation: generation) else { return }
            // A close reported while the machine was still reconnecting was ignored as not
            // yet current; the connection's own word settles it.
            guard opened.connection.isAlive else {
                await connectionLost(generation: generation, reason: "the new connection closed as soon as it opened")
                return
            }
            current = opened
            for id in Array(sessionWaiters.keys) { releaseSessionWaiter(id) }
        case .none:
            break
        }
    }

    /// One reconnection attempt, on a libvirt thread (opening blocks).
    private func attempt(_ number: Int) async {
        guard case .reconnecting(let lost, _, _) = machine.state else { return }
        let uri = uri, policy = machine.policy, waiters = waiters, pendingUnplugs = pendingUnplugs, losses = losses
        do {
            let session = try await LibvirtCall.run { () -> Result<LibvirtSession, LibvirtError> in
                Result { () throws(LibvirtError) in
                    try LibvirtSession(
                        uri: uri, generation: lost + 1, policy: policy, waiters: waiters, pendingUnplugs: pendingUnplugs,
                        closed: { generation, reason in losses.yield((generation, reason)) })
                }
            }
            logger.notice("reconnected to libvirt", metadata: ["uri": "\(uri)", "attempt": "\(number)", "generation": "\(session.generation)"])
            await perform(machine.reconnected(), opened: session)
        } catch {
            lastLoss = error.message
            logger.debug("reconnection attempt \(number) failed: \(error.message)", metadata: ["uri": "\(uri)"])
            await perform(machine.attemptFailed(reason: error.message))
        }
    }

    /// Delivers `.removed` for every pending unplug whose device is no longer in the live
    /// XML, or whose domain is gone: its event, if any, went with the old connection. The
    /// waiter only takes it as a cue to re-read the live XML, which alone decides. A device
    /// still there stays pending: the guest may release it later, and its event will come
    /// through the new session's callbacks, registered before this read.
    private func recheckPendingUnplugs(in session: LibvirtSession) async {
        let generation = session.generation
        for unplug in await pendingUnplugs.all {
            let gone: Bool
            do {
                gone = try await LibvirtCall.run { () -> Result<Bool, LibvirtError> in
                    Result { () throws(LibvirtError) in
                        guard let domain = try session.connection.domain(unplug.domain) else { return true }
                        let xml = try domain.xml(live: true)
                        // XML that cannot be parsed proves nothing: the unplug stays pending.
                        let aliases = try? DeviceLocator.devices(inDomainXML: xml).compactMap(\.alias)
                        return aliases.map { !$0.contains(unplug.alias) } ?? false
                    }
                }
            } catch {
                logger.warning("could not re-check unplug of \(unplug.alias): \(error.message)", metadata: ["domain": "\(unplug.domain)"])
                // An error proves nothing either: the unplug stays pending. A lost connection
                // ends this re-check; the next reconnection re-checks.
                guard error.isConnectionLoss else { continue }
                await connectionLost(generation: generation, reason: error.message)
                return
            }
            guard gone else { continue }
            await pendingUnplugs.remove(domain: unplug.domain, alias: unplug.alias)
            let woken = await waiters.deliver(.removed, domain: unplug.domain, alias: unplug.alias)
            removalsFoundAfterReconnect += 1
            logger.notice(
                "device \(unplug.alias) left the domain while libvirt was disconnected; \(woken) detach(es) woken to re-read it",
                metadata: ["domain": "\(unplug.domain.uuidString.lowercased())"])
        }
    }

    private func releaseSessionWaiter(_ id: UInt64) {
        guard let waiter = sessionWaiters.removeValue(forKey: id) else { return }
        waiter.timer.cancel()
        waiter.continuation.resume()
    }
}
