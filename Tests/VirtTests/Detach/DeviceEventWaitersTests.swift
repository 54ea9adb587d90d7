import Foundation
import Testing
@testable import Virt

struct DeviceEventWaitersTests {
    let domain = UUID()

    @Test func anEventArrivingBeforeTheWaitIsKept() async {
        let waiters = DeviceEventWaiters()
        let ticket = await waiters.register(domain: domain, alias: "hostdev0")
        #expect(await waiters.deliver(.removed, domain: domain, alias: "hostdev0") == 1)
        #expect(await waiters.wait(ticket, timeout: .zero) == .removed)
        #expect(await waiters.count == 0)
    }

    @Test func anEventDuringTheWaitEndsIt() async {
        let waiters = DeviceEventWaiters()
        let ticket = await waiters.register(domain: domain, alias: "net0")
        let waiting = Task { await waiters.wait(ticket, timeout: .seconds(60)) }
        await waiters.deliver(.removalFailed, domain: domain, alias: "net0")
        #expect(await waiting.value == .removalFailed)
        #expect(await waiters.count == 0)
    }

    @Test func noEventMeansNilAfterTheTimeout() async {
        let waiters = DeviceEventWaiters()
        let ticket = await waiters.register(domain: domain, alias: "net0")
        #expect(await waiters.wait(ticket, timeout: .milliseconds(20)) == nil)
        #expect(await waiters.count == 0)
    }

    @Test func eventsForOtherDevicesOrDomainsAreNotDelivered() async {
        let waiters = DeviceEventWaiters()
        let ticket = await waiters.register(domain: domain, alias: "net0")
        #expect(await waiters.deliver(.removed, domain: domain, alias: "net1") == 0)
        #expect(await waiters.deliver(.removed, domain: UUID(), alias: "net0") == 0)
        #expect(await waiters.wait(ticket, timeout: .milliseconds(20)) == nil)
    }

    @Test func everyWaiterForTheDeviceGetsTheEvent() async {
        let waiters = DeviceEventWaiters()
        let first = await waiters.register(domain: domain, alias: "hostdev1")
        let second = await waiters.register(domain: domain, alias: "hostdev1")
        #expect(await waiters.deliver(.removed, domain: domain, alias: "hostdev1") == 2)
        #expect(await waiters.wait(first, timeout: .zero) == .removed)
        #expect(await waiters.wait(second, timeout: .zero) == .removed)
    }

    @Test func theFirstEventWins() async {
        let waiters = DeviceEventWaiters()
        let ticket = await waiters.register(domain: domain, alias: "hostdev1")
        await waiters.deliver(.removalFailed, domain: domain, alias: "hostdev1")
        await waiters.deliver(.removed, domain: domain, alias: "hostdev1")
        #expect(await waiters.wait(ticket, timeout: .zero) == .removalFailed)
    }

    @Test func aCancelledTicketIsGoneAndWaitsForNothing() async {
        let waiters = DeviceEventWaiters()
        let ticket = await waiters.register(domain: domain, alias: "net0")
        await waiters.cancel(ticket)
        #expect(await waiters.count == 0)
        #expect(await waiters.deliver(.removed, domain: domain, alias: "net0") == 0)
        #expect(await waiters.wait(ticket, timeout: .seconds(60)) == nil)
    }

    @Test(.timeLimit(.minutes(1)))
    func cancellingTheWaitingTaskEndsTheWait() async {
        let waiters = DeviceEventWaiters()
        let ticket = await waiters.register(domain: domain, alias: "net0")
        let waiting = Task { await waiters.wait(ticket, timeout: .seconds(3600)) }
        waiting.cancel()
        #expect(await waiting.value == nil)
        #expect(await waiters.count == 0)
    }
}
