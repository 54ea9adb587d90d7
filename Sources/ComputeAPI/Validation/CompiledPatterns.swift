import Foundation

/// The schemas' regular expressions, compiled once each. The schemas are constants, so the
/// cache holds a few dozen entries and never needs evicting.
///
/// `@unchecked Sendable`: the only mutable state, `compiled`, is read and written with
/// `lock` held; `NSRegularExpression` is immutable after creation and documented as safe
/// to use from several threads at once.
final class CompiledPatterns: @unchecked Sendable {
    static let shared = CompiledPatterns()

    private let lock = NSLock()
    private var compiled: [String: NSRegularExpression?] = [:]

    /// The compiled pattern; nil when it does not compile.
    func regex(for pattern: String) -> NSRegularExpression? {
        lock.lock()
        defer { lock.unlock() }
        if let known = compiled[pattern] { return known }
        let fresh = try? NSRegularExpression(pattern: pattern)
        compiled[pattern] = fresh
        return fresh
    }
}
