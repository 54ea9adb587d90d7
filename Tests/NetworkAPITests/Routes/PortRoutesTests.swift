import APICore
import Testing

@Suite("/v2.0/ports")
struct PortRoutesTests {
    @Test("POST creates a direct port (201): unbound, DOWN, an address, a fa:16:3e MAC, Neutron's keys")
    func create() async throws {
        try await APIHarness().run { api in
            let (networkID, subnetID) = try await api.vlanNetwork()
            let response = try await api.createPort(["network_id": .string(networkID), "binding:vnic_type": "direct", "name": "vf"])
            #expect(response.status == 201)
            let port = try #require(response.json?["port"]?.objectValue)
            #expect(port["binding:vnic_type"] == "direct")
            #expect(port["binding:vif_type"] == "unbound")
            #expect(port["binding:vif_details"] == [:])
            #expect(port["binding:host_id"] == "")
            #expect(port["binding:profile"] == [:])
            #expect(port["status"] == "DOWN")
            #expect(port["fixed_ips"] == [["subnet_id": .string(subnetID), "ip_address": "10.99.0.2"]])
            #expect(port["mac_address"]?.stringValue?.hasPrefix("fa:16:3e:") == true)
            #expect(port["device_id"] == "")
            #expect(port["device_owner"] == "")
            #expect(port["security_groups"] == [])
            #expect(port["numa_affinity_policy"] == JSON.null)
            #expect(port["admin_state_up"] == true)
            #expect(port["tenant_id"] == "admin")
            #expect(port["project_id"] == "admin")
            for key in ["id", "name", "network_id", "description", "created_at", "updated_at", "revision_number"] {
                #expect(port[key] != nil, "missing \(key)")
            }
        }
    }

    @Test("Nova's attach PUT binds (hw_veb, vlan 101); Nova's detach PUT unbinds, keeping trusted")
    func novaFlow() async throws {
        try await APIHarness().run { api in
            let (networkID, _) = try await api.vlanNetwork()
            let created = try await api.createPort(["network_id": .string(networkID), "binding:vnic_type": "direct", "binding:profile": ["trusted": true]])
            let id = created.json?["port"]?["id"]?.stringValue ?? ""
            let bound = try await api.send(
                .put, "/v2.0/ports/\(id)",
                body: ["port": [
                    "binding:host_id": "compute0", "device_id": "server-uuid", "device_owner": "compute:nova",
                    "binding:profile": ["trusted": true, "pci_vendor_info": "8086:154c", "pci_slot": "0000:81:10.2", "physical_network": "physnet1"],
                ]])
            #expect(bound.status == 200)
            #expect(bound.json?["port"]?["binding:vif_type"] == "hw_veb")
            #expect(bound.json?["port"]?["binding:vif_details"] == ["port_filter": false, "connectivity": "l2", "vlan": "101", "bound_drivers": ["0": "sriovnicswitch"]])
            #expect(bound.json?["port"]?["device_id"] == "server-uuid")
            let unbound = try await api.send(
                .put, "/v2.0/ports/\(id)",
                body: ["port": ["binding:host_id": nil, "device_id": "", "device_owner": "", "binding:profile": ["trusted": true]]])
            #expect(unbound.json?["port"]?["binding:vif_type"] == "unbound")
            #expect(unbound.json?["port"]?["binding:host_id"] == "")
            #expect(unbound.json?["port"]?["binding:profile"] == ["trusted": true])
            #expect(unbound.json?["port"]?["binding:vif_details"] == [:])
        }
    }

    @Test("binding on a host without an agent shows binding_failed")
    func bindingFailed() async throws {
        try await APIHarness(agents: [:]).run { api in
            let (networkID, _) = try await api.vlanNetwork()
            let port = try await api.createPort(["network_id": .string(networkID), "binding:vnic_type": "macvtap", "binding:host_id": "compute0"])
            #expect(port.status == 201)
            #expect(port.json?["port"]?["binding:vif_type"] == "binding_failed")
        }
    }

