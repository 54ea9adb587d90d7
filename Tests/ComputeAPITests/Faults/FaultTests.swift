@testable import ComputeAPI
import Foundation
import PCI
import ComputeModel
import JSONModel
import Testing

@Suite("Faults")
struct FaultTests {
    static let server = UUID(uuidString: "11111111-2222-4333-8444-555555555555")!
    static let address = PCIAddress("0000:81:02.1")!

    /// Each domain error as Nova answers it: the status of the exception Nova raises for
    /// the same failure and its text (these texts were the API's before the errors were
    /// typed; every one is pinned here).
    @Test("every ComputeError maps to Nova's status, fault name and text", arguments: [
        (ComputeError.serverNotFound(server), 404, "Instance 11111111-2222-4333-8444-555555555555 could not be found."),
        (.flavorNotFound("9"), 404, "Flavor 9 could not be found."),
        (.extraSpecNotFound(flavor: "1", key: "hw:cpu"), 404, "Flavor 1 has no extra specs with key hw:cpu."),
        (.actionNotFound(requestID: "req-x"), 404, "Action req-x not found"),
        (.portNotFound("p"), 404, "Port p could not be found."),
        (.networkNotFound("n"), 404, "Network n could not be found."),
        (.interfaceNotFound(port: "p", server: server), 404, "Instance 11111111-2222-4333-8444-555555555555 does not have a port with id p"),
        (.portNotAttached(port: "p", server: server), 404, "Port p is not attached to instance 11111111-2222-4333-8444-555555555555"),
        (.interfaceChanged(port: "p"), 404, "Port p is not attached"),
        (.deviceNotTracked(address, host: "compute0"), 404, "PCI device 0000:81:02.1 is not tracked on compute0."),
        (.policyRefused(rule: "os_compute_api:os-flavor-manage:create"), 403,
         "Policy doesn't allow os_compute_api:os-flavor-manage:create to be performed."),
        (.serverLocked(server), 409, "Instance 11111111-2222-4333-8444-555555555555 is locked"),
        (.invalidState(server: server, operation: "detach_interface", state: .vm(.suspended)), 409,
         "Cannot 'detach_interface' instance 11111111-2222-4333-8444-555555555555 while it is in vm_state suspended"),
        (.invalidState(server: server, operation: "attach_interface", state: .task("deleting")), 409,
         "Cannot 'attach_interface' instance 11111111-2222-4333-8444-555555555555 while it is in task_state deleting"),
        (.serverWithoutDomain(server: server, operation: "start"), 409,
         "Cannot 'start' instance 11111111-2222-4333-8444-555555555555: it has no domain, its boot failed"),
        (.portInUse("p"), 409, "Port p is still in use."),
        (.serverNotReady(server), 409, "Instance 11111111-2222-4333-8444-555555555555 is not ready"),
        (.consoleNotAvailable, 404, "Guest does not have a console available."),
        (.consoleUnreadable(server, cause: "x"), 500, "The console of 11111111-2222-4333-8444-555555555555 could not be read."),
        (.flavorExists(id: "1", name: "m1.tiny"), 409, "Flavor with ID 1 or name m1.tiny already exists."),
        (.quarantineReleaseRefused(address, .notQuarantined(.allocated)), 409,
         "PCI device 0000:81:02.1 is allocated, not quarantined: only a quarantined device can be released."),
        (.quarantineReleaseRefused(address, .changedMeanwhile), 409, "Cannot release PCI device 0000:81:02.1: it changed meanwhile; look again."),
        (.quarantineReleaseRefused(address, .heldByGuests([server])), 409,
         "Cannot release PCI device 0000:81:02.1: the guest of server 11111111-2222-4333-8444-555555555555 still holds it (live or persistent configuration)."),
        (.quarantineReleaseRefused(address, .namedByPorts(["p (bound to this host for 'x')"])), 409,
         "Cannot release PCI device 0000:81:02.1: port p (bound to this host for 'x') still names it in its binding profile."),
        (.networkConflict("The mac address m is in use."), 409, "The mac address m is in use."),
        (.nameFilterTooComplex(steps: 3000, limit: 2000), 400,
         "The name filter is too complex: it compiles to 3000 steps per character, more than 2000."),
        (.invalidNUMANodesSpec("x"), 400, "Validation failed; hw:numa_nodes 'x' must be a positive integer."),
        (.bootFlavorNotFound("9"), 400, "Flavor 9 could not be found."),
        (.imageNotFound("i"), 400, "Image i could not be found."),
        (.tooManyNUMANodes(flavor: "1", requested: 4, host: 2), 400, "Flavor 1 asks for 4 NUMA nodes; this host has 2"),
        (.attachWithoutPort(network: nil), 400,
         "No specific port was requested: attach an existing port with port_id (this service does not create ports)."),
        (.attachWithoutPort(network: "n"), 400,
         "Attaching by network is not supported: create a port on network n and attach it with port_id."),
        (.acceleratorPort, 400, "Feature not supported with Ports that have accelerators."),
        (.portNotUsable(port: "p", server: server), 400, "Port p not usable for instance 11111111-2222-4333-8444-555555555555."),
        (.noDeviceAvailable("No free VF on physnet2"), 400, "No free VF on physnet2"),
        (.networkRefused("Neutron refused PUT port p: bad"), 400, "Neutron refused PUT port p: bad"),
        (.serverStateUnknown(server, cause: "libvirt: no"), 500,
         "The hypervisor could not tell the state of 11111111-2222-4333-8444-555555555555."),
        (.domainDestroyFailed(server, cause: "x"), 500, "Failed to destroy the domain of 11111111-2222-4333-8444-555555555555."),
        (.deviceLeftLedger(address), 500, "PCI device 0000:81:02.1 left the ledger while it was released."),
        (.inconsistent("nothing to commit"), 500, "nothing to commit"),
        (.unexpected(cause: "x"), 500, "Unexpected error."),
        (.cancelled, 499, "The client closed the connection before the answer."),
    ] as [(ComputeError, Int, String)])
    func mapping(error: ComputeError, status: Int, text: String) {
        let fault = APIFault(error)
        #expect(fault.status == status)
        #expect(fault.message == text)
        #expect(fault.body == [APIFault.faultName(forStatus: status): ["code": .int(status), "message": .string(text)]])
    }

