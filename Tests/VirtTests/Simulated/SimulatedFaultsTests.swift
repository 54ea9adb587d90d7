import Foundation
import Testing
@testable import Virt

struct SimulatedFaultsTests {
    @Test func anAttachFailureForAnyDomainIsTakenOnce() {
        var faults = SimulatedFaults(nextAttachFailure: .init(message: "boom"))
        #expect(faults.takeAttachFailure(for: UUID()) == "boom")
        #expect(faults.takeAttachFailure(for: UUID()) == nil)
    }

    @Test func anAttachFailureForOneDomainIgnoresTheOthers() {
        let target = UUID()
        var faults = SimulatedFaults(nextAttachFailure: .init(message: "boom", domain: target))
        #expect(faults.takeAttachFailure(for: UUID()) == nil)
        #expect(faults.takeAttachFailure(for: target) == "boom")
        #expect(faults.nextAttachFailure == nil)
    }

    @Test func theHypervisorsFaultsCanBeSetReplacedAndCleared() async throws {
        let hypervisor = try SimulatedHypervisor()
        let domain = UUID()
        await hypervisor.ignoreUnplug(in: domain)
        await hypervisor.failRemoval(in: domain)
        await hypervisor.vanishOnNextDetach(domain)
        #expect(await hypervisor.faults == SimulatedFaults(ignoreUnplug: [domain], failRemoval: [domain], vanishOnDetach: [domain]))
        await hypervisor.updateFaults { $0.failRemoval = [] }
        #expect(await hypervisor.faults.failRemoval.isEmpty)
        await hypervisor.ignoreUnplug(in: domain, false)
        await hypervisor.setFaults(SimulatedFaults())
        #expect(await hypervisor.faults == SimulatedFaults())
    }

    @Test func aVanishFaultIsSpentWithTheDomain() async throws {
        let hypervisor = try SimulatedHypervisor()
        let uuid = try await hypervisor.makeDomain(devices: [Fixture.macvtap])
        await hypervisor.vanishOnNextDetach(uuid)
        _ = try await hypervisor.detach(Fixture.macvtap, from: uuid, policy: Fixture.timingOut)
        #expect(await hypervisor.faults.vanishOnDetach.isEmpty)
    }
}
