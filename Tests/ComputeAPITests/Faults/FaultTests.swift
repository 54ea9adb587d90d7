@testable import ComputeAPI
import ComputeModel
import JSONModel
import Testing

@Suite("Faults")
struct FaultTests {
    @Test("every ComputeError maps to its status, Nova's fault name and its message", arguments: [
        (ComputeError.badRequest("bad"), 400, "badRequest"),
        (.forbidden("no"), 403, "forbidden"),
        (.notFound("gone"), 404, "itemNotFound"),
        (.conflict("busy"), 409, "conflictingRequest"),
        (.internalError("Failed to attach network adapter device to x"), 500, "computeFault"),
        (.notImplemented("not here"), 501, "notImplemented"),
    ])
    func mapping(error: ComputeError, status: Int, name: String) {
        let fault = APIFault(error)
        #expect(fault.status == status)
        #expect(fault.message == error.message)
        #expect(fault.body == [name: ["code": .int(status), "message": .string(error.message)]])
    }

    @Test("a 500 with a kind reads like Nova's unexpected error, then says why")
    func unexpectedKind() {
        let fault = APIFault(.internalError("binding failed on compute0", kind: "PortBindingFailed"))
        #expect(fault.status == 500)
        #expect(fault.message == """
            Unexpected API Error. Please contact the administrator
            <class 'nova.exception.PortBindingFailed'>
            binding failed on compute0
            """)
        let qualified = APIFault(.internalError("", kind: "nova.exception_Remote.AllocationUpdateFailed_Remote"))
        #expect(qualified.message == """
            Unexpected API Error. Please contact the administrator
            <class 'nova.exception_Remote.AllocationUpdateFailed_Remote'>
            """)
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
        let error = ComputeError.internalError("The database could not be written.", kind: "DBError",
                                               cause: "SQLite error 19: UNIQUE constraint failed: vifs.port_id")
        let fault = APIFault(error)
        #expect(fault.status == 500)
        #expect(fault.message == "Unexpected API Error. Please contact the administrator\n<class 'nova.exception.DBError'>\nThe database could not be written.")
        #expect(!fault.body.rendered.contains("SQLite"))
        #expect(fault.logDetail == "SQLite error 19: UNIQUE constraint failed: vifs.port_id")
    }
}