    @Test("GET lists with filters (device_id, name, fixed_ips, binding:host_id) and fields; shows one; 404 in Neutron's shape")
    func listAndShow() async throws {
        try await APIHarness().run { api in
            let (networkID, _) = try await api.vlanNetwork()
            let first = try await api.createPort(["network_id": .string(networkID), "name": "vf-osc", "device_id": "vm1"])
            _ = try await api.createPort(["network_id": .string(networkID), "binding:host_id": "compute0"])
            let id = first.json?["port"]?["id"]?.stringValue ?? ""
            #expect(try await api.send(.get, "/v2.0/ports").json?["ports"]?.arrayValue?.count == 2)
            #expect(try await api.send(.get, "/v2.0/ports?device_id=vm1").json?["ports"]?.arrayValue?.map { $0["id"] } == [.string(id)])
            #expect(try await api.send(.get, "/v2.0/ports?name=vf-osc").json?["ports"]?.arrayValue?.count == 1)
            #expect(try await api.send(.get, "/v2.0/ports?fixed_ips=ip_address%3D10.99.0.2").json?["ports"]?.arrayValue?.map { $0["id"] } == [.string(id)])
            #expect(try await api.send(.get, "/v2.0/ports?binding%3Ahost_id=compute0").json?["ports"]?.arrayValue?.count == 1)
            #expect(try await api.send(.get, "/v2.0/ports?fields=id&fields=status").json?["ports"]?.arrayValue?.first?.objectValue?.keys.sorted() == ["id", "status"])
            #expect(try await api.send(.get, "/v2.0/ports/\(id)").json?["port"]?["name"] == "vf-osc")
            let missing = try await api.send(.get, "/v2.0/ports/vf-osc")
            #expect(missing.status == 404)
            #expect(missing.json == ["NeutronError": ["type": "PortNotFound", "message": "Port vf-osc could not be found.", "detail": ""]])
        }
    }

    @Test("PUT validation: unknown vnic type, read-only status, NUMA policy; DELETE 204 then 404")
    func updateAndDelete() async throws {
        try await APIHarness().run { api in
            let (networkID, _) = try await api.vlanNetwork()
            let id = try await api.createPort(["network_id": .string(networkID)]).json?["port"]?["id"]?.stringValue ?? ""
            let vnic = try await api.send(.put, "/v2.0/ports/\(id)", body: ["port": ["binding:vnic_type": "sriov"]])
            #expect(vnic.status == 400)
            #expect(vnic.neutronError.message?.hasPrefix("Invalid input for binding:vnic_type. Reason: 'sriov' is not in [") == true)
            let status = try await api.send(.put, "/v2.0/ports/\(id)", body: ["port": ["status": "ACTIVE"]])
            #expect(status.neutronError.message == "Cannot update read-only attribute status")
            let numa = try await api.send(.put, "/v2.0/ports/\(id)", body: ["port": ["numa_affinity_policy": "socket"]])
            #expect(numa.json?["port"]?["numa_affinity_policy"] == "socket")
            let cleared = try await api.send(.put, "/v2.0/ports/\(id)", body: ["port": ["numa_affinity_policy": nil]])
            #expect(cleared.json?["port"]?["numa_affinity_policy"] == JSON.null)
            let deleted = try await api.send(.delete, "/v2.0/ports/\(id)")
            #expect(deleted.status == 204)
            #expect(try await api.send(.delete, "/v2.0/ports/\(id)").status == 404)
        }
    }

