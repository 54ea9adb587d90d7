import JSONModel
import Testing

@testable import NeutronClient
import NetworkModel

/// Neutron's statuses as the typed errors the compute side maps to Nova's codes.
struct NeutronErrorMappingTests {
    static func neutronError(_ type: String, _ message: String) -> JSON {
        ["NeutronError": ["type": .string(type), "message": .string(message), "detail": ""]]
    }

    @Test func notFoundNamesTheResourceAskedFor() {
        let body = Self.neutronError("PortNotFound", "Port p could not be found.")
        #expect(NeutronErrorMapping.error(status: 404, body: body, resource: .port("p"), call: "GET port p") == .portNotFound("p"))
        #expect(NeutronErrorMapping.error(status: 404, body: nil, resource: .network("n"), call: "GET network n") == .networkNotFound("n"))
        #expect(NeutronErrorMapping.error(status: 404, body: nil, resource: .portList, call: "GET ports")
            == .badRequest("Neutron refused GET ports: HTTP 404"))
    }

    /// A release counts a missing port as unbound, so only Neutron's own PortNotFound
    /// may say a port is gone: a 404 from anything else (a proxy, a wrong path) is not
    /// read as "absent".
    @Test func onlyNeutronsPortNotFoundSaysThePortIsGone() {
        #expect(NeutronErrorMapping.error(status: 404, body: nil, resource: .port("p"), call: "GET port p")
            == .unavailable("Neutron answered GET port p with HTTP 404 but not PortNotFound, so whether port p exists is unknown: HTTP 404"))
        #expect(NeutronErrorMapping.error(status: 404, body: ["message": "The resource could not be found."], resource: .port("p"), call: "GET port p")
            == .unavailable("Neutron answered GET port p with HTTP 404 but not PortNotFound, so whether port p exists is unknown: The resource could not be found."))
        #expect(NeutronErrorMapping.error(status: 404, body: Self.neutronError("NetworkNotFound", "Network n could not be found."),
                                          resource: .port("p"), call: "GET port p")
            == .unavailable("Neutron answered GET port p with HTTP 404 but not PortNotFound, so whether port p exists is unknown: Network n could not be found."))
    }

    @Test func conflictKeepsNeutronsMessage() {
        let body = Self.neutronError("MacAddressInUse", "Unable to complete operation for network n. The mac address m is in use.")
        #expect(NeutronErrorMapping.error(status: 409, body: body, resource: .port("p"), call: "PUT port p")
            == .conflict("Unable to complete operation for network n. The mac address m is in use."))
    }

    @Test func badRequestSaysWhichCall() {
        let body = Self.neutronError("HTTPBadRequest", "Invalid input for binding:profile.")
        #expect(NeutronErrorMapping.error(status: 400, body: body, resource: .port("p"), call: "PUT port p (bind)")
            == .badRequest("Neutron refused PUT port p (bind): Invalid input for binding:profile."))
    }

    @Test func credentialsAndServerFailuresMakeTheNetworkUnavailable() {
        #expect(NeutronErrorMapping.error(status: 401, body: ["message": "Authentication required"], resource: .port("p"), call: "GET port p")
            == .unavailable("Neutron refused the compute service's credentials on GET port p (HTTP 401): Authentication required"))
        #expect(NeutronErrorMapping.error(status: 503, body: nil, resource: .port("p"), call: "GET port p")
            == .unavailable("Neutron failed GET port p with HTTP 503: HTTP 503"))
        #expect(NeutronErrorMapping.error(status: 500, body: Self.neutronError("X", "boom"), resource: .network("n"), call: "GET network n")
            == .unavailable("Neutron failed GET network n with HTTP 500: boom"))
    }
}
