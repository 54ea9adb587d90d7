import ComputeModel
import Foundation
import Store
import Testing
@testable import Compute

/// A server's release: the domain, each port in turn, then the rows — and a port whose
/// release is not confirmed keeps the server, in ERROR.
struct ServerReleaseMachineTests {
    let server = UUID(uuidString: "00000000-0000-0000-0000-000000000001")!

    func interface(_ port: String) -> VirtualInterface {
        var vif = plan().interface
        vif.portID = port
        return vif
    }

    @Test func domainThenPortsThenRows() {
        var machine = ServerReleaseMachine(serverID: server)
        #expect(machine.start() == .destroyDomain)
        #expect(machine.domainDestroyed(interfaces: [interface("a"), interface("b")]) == .releasePort(interface("a")))
        #expect(machine.portReleased("a", outcome: .freed) == .releasePort(interface("b")))
        #expect(machine.portReleased("b", outcome: .freed) == .remove)
        #expect(machine.removed() == .finishSucceeded)
    }

    @Test func aDomainThatStaysReleasesNothing() {
        var machine = ServerReleaseMachine(serverID: server)
        _ = machine.start()
        #expect(machine.domainFailed(.unexpected(cause: "libvirt")) == .finishFailed(.unexpected(cause: "libvirt")))
    }

    @Test func aKeptPortLeavesTheServerInErrorAndSaysWhich() {
        var machine = ServerReleaseMachine(serverID: server)
        _ = machine.start()
        _ = machine.domainDestroyed(interfaces: [interface("a"), interface("b")])
        _ = machine.portReleased("a", outcome: .quarantined(reason: "503"))
        let kept = [ServerReleaseMachine.KeptPort(portID: "a", reason: "503")]
        #expect(machine.portReleased("b", outcome: .freed) == .markError(kept: kept))
        guard case .finishFailed(let error) = machine.markedError() else {
            Issue.record("a kept port must fail the release")
            return
        }
        #expect(error.message.contains("did not unbind port(s) a of 00000000-0000-0000-0000-000000000001"))
        #expect(error.cause == "a: 503")
    }
}
