extension DetachStateMachine {
    /// Starts from what the two lookups found. `persistentFound` is false for a device
    /// absent from the persistent config (or a domain without one).
    public mutating func start(persistentFound: Bool, live: LiveDevice) -> Action {
        guard case .idle = state else { invalid("start") }
        let liveAlias: String?
        switch live {
        case .notLive, .absent:
            liveAlias = nil
        case .present(let alias?):
            liveAlias = alias
        case .present(nil):
            return fail(.internalError(
                "\(device) in the live configuration of domain \(domainName) has no alias, so its removal cannot be awaited; nothing was detached"))
        }
        if persistentFound {
            state = .detachingPersistent(liveAlias: liveAlias)
            return .detachPersistent
        }
        if let liveAlias { return detachLive(alias: liveAlias, attempt: 1) }
        return finish(.notFound)
    }

    /// The persistent detach request returned (nil: accepted).
    public mutating func persistentDetached(error: DetachRequestError?) -> Action {
        guard case .detachingPersistent(let liveAlias) = state else { invalid("persistentDetached") }
        switch error {
        case nil:
            state = .rereadingPersistent(liveAlias: liveAlias)
            return .rereadPersistent
        case .deviceMissing:
            // Gone from the persistent config already; the live device, if any, still counts.
            if let liveAlias { return detachLive(alias: liveAlias, attempt: 1) }
            return finish(.notFound)
        case .domainGone:
            return finish(.domainGone)
        case .unplugInProgress(let message):
            return fail(.operationFailed(message))
        case .refused(let error):
            return fail(error)
        }
    }

    public mutating func persistentConfigReread(found: Bool) -> Action {
        guard case .rereadingPersistent(let liveAlias) = state else { invalid("persistentConfigReread") }
        if found {
            return finish(.removalFailed(
                "\(device) is still in the persistent configuration of domain \(domainName) although the hypervisor accepted its removal; the live device was left alone"))
        }
        if let liveAlias { return detachLive(alias: liveAlias, attempt: 1) }
        return finish(.removed)
    }

    /// The live detach request returned (nil: accepted, the guest was asked to release it).
    public mutating func liveDetachIssued(error: DetachRequestError?) -> Action {
        guard case .detachingLive(let alias, let attempt) = state else { invalid("liveDetachIssued") }
        switch error {
        case nil, .unplugInProgress:
            // "Already in the process of unplug": an earlier request is pending, and its
            // event is as good as ours.
            state = .waiting(alias: alias, attempt: attempt)
            return .wait(timeout)
        case .deviceMissing:
            state = .rereadingLive(alias: alias, attempt: attempt)
            return .rereadLive
        case .domainGone:
            return finish(.domainGone)
        case .refused(let error):
            return fail(error)
        }
    }

    public mutating func deviceRemovedEvent() -> Action {
        guard case .waiting(let alias, let attempt) = state else { invalid("deviceRemovedEvent") }
        // The live XML, not the event, is the proof (Nova re-reads it too).
        state = .rereadingLive(alias: alias, attempt: attempt)
        return .rereadLive
    }

    public mutating func removalFailedEvent() -> Action {
        guard case .waiting(let alias, _) = state else { invalid("removalFailedEvent") }
        return finish(.removalFailed(
            "the hypervisor reported that the guest of domain \(domainName) failed to release \(device) (device alias \(alias)): device-removal-failed event"))
    }

    public mutating func waitTimedOut() -> Action {
        guard case .waiting(let alias, let attempt) = state else { invalid("waitTimedOut") }
        state = .rereadingLive(alias: alias, attempt: attempt)
        return .rereadLive
    }

    public mutating func liveConfigReread(found: Bool) -> Action {
        guard case .rereadingLive(let alias, let attempt) = state else { invalid("liveConfigReread") }
        if !found { return finish(.removed) }
        if attempt < attempts { return detachLive(alias: alias, attempt: attempt + 1) }
        return finish(.timedOut(attempts: attempts))
    }

    /// The domain disappeared, before `start` (during the lookups) or at any later step.
    public mutating func domainVanished() -> Action {
        guard state != .finished else { invalid("domainVanished") }
        return finish(.domainGone)
    }

    private mutating func detachLive(alias: String, attempt: Int) -> Action {
        state = .detachingLive(alias: alias, attempt: attempt)
        return .registerWaiterAndDetachLive(alias: alias, attempt: attempt)
    }

    private mutating func finish(_ outcome: DetachOutcome) -> Action {
        state = .finished
        return .finish(outcome)
    }

    private mutating func fail(_ error: HypervisorError) -> Action {
        state = .finished
        return .fail(error)
    }

    private func invalid(_ event: String) -> Never {
        preconditionFailure("DetachStateMachine: \(event) is not a valid event in state \(state)")
    }
}
