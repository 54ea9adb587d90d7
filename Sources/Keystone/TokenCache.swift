import Foundation

/// Keystone's recent answers by token: a valid token until its expiry or `validFor`,
/// whichever is first; a refused one for `refusedFor`. "Unavailable" is never kept: the
/// next request asks again. At most `capacity` tokens: when full, expired entries go
/// first, then the refusals (a flood of garbage tokens must not evict the valid ones),
/// then everything.
struct TokenCache {
    private var entries: [String: (check: TokenCheck, until: Date)] = [:]
    let validFor: TimeInterval
    let refusedFor: TimeInterval
    let capacity: Int

    init(validFor: TimeInterval, refusedFor: TimeInterval, capacity: Int) {
        self.validFor = validFor
        self.refusedFor = refusedFor
        self.capacity = max(capacity, 1)
    }

    var count: Int { entries.count }

    func lookup(_ token: String, at now: Date) -> TokenCheck? {
        guard let entry = entries[token], now < entry.until else { return nil }
        return entry.check
    }

    mutating func store(_ token: String, _ check: TokenCheck, at now: Date) {
        let until: Date
        switch check {
        case .valid(let details): until = min(details.expiresAt, now.addingTimeInterval(validFor))
        case .refused: until = now.addingTimeInterval(refusedFor)
        case .unavailable: entries[token] = nil; return
        }
        guard now < until else { entries[token] = nil; return }
        if entries[token] == nil, entries.count >= capacity { makeRoom(at: now) }
        entries[token] = (check, until)
    }

    private mutating func makeRoom(at now: Date) {
        entries = entries.filter { now < $0.value.until }
        if entries.count >= capacity { entries = entries.filter { $0.value.check != .refused } }
        if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
    }
}
