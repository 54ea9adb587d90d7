import Testing
@testable import Libvirt

/// The backoff between reconnection attempts: doubling from the first delay, capped.
struct ReconnectPolicyTests {
    @Test func theDelayDoublesFromTheFirstUpToTheCapAndStaysThere() {
        let policy = ReconnectPolicy(initialDelay: .milliseconds(100), maximumDelay: .seconds(5))
        let delays = (1...10).map { policy.delay(beforeAttempt: $0) }
        #expect(delays == [
            .milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800), .milliseconds(1600),
            .milliseconds(3200), .seconds(5), .seconds(5), .seconds(5), .seconds(5),
        ])
        #expect(policy.delay(beforeAttempt: 1_000_000) == .seconds(5))
    }

    @Test func aFirstDelayOverTheCapIsTheCapAndAttemptsBelowOneAreTheFirst() {
        let policy = ReconnectPolicy(initialDelay: .seconds(10), maximumDelay: .seconds(2))
        #expect(policy.delay(beforeAttempt: 1) == .seconds(2))
        #expect(policy.delay(beforeAttempt: 3) == .seconds(2))
        let normal = ReconnectPolicy(initialDelay: .milliseconds(50), maximumDelay: .seconds(1))
        #expect(normal.delay(beforeAttempt: 0) == .milliseconds(50))
        #expect(normal.delay(beforeAttempt: -3) == .milliseconds(50))
    }

    @Test func theDefaultsNoticeALossQuicklyAndNeverWaitMoreThanFiveSecondsBetweenAttempts() {
        let policy = ReconnectPolicy()
        #expect(policy.delay(beforeAttempt: 1) == .milliseconds(100))
        #expect(policy.delay(beforeAttempt: 100) == .seconds(5))
        #expect(policy.keepAliveInterval == 5 && policy.keepAliveCount == 3)
        #expect(policy.inFlightDetachWait == .seconds(60))
    }
}
