import Foundation
import Logging

extension DetachDriver {
    /// One detach in progress: the machine, the devices as the domain holds them, and the
    /// waiter, if one is registered.
    struct Run {
        let driver: DetachDriver
        let device: GuestDevice
        let domain: UUID
        var machine: DetachStateMachine
        var persistentDevice: DomainDevice?
        var liveDevice: DomainDevice?
        var ticket: DeviceEventWaiters.Ticket?

        init(driver: DetachDriver, device: GuestDevice, domain: UUID, machine: DetachStateMachine) {
            self.driver = driver
            self.device = device
            self.domain = domain
            self.machine = machine
        }

        private var backend: Backend { driver.backend }
        private var metadata: Logger.Metadata { ["domain": "\(domain.uuidString.lowercased())", "device": "\(device)"] }

        mutating func execute(isLive: Bool, keepingPersistent: Bool) async throws(HypervisorError) -> DetachOutcome {
            var action: DetachStateMachine.Action
            // The live lookup only runs if the domain survived the persistent one. Kept
            // persistent, the device counts as absent from it: the machine goes to the live
            // detach directly.
            let persistentLookup: DomainDevice?? = keepingPersistent ? .some(nil) : try await lookUp(live: false)
            if let persistent = persistentLookup, let live = isLive ? try await lookUp(live: true) : .some(nil) {
                persistentDevice = persistent
                liveDevice = live
                action = machine.start(
                    persistentFound: persistent != nil,
                    live: isLive ? (live.map { .present(alias: $0.alias) } ?? .absent) : .notLive)
            } else {
                action = machine.domainVanished()
            }
            while true {
                switch action {
                case .finish(let outcome):
                    await dropWaiter()
                    log(outcome)
                    return outcome
                case .fail(let error):
                    await dropWaiter()
                    driver.logger.error("detach failed: \(error)", metadata: metadata)
                    throw error
                default:
                    do {
                        action = try await perform(action)
                    } catch {
                        await dropWaiter()
                        throw error
                    }
                }
            }
        }

        private mutating func perform(_ action: DetachStateMachine.Action) async throws(HypervisorError) -> DetachStateMachine.Action {
            switch action {
            case .detachPersistent:
                guard let persistentDevice else { throw missingDevice("persistent") }
                do {
                    try await backend.detachFromPersistentConfig(persistentDevice, of: domain)
                    return machine.persistentDetached(error: nil)
                } catch {
                    driver.logger.warning("persistent detach request answered \(error)", metadata: metadata)
                    return machine.persistentDetached(error: error)
                }
            case .rereadPersistent:
                guard let found = try await lookUp(live: false) else { return machine.domainVanished() }
                return machine.persistentConfigReread(found: found != nil)
            case .registerWaiterAndDetachLive(let alias, let attempt):
                guard let liveDevice else { throw missingDevice("live") }
                driver.logger.debug("live detach attempt \(attempt)/\(machine.attempts), alias \(alias)", metadata: metadata)
                let ticket = await backend.deviceEvents.register(domain: domain, alias: alias)
                self.ticket = ticket
                do {
                    try await backend.detachFromLiveConfig(liveDevice, of: domain)
                    return machine.liveDetachIssued(error: nil)
                } catch {
                    // A pending earlier unplug will still send its event: keep listening.
                    if case .unplugInProgress = error {
                        driver.logger.debug("an earlier unplug of \(alias) is still in progress; waiting for it", metadata: metadata)
                    } else {
                        await dropWaiter()
                    }
                    return machine.liveDetachIssued(error: error)
                }
            case .wait(let timeout):
                guard let ticket else { throw .internalError("detach of \(device) from domain \(domain.uuidString.lowercased()) waited without a registered waiter") }
                self.ticket = nil
                switch await backend.deviceEvents.wait(ticket, timeout: timeout) {
                case .removed?:
                    return machine.deviceRemovedEvent()
                case .removalFailed?:
                    return machine.removalFailedEvent()
                case nil:
                    driver.logger.warning("no device event for alias \(ticket.alias) within \(timeout)", metadata: metadata)
                    return machine.waitTimedOut()
                }
            case .rereadLive:
                guard let found = try await lookUp(live: true) else { return machine.domainVanished() }
                if let found { liveDevice = found }
                return machine.liveConfigReread(found: found != nil)
            case .finish, .fail:
                preconditionFailure("DetachDriver: terminal actions are handled by execute")
            }
        }

        /// `.some(nil)`: the domain is there without the device; nil: the domain is gone.
        private func lookUp(live: Bool) async throws(HypervisorError) -> DomainDevice?? {
            let device = device, domain = domain, backend = backend
            return try await driver.orGone { () async throws(HypervisorError) in
                try await backend.findDevice(device, in: domain, live: live)
            }
        }

        private mutating func dropWaiter() async {
            guard let ticket else { return }
            self.ticket = nil
            await backend.deviceEvents.cancel(ticket)
        }

        private func missingDevice(_ config: String) -> HypervisorError {
            .internalError("detach of \(device) from domain \(domain.uuidString.lowercased()) reached the \(config) step without having found the device there")
        }

        private func log(_ outcome: DetachOutcome) {
            switch outcome {
            case .removed:
                driver.logger.info("device detached", metadata: metadata)
            case .notFound:
                driver.logger.warning("device is no longer found on the guest; nothing to detach", metadata: metadata)
            case .domainGone:
                driver.logger.warning("domain vanished during detach", metadata: metadata)
            case .removalFailed(let reason):
                driver.logger.error("detach failed: \(reason)", metadata: metadata)
            case .timedOut(let attempts):
                driver.logger.error(
                    "ran out of retries (\(attempts)) detaching the device from the live config; it is still attached to the guest",
                    metadata: metadata)
            }
        }
    }
}
