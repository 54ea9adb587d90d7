import Foundation

/// The service's own token: issued on first use, renewed `renewalMargin` before it
/// expires, and dropped when a server refuses it (`invalidate`), so the next call
/// authenticates again. Concurrent callers wait for one authentication.
public actor ServiceTokenSource {
    private let keystone: any KeystoneCalls
    private let renewalMargin: Duration
    private let now: @Sendable () -> Date
    private var current: (token: String, renewAt: Date)?
    private var issuing: Task<(token: String, details: KeystoneToken), any Error>?
    /// How many tokens were issued, for the benchmark and the tests.
    public private(set) var issued = 0

    public init(keystone: any KeystoneCalls, renewalMargin: Duration, now: @escaping @Sendable () -> Date = Date.init) {
        self.keystone = keystone
        self.renewalMargin = renewalMargin
        self.now = now
    }

    /// A token that is not within `renewalMargin` of its expiry.
    public func token() async throws(KeystoneError) -> String {
        if let current, now() < current.renewAt { return current.token }
        let task: Task<(token: String, details: KeystoneToken), any Error>
        if let issuing {
            task = issuing
        } else {
            let keystone = keystone
            task = Task { try await keystone.issueServiceToken() }
            issuing = task
        }
        let result = await task.result
        if issuing == task { issuing = nil }
        switch result {
        case .success(let fresh):
            let lifetime = fresh.details.expiresAt.timeIntervalSince(now())
            // A token shorter-lived than the margin is used for half its life.
            let margin = min(Self.seconds(renewalMargin), max(lifetime / 2, 0))
            if current?.token != fresh.token {
                issued += 1
                current = (fresh.token, fresh.details.expiresAt.addingTimeInterval(-margin))
            }
            return fresh.token
        case .failure(let error as KeystoneError):
            throw error
        case .failure(let error):
            throw .unreachable("authentication with Keystone failed: \(error)")
        }
    }

    /// A server refused `token`: the next `token()` authenticates again.
    public func invalidate(_ token: String) {
        if current?.token == token { current = nil }
    }

    static func seconds(_ duration: Duration) -> TimeInterval {
        let (seconds, attoseconds) = duration.components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
