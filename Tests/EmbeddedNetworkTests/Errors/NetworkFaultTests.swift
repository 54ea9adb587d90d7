import Testing

@testable import EmbeddedNetwork
import NetworkModel

@Suite("NetworkFault → NetworkError")
struct NetworkFaultTests {
    @Test("not-found faults keep their id in the typed case")
    func notFound() {
        #expect(NetworkFault.portNotFound("p1").networkError == .portNotFound("p1"))
        #expect(NetworkFault.networkNotFound("n1").networkError == .networkNotFound("n1"))
        #expect(NetworkError.portNotFound("p1").description == "Port p1 could not be found.")
        #expect(NetworkError.networkNotFound("n1").description == "Network n1 could not be found.")
    }

    @Test("the other statuses map by class")
    func byStatus() {
        #expect(NetworkFault.macAddressInUse("fa:16:3e:00:00:01", network: "n").networkError
            == .conflict("Unable to complete operation for network n. The mac address fa:16:3e:00:00:01 is in use."))
        #expect(NetworkFault.invalidInput("x").networkError == .badRequest("Invalid input for operation: x."))
        #expect(NetworkFault.subnetNotFound("s").networkError == .badRequest("Subnet s could not be found."))
        #expect(NetworkFault.macGenerationFailure(network: "n").networkError == .unavailable("Unable to generate unique mac on network n."))
    }
}