    @Test("a failed part reads like Nova's unexpected error of the same exception, then says why", arguments: [
        (ComputeError.bindingFailed(port: "p"), "nova.exception.PortBindingFailed",
         "Binding failed for port p, please check neutron logs for more information."),
        (.databaseFailed(writing: true, cause: "x"), "nova.exception.DBError", "The database could not be written."),
        (.databaseFailed(writing: false, cause: "x"), "nova.exception.DBError", "The database could not be read."),
        (.networkUnavailable("Neutron failed GET port p with HTTP 503: HTTP 503"), "nova.exception.NeutronClientException",
         "The network service is unavailable: Neutron failed GET port p with HTTP 503: HTTP 503"),
        (.networkTimedOut("Neutron did not answer"), "keystoneauth1.exceptions.connection.ConnectTimeout", "Neutron did not answer"),
        (.networkUnreachable("Neutron could not be reached"), "keystoneauth1.exceptions.connection.ConnectFailure",
         "Neutron could not be reached"),
        (.claimFailed(cause: "x"), "nova.exception.PciDeviceRequestFailed", "PCI claim failed."),
        (.deviceAttachFailed(server: server, cause: "x"), "nova.exception.InterfaceAttachFailed",
         "Failed to attach network adapter device to 11111111-2222-4333-8444-555555555555."),
        (.macvtapWithoutNetdev(address), "nova.exception.VifDetailsMissingMacvtapParameters",
         "VF 0000:81:02.1 has no network interface to put a macvtap on"),
        (.domainBuildFailed(server, cause: "x"), "nova.exception.BuildAbortException",
         "Failed to build the domain of 11111111-2222-4333-8444-555555555555."),
        (.portsKeptBound(server: server, ports: ["p1", "p2"], cause: "x"), "nova.exception.PortUpdateFailed",
         "The network did not unbind port(s) p1, p2 of 11111111-2222-4333-8444-555555555555: the server stays, in ERROR, with their devices until a delete can unbind them."),
    ] as [(ComputeError, String, String)])
    func unexpectedKind(error: ComputeError, exceptionClass: String, explanation: String) {
        let fault = APIFault(error)
        #expect(fault.status == 500)
        #expect(fault.message == "Unexpected API Error. Please contact the administrator\n<class '\(exceptionClass)'>\n\(explanation)")
    }

    @Test("fault names follow Nova's table; anything else is a computeFault", arguments: [
        (400, "badRequest"), (401, "unauthorized"), (403, "forbidden"), (404, "itemNotFound"), (405, "badMethod"),
        (406, "computeFault"), (409, "conflictingRequest"), (413, "overLimit"), (415, "badMediaType"),
        (429, "overLimit"), (500, "computeFault"), (501, "notImplemented"), (503, "serviceUnavailable"),
        (502, "computeFault"),
    ])
    func names(status: Int, name: String) {
        #expect(APIFault.faultName(forStatus: status) == name)
    }

    @Test("policy refusals use Nova's text")
    func policy() {
        #expect(APIFault.policy("os_compute_api:os-flavor-manage:create")
            == .forbidden("Policy doesn't allow os_compute_api:os-flavor-manage:create to be performed."))
    }

    @Test("unforeseen errors are 500s whose Swift type and text go to the log only")
    func unforeseen() {
        struct Surprise: Error, CustomStringConvertible {
            var description: String { "SQLite error 19: UNIQUE constraint failed: vifs.port_id" }
        }
        let fault = APIFault.from(Surprise())
        #expect(fault.status == 500)
        #expect(fault.message == "Unexpected API Error. Please contact the administrator\n<class 'nova.exception.NovaException'>")
        #expect(fault.logDetail?.contains("Surprise") == true)
    }

    @Test("a service 500 shows our explanation, never its cause")
    func internalCause() {
        let error = ComputeError.databaseFailed(writing: true, cause: "SQLite error 19: UNIQUE constraint failed: vifs.port_id")
        let fault = APIFault(error)
        #expect(fault.status == 500)
        #expect(fault.message == "Unexpected API Error. Please contact the administrator\n<class 'nova.exception.DBError'>\nThe database could not be written.")
        #expect(!fault.body.rendered.contains("SQLite"))
        #expect(fault.logDetail == "SQLite error 19: UNIQUE constraint failed: vifs.port_id")
    }

    @Test("the unexpected-error text takes a bare or a qualified exception class")
    func exceptionClassSpelling() {
        #expect(APIFault.unexpectedErrorText(kind: "nova.exception_Remote.AllocationUpdateFailed_Remote", detail: "") == """
            Unexpected API Error. Please contact the administrator
            <class 'nova.exception_Remote.AllocationUpdateFailed_Remote'>
            """)
    }
}
