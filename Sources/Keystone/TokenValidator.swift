import Foundation
import Synchronization

/// Validates callers' tokens with Keystone (`GET /v3/auth/tokens` under the service's own
/// token), remembering the answers (`TokenCache`) and asking once for a token that several
/// requests bring at the same time.
public final class TokenValidator: Sendable {
    private let keystone: any KeystoneCalls
    public let serviceToken: ServiceTokenSource
    private let now: @Sendable () -> Date
    private let state: Mutex<State>

    private struct State {
        var cache: TokenCache
        var asking: [String: Task<TokenCheck, Never>] = [:]
        var keystoneValidations = 0
    }

    public init(keystone: any KeystoneCalls, configuration: KeystoneConfiguration, now: @escaping @Sendable () -> Date = Date.init) {
        self.keystone = keystone
        self.now = now
        serviceToken = ServiceTokenSource(keystone: keystone, renewalMargin: configuration.renewalMargin, now: now)
        state = Mutex(State(cache: TokenCache(
            validFor: ServiceTokenSource.seconds(configuration.cacheTime),
            refusedFor: ServiceTokenSource.seconds(configuration.refusalCacheTime),
            capacity: configuration.cacheCapacity)))
    }

    /// How many times Keystone was asked to validate a token, for the benchmark and tests.
    public var keystoneValidations: Int { state.withLock { $0.keystoneValidations } }

    public func check(_ token: String) async -> TokenCheck {
        let at = now()
        enum Step: Sendable { case known(TokenCheck), wait(Task<TokenCheck, Never>) }
        let step: Step = state.withLock { state in
            if let known = state.cache.lookup(token, at: at) { return .known(known) }
            if let asking = state.asking[token] { return .wait(asking) }
            let asking = Task { await self.ask(token) }
            state.asking[token] = asking
            return .wait(asking)
        }
        switch step {
        case .known(let known): return known
        case .wait(let task): return await task.value
        }
    }

    private func ask(_ token: String) async -> TokenCheck {
        let check = await askKeystone(token)
        state.withLock { state in
            state.asking[token] = nil
            state.cache.store(token, check, at: now())
        }
        return check
    }

    private func askKeystone(_ token: String) async -> TokenCheck {
        // A refused service token is renewed once; a second refusal is Keystone's problem.
        for _ in 0..<2 {
            do {
                let service = try await serviceToken.token()
                state.withLock { $0.keystoneValidations += 1 }
                switch try await keystone.validate(token, serviceToken: service) {
                case .valid(let details):
                    return details.expiresAt > now() ? .valid(details) : .refused
                case .refused:
                    return .refused
                case .serviceTokenRefused:
                    await serviceToken.invalidate(service)
                }
            } catch {
                return .unavailable(String(describing: error))
            }
        }
        return .unavailable("Keystone refused the service's own token twice in a row")
    }
}
