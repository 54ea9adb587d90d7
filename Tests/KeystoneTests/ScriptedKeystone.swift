import Foundation
@testable import Keystone
import Synchronization

/// A Keystone whose answers the test sets: the tokens it knows, whether it is reachable,
/// and the service tokens it has revoked. It counts every call.
final class ScriptedKeystone: KeystoneCalls, Sendable {
    struct State {
        var known: [String: KeystoneToken] = [:]
        var reachable = true
        var revokedServiceTokens: Set<String> = []
        var issued = 0
        var validations = 0
        var serviceTokenLifetime: TimeInterval = 3600
    }

    let state = Mutex(State())
    let clock: TestClock

    init(clock: TestClock) { self.clock = clock }

    func know(_ token: String, project: String = "demo", roles: Set<String> = ["member", "reader"], expiresIn: TimeInterval = 3600) {
        let details = KeystoneToken(userID: "u-" + token, userName: token, projectID: project, projectName: project, roles: roles,
                                    expiresAt: clock.now().addingTimeInterval(expiresIn))
        state.withLock { $0.known[token] = details }
    }

    func issueServiceToken() async throws(KeystoneError) -> (token: String, details: KeystoneToken) {
        let (reachable, number, lifetime) = state.withLock { state in
            if state.reachable { state.issued += 1 }
            return (state.reachable, state.issued, state.serviceTokenLifetime)
        }
        guard reachable else { throw .unreachable("Keystone at http://keystone.test/v3 is unreachable: connection refused") }
        let details = KeystoneToken(userID: "svc", userName: "sriov-compute", projectID: "service", projectName: "service",
                                    roles: ["service"], expiresAt: clock.now().addingTimeInterval(lifetime))
        return ("service-\(number)", details)
    }

    func validate(_ subject: String, serviceToken: String) async throws(KeystoneError) -> KeystoneClient.Validation {
        let answer: KeystoneClient.Validation? = state.withLock { state in
            guard state.reachable else { return nil }
            state.validations += 1
            if state.revokedServiceTokens.contains(serviceToken) { return .serviceTokenRefused }
            return state.known[subject].map(KeystoneClient.Validation.valid) ?? .refused
        }
        guard let answer else { throw .unreachable("Keystone at http://keystone.test/v3 is unreachable: connection refused") }
        // Let concurrent callers pile up behind one validation.
        await Task.yield()
        return answer
    }
}

/// A clock the test moves by hand.
final class TestClock: Sendable {
    private let current = Mutex(Date(timeIntervalSince1970: 1_800_000_000))

    func now() -> Date { current.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}
