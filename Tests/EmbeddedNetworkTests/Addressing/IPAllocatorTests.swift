import Testing

@testable import EmbeddedNetwork
import NetworkModel

@Suite("IPAllocator")
struct IPAllocatorTests {
    func address(_ text: String) -> IPv4Address { IPv4Address(text)! }

    var allocator: IPAllocator {
        IPAllocator(pools: [address("10.0.0.2")...address("10.0.0.4"), address("10.0.0.10")...address("10.0.0.10")])
    }

    @Test("the first free address, skipping used ones")
    func firstFree() {
        #expect(allocator.firstFree(excluding: []) == address("10.0.0.2"))
        #expect(allocator.firstFree(excluding: [address("10.0.0.2")]) == address("10.0.0.3"))
        #expect(allocator.firstFree(excluding: [address("10.0.0.3")]) == address("10.0.0.2"))
    }

    @Test("moves to the next pool when one is full, nil when all are")
    func exhaustion() {
        let firstFull: Set = [address("10.0.0.2"), address("10.0.0.3"), address("10.0.0.4")]
        #expect(allocator.firstFree(excluding: firstFull) == address("10.0.0.10"))
        #expect(allocator.firstFree(excluding: firstFull.union([address("10.0.0.10")])) == nil)
    }

    @Test("used addresses outside the pools do not matter")
    func outsideAddresses() {
        #expect(allocator.firstFree(excluding: [address("10.0.0.1"), address("10.0.0.9")]) == address("10.0.0.2"))
    }

    @Test("a pool ending at the top of the address space does not overflow")
    func topOfSpace() {
        let top = IPAllocator(pools: [address("255.255.255.254")...address("255.255.255.255")])
        #expect(top.firstFree(excluding: [address("255.255.255.254"), address("255.255.255.255")]) == nil)
        #expect(top.firstFree(excluding: [address("255.255.255.254")]) == address("255.255.255.255"))
    }
}