    @Test("POST errors: missing network_id, unknown network, MAC in use, bad fixed_ips, exhausted subnet, unknown security group")
    func createErrors() async throws {
        try await APIHarness().run { api in
            let (networkID, _) = try await api.vlanNetwork()
            let network = JSON.string(networkID)
            #expect(try await api.createPort(["name": "x"]).neutronError.message == "Failed to parse request. Required attribute 'network_id' not specified")
            #expect(try await api.createPort(["network_id": "nope"]).neutronError.type == "NetworkNotFound")
            _ = try await api.createPort(["network_id": network, "mac_address": "52:54:00:00:00:01"])
            let mac = try await api.createPort(["network_id": network, "mac_address": "52:54:00:00:00:01"])
            #expect(mac.status == 409)
            #expect(mac.neutronError.type == "MacAddressInUse")
            let badMAC = try await api.createPort(["network_id": network, "mac_address": "zz"])
            #expect(badMAC.neutronError.message == "Invalid input for mac_address. Reason: 'zz' is not a valid MAC address.")
            let badIPs = try await api.createPort(["network_id": network, "fixed_ips": [["ip": "10.99.0.9"]]])
            #expect(badIPs.neutronError.message == "Invalid input for fixed_ips. Reason: Invalid data format for fixed IP: '{\"ip\": \"10.99.0.9\"}'.")
            let taken = try await api.createPort(["network_id": network, "fixed_ips": [["ip_address": "10.99.0.2"]]])
            #expect(taken.status == 409)
            #expect(taken.neutronError.type == "IpAddressAlreadyAllocated")
            let group = try await api.createPort(["network_id": network, "security_groups": ["default"]])
            #expect(group.status == 404)
            #expect(group.neutronError.type == "SecurityGroupNotFound")
            let noGroups = try await api.createPort(["network_id": network, "security_groups": []])
            #expect(noGroups.status == 201)
            let small = try await api.send(.post, "/v2.0/networks", body: ["network": ["name": "small"]])
            let smallID = small.json?["network"]?["id"] ?? .null
            _ = try await api.send(.post, "/v2.0/subnets", body: ["subnet": ["network_id": smallID, "ip_version": 4, "cidr": "10.5.0.0/30"]])
            #expect(try await api.createPort(["network_id": smallID]).status == 201)  // .2, the only free host
            let exhausted = try await api.createPort(["network_id": smallID])
            #expect(exhausted.status == 409)
            #expect(exhausted.neutronError.type == "IpAddressGenerationFailure")
        }
    }

    @Test("binding attributes: 403 for a non-admin to set, hidden from its view; vnic type allowed")
    func bindingPolicy() async throws {
        try await APIHarness().run { api in
            let (networkID, _) = try await api.vlanNetwork()
            let network = JSON.string(networkID)
            let host = try await api.createPort(["network_id": network, "binding:host_id": "compute0"], token: APIClient.alice)
            #expect(host.status == 403)
            #expect(host.neutronError.type == "PolicyNotAuthorized")
            let profile = try await api.createPort(["network_id": network, "binding:profile": ["trusted": true]], token: APIClient.alice)
            #expect(profile.status == 403)
            let mine = try await api.createPort(["network_id": network, "binding:vnic_type": "direct"], token: APIClient.alice)
            #expect(mine.status == 201)
            let port = try #require(mine.json?["port"]?.objectValue)
            #expect(port["binding:vnic_type"] == "direct")
            #expect(port["binding:vif_type"] == nil)
            #expect(port["binding:host_id"] == nil)
            #expect(port["tenant_id"] == "alice-project")
            let id = port["id"]?.stringValue ?? ""
            let put = try await api.send(.put, "/v2.0/ports/\(id)", body: ["port": ["binding:host_id": "compute0"]], token: APIClient.alice)
            #expect(put.status == 403)
        }
    }

    @Test("project isolation: a non-admin sees only its own ports")
    func isolation() async throws {
        try await APIHarness().run { api in
            let (networkID, _) = try await api.vlanNetwork(project: "bob-project", shared: true)
            let bobs = try await api.createPort(["network_id": .string(networkID)], token: APIClient.bob)
            let alices = try await api.createPort(["network_id": .string(networkID)], token: APIClient.alice)
            let bobID = bobs.json?["port"]?["id"]?.stringValue ?? ""
            let list = try await api.send(.get, "/v2.0/ports", token: APIClient.alice)
            #expect(list.json?["ports"]?.arrayValue?.map { $0["id"] } == [alices.json?["port"]?["id"] ?? nil])
            #expect(try await api.send(.get, "/v2.0/ports/\(bobID)", token: APIClient.alice).status == 404)
            #expect(try await api.send(.delete, "/v2.0/ports/\(bobID)", token: APIClient.alice).status == 404)
            #expect(try await api.send(.get, "/v2.0/ports", token: "admin:admin").json?["ports"]?.arrayValue?.count == 2)
        }
    }
}
