import APICore
import Testing

@Suite("/v2.0/subnets")
struct SubnetRoutesTests {
    @Test("POST creates (201) with the default gateway and pool")
    func create() async throws {
        try await APIHarness().run { api in
            let (networkID, subnetID) = try await api.vlanNetwork()
            let show = try await api.send(.get, "/v2.0/subnets/\(subnetID)")
            #expect(show.status == 200)
            let subnet = try #require(show.json?["subnet"]?.objectValue)
            #expect(subnet["network_id"] == .string(networkID))
            #expect(subnet["cidr"] == "10.99.0.0/24")
            #expect(subnet["ip_version"] == 4)
            #expect(subnet["gateway_ip"] == "10.99.0.1")
            #expect(subnet["allocation_pools"] == [["start": "10.99.0.2", "end": "10.99.0.254"]])
            #expect(subnet["enable_dhcp"] == true)
            #expect(subnet["host_routes"] == [])
            #expect(subnet["ipv6_ra_mode"] == JSON.null)
            #expect(subnet["tenant_id"] == "alice-project")
        }
    }

    @Test("explicit pools, null gateway; missing attributes and bad CIDRs are 400")
    func variants() async throws {
        try await APIHarness().run { api in
            let (networkID, _) = try await api.vlanNetwork()
            let network = JSON.string(networkID)
            let second = try await api.send(
                .post, "/v2.0/subnets",
                body: ["subnet": ["network_id": network, "ip_version": 4, "cidr": "10.98.0.0/24", "gateway_ip": nil,
                    "allocation_pools": [["start": "10.98.0.10", "end": "10.98.0.20"]]]])
            #expect(second.status == 201)
            #expect(second.json?["subnet"]?["gateway_ip"] == JSON.null)
            #expect(second.json?["subnet"]?["allocation_pools"] == [["start": "10.98.0.10", "end": "10.98.0.20"]])
            let noVersion = try await api.send(.post, "/v2.0/subnets", body: ["subnet": ["network_id": network, "cidr": "10.97.0.0/24"]])
            #expect(noVersion.neutronError.message == "Failed to parse request. Required attribute 'ip_version' not specified")
            let badCIDR = try await api.send(.post, "/v2.0/subnets", body: ["subnet": ["network_id": network, "ip_version": 4, "cidr": "10.97.0/24"]])
            #expect(badCIDR.neutronError.message == "Invalid input for cidr. Reason: '10.97.0/24' is not a valid IP subnet.")
            let overlap = try await api.send(.post, "/v2.0/subnets", body: ["subnet": ["network_id": network, "ip_version": 4, "cidr": "10.99.0.128/25"]])
            #expect(overlap.status == 400)
            #expect(overlap.neutronError.type == "InvalidInput")
            let badPool = try await api.send(
                .post, "/v2.0/subnets", body: ["subnet": ["network_id": network, "ip_version": 4, "cidr": "10.96.0.0/24", "allocation_pools": [["start": "10.96.0.10"]]]])
            #expect(badPool.neutronError.message == "Invalid input for allocation_pools. Reason: Invalid data format for IP pool: '{\"start\": \"10.96.0.10\"}'.")
            let noNetwork = try await api.send(.post, "/v2.0/subnets", body: ["subnet": ["network_id": "nope", "ip_version": 4, "cidr": "10.95.0.0/24"]])
            #expect(noNetwork.status == 404)
            #expect(noNetwork.neutronError.type == "NetworkNotFound")
        }
    }

    @Test("GET lists with filters, PUT updates, DELETE is 204 then 404; in use is 409")
    func lifecycle() async throws {
        try await APIHarness().run { api in
            let (networkID, subnetID) = try await api.vlanNetwork()
            let list = try await api.send(.get, "/v2.0/subnets?network_id=\(networkID)")
            #expect(list.json?["subnets"]?.arrayValue?.count == 1)
            #expect(try await api.send(.get, "/v2.0/subnets?cidr=10.1.0.0/24").json?["subnets"] == [])
            let updated = try await api.send(.put, "/v2.0/subnets/\(subnetID)", body: ["subnet": ["name": "s1", "dns_nameservers": ["9.9.9.9"]]])
            #expect(updated.status == 200)
            #expect(updated.json?["subnet"]?["name"] == "s1")
            #expect(updated.json?["subnet"]?["dns_nameservers"] == ["9.9.9.9"])
            let cidr = try await api.send(.put, "/v2.0/subnets/\(subnetID)", body: ["subnet": ["cidr": "10.0.0.0/8"]])
            #expect(cidr.neutronError.message == "Cannot update read-only attribute cidr")
            let port = try await api.createPort(["network_id": .string(networkID)])
            let inUse = try await api.send(.delete, "/v2.0/subnets/\(subnetID)")
            #expect(inUse.status == 409)
            #expect(inUse.neutronError.type == "SubnetInUse")
            _ = try await api.send(.delete, "/v2.0/ports/\(port.json?["port"]?["id"]?.stringValue ?? "")")
            #expect(try await api.send(.delete, "/v2.0/subnets/\(subnetID)").status == 204)
            let gone = try await api.send(.get, "/v2.0/subnets/\(subnetID)")
            #expect(gone.status == 404)
            #expect(gone.neutronError.message == "Subnet \(subnetID) could not be found.")
        }
    }
}
