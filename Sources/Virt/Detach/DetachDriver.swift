import Foundation
import Logging

/// Runs a `DetachStateMachine` against a `DetachBackend`: the only place where the detach
/// algorithm touches a hypervisor, shared by every backend.
public struct DetachDriver<Backend: DetachBackend>: Sendable {
    public let backend: Backend
    public let logger: Logger

    public init(backend: Backend, logger: Logger = Logger(label: "sriov-compute.virt.detach")) {
        self.backend = backend
        self.logger = logger
    }

    /// A missing domain yields `.domainGone` whether it was missing from the start or
    /// vanished midway: either way nothing holds the device any more. A suspended domain
    /// is refused, because its saved memory image would bring the device back on resume.
    ///
    /// `keepingPersistent`: only the live device is detached (a suspend's detach); the
    /// persistent configuration is neither read nor changed.
    public func detach(
        _ device: GuestDevice, from domain: UUID, policy: DetachPolicy, keepingPersistent: Bool = false
    ) async throws(HypervisorError) -> DetachOutcome {
        let name = domain.uuidString.lowercased()
        guard let state = try await orGone({ () async throws(HypervisorError) in try await backend.domainState(of: domain) }) else {
            logger.warning("detach: domain vanished", metadata: ["domain": "\(name)", "device": "\(device)"])
            return .domainGone
        }
        if state == .suspended {
            throw .invalidState(
                "Requested operation is not valid: cannot detach \(device) from domain \(name) while it is suspended: its saved memory image still holds the device; resume it first")
        }
        var run = Run(driver: self, device: device, domain: domain, machine: DetachStateMachine(device: device, domain: domain, policy: policy))
        return try await run.execute(isLive: state.isLive, keepingPersistent: keepingPersistent)
    }

    /// nil when the domain is gone.
    func orGone<T>(_ body: () async throws(HypervisorError) -> T) async throws(HypervisorError) -> T? {
        do {
            return try await body()
        } catch {
            if case .domainNotFound = error { return nil }
            throw error
        }
    }
}
