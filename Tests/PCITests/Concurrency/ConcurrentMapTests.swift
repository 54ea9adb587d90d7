import PCI
import Synchronization
import Testing

struct ConcurrentMapTests {
    @Test(arguments: [0, 1, ConcurrentMap.minimumPerRun - 1, ConcurrentMap.minimumPerRun * 2, ConcurrentMap.minimumPerRun * 7 + 5])
    func resultsComeInTheOrderOfTheItems(count: Int) {
        let items = Array(0..<count)
        #expect(ConcurrentMap.map(items) { $0 * 3 + 1 } == items.map { $0 * 3 + 1 })
    }

    @Test func everyItemIsMappedOnce() {
        let calls = Mutex(0)
        let items = Array(0..<(ConcurrentMap.minimumPerRun * 5))
        _ = ConcurrentMap.map(items) { _ in calls.withLock { $0 += 1 } }
        #expect(calls.withLock { $0 } == items.count)
    }
}
