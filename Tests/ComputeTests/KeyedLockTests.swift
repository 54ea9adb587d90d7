import Testing
@testable import Compute

struct KeyedLockTests {
    actor Log {
        var entries: [String] = []
        func add(_ entry: String) { entries.append(entry) }
    }

    @Test func sameKeyRunsOneAtATimeInArrivalOrder() async {
        let lock = KeyedLock<String>()
        let log = Log()
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<5 {
                group.addTask {
                    await lock.withLock("server") {
                        await log.add("start \(index)")
                        await Task.yield()
                        await log.add("end \(index)")
                    }
                }
            }
        }
        let entries = await log.entries
        // Never two starts in a row: each holder ends before the next starts.
        for (first, second) in zip(entries, entries.dropFirst()) where first.hasPrefix("start") {
            #expect(second == first.replacingOccurrences(of: "start", with: "end"))
        }
        #expect(entries.count == 10)
    }

    @Test func differentKeysDoNotWaitForEachOther() async {
        let lock = KeyedLock<String>()
        let inner = await lock.withLock("a") {
            // Taking another key while holding one must not deadlock.
            await lock.withLock("b") { 42 }
        }
        #expect(inner == 42)
    }
}
