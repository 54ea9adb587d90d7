import Testing

@testable import EmbeddedNetwork
import NetworkModel

@Suite("SubnetPlan: CIDR, gateway and pools")
struct SubnetPlanTests {
    func plan(_ request: SubnetCreate) throws(NetworkFault) -> SubnetPlan { try SubnetPlan.make(request) }

    func pools(_ plan: SubnetPlan) -> [String] { plan.pools.map { "\($0.lowerBound)-\($0.upperBound)" } }

    @Test("defaults: gateway .1, one pool of the other hosts")
    func defaults() throws {
        let result = try plan(SubnetCreate(networkID: "n", cidr: "10.99.0.0/24"))
        #expect(result.gateway?.description == "10.99.0.1")
        #expect(pools(result) == ["10.99.0.2-10.99.0.254"])
    }

    @Test("a gateway in the middle splits the default pool; no gateway keeps all hosts")
    func gatewayPlacement() throws {
        #expect(pools(try plan(SubnetCreate(networkID: "n", cidr: "10.0.0.0/29", gateway: .address("10.0.0.3"))))
            == ["10.0.0.1-10.0.0.2", "10.0.0.4-10.0.0.6"])
        #expect(pools(try plan(SubnetCreate(networkID: "n", cidr: "10.0.0.0/29", gateway: .none))) == ["10.0.0.1-10.0.0.6"])
    }

    @Test("explicit pools are validated")
    func explicitPools() throws {
        let ok = try plan(SubnetCreate(networkID: "n", cidr: "10.0.0.0/24", allocationPools: [AllocationPool(start: "10.0.0.100", end: "10.0.0.110")]))
        #expect(pools(ok) == ["10.0.0.100-10.0.0.110"])
        #expect(throws: NetworkFault(.badRequest, type: "OutOfBoundsAllocationPool", message: "The allocation pool 10.0.0.250-10.0.1.5 spans beyond the subnet cidr 10.0.0.0/24.")) {
            try plan(SubnetCreate(networkID: "n", cidr: "10.0.0.0/24", allocationPools: [AllocationPool(start: "10.0.0.250", end: "10.0.1.5")]))
        }
        #expect(throws: NetworkFault(.conflict, type: "GatewayConflictWithAllocationPools", message: "Gateway ip 10.0.0.1 conflicts with allocation pool 10.0.0.1-10.0.0.9")) {
            try plan(SubnetCreate(networkID: "n", cidr: "10.0.0.0/24", allocationPools: [AllocationPool(start: "10.0.0.1", end: "10.0.0.9")]))
        }
        #expect(throws: NetworkFault.self) {
            try plan(SubnetCreate(networkID: "n", cidr: "10.0.0.0/24", allocationPools: [
                AllocationPool(start: "10.0.0.10", end: "10.0.0.20"), AllocationPool(start: "10.0.0.15", end: "10.0.0.30"),
            ]))
        }
    }

    @Test("bad CIDRs, IPv6 and gateways outside the subnet are 400s")
    func refusals() {
        #expect(throws: NetworkFault.invalidAttribute("cidr", reason: "'10.0.0/24' is not a valid IP subnet")) {
            try plan(SubnetCreate(networkID: "n", cidr: "10.0.0/24"))
        }
        #expect(throws: NetworkFault.invalidAttribute("ip_version", reason: "the embedded network service supports IPv4 subnets only")) {
            try plan(SubnetCreate(networkID: "n", ipVersion: 6, cidr: "fd00::/64"))
        }
        #expect(throws: NetworkFault.invalidInput("Gateway is not valid on subnet")) {
            try plan(SubnetCreate(networkID: "n", cidr: "10.0.0.0/24", gateway: .address("10.0.1.1")))
        }
        #expect(throws: NetworkFault.self) { try plan(SubnetCreate(networkID: "n", cidr: "10.0.0.0/31")) }
    }
}
