import Foundation

/// When a quarantined operation is tried again, kept in its journal row so that a restart
/// keeps the schedule: a pause from 1 s doubling up to 5 minutes. It never gives up: a
/// device is freed only when its release is confirmed (or an operator releases it).
public struct RetrySchedule: Sendable, Hashable, Codable {
    /// Tries made so far (0 before the first retry).
    public var attempts: Int
    public var nextAttemptAt: Date
    /// Why the last try could not finish.
    public var lastReason: String

    public static let firstPause: Duration = .seconds(1)
    public static let longestPause: Duration = .seconds(300)

    public init(attempts: Int, nextAttemptAt: Date, lastReason: String) {
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastReason = lastReason
    }

    /// Due at once: what start-up recovery gives the operations a crash cut short.
    public static func now(reason: String, at date: Date = Date()) -> RetrySchedule {
        RetrySchedule(attempts: 0, nextAttemptAt: date, lastReason: reason)
    }

    /// The schedule after a try that failed for `reason` at `date`.
    public func after(failure reason: String, at date: Date = Date()) -> RetrySchedule {
        RetrySchedule(attempts: attempts + 1, nextAttemptAt: date.addingTimeInterval(Self.pause(afterAttempts: attempts + 1)), lastReason: reason)
    }

    /// 1 s, 2 s, 4 s … up to 300 s.
    public static func pause(afterAttempts attempts: Int) -> TimeInterval {
        let first = Double(firstPause.components.seconds)
        let longest = Double(longestPause.components.seconds)
        return min(longest, first * pow(2, Double(max(0, attempts - 1))))
    }
}
