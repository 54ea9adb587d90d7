import ComputeModel
import JSONModel
import Testing

@Suite("os-pci-devices")
struct PCIDeviceRouteTests {
    @Test("admins see every device in address order, with Nova's field names")
    func list() async throws {
        let harness = APIHarness()
        await harness.service.setPCI(Fixtures.pciListings())
        try await harness.run { api in
            let response = try await api.get("/v2.1/os-pci-devices", version: "2.96")
            #expect(response.status == 200)
            let devices = try #require(response.json?["pci_devices"]?.arrayValue)
            #expect(devices.map { $0["address"] } == ["0000:81:00.0", "0000:81:02.1", "0000:81:02.2"])
            #expect(devices[1] == [
                "address": "0000:81:02.1", "vendor_id": "8086", "product_id": "154c", "dev_type": "type-VF",
                "status": "allocated", "instance_uuid": .string(Fixtures.serverID.uuidString.lowercased()),
                "request_id": "99999999-8888-4777-a666-555555555555", "numa_node": 0, "parent_addr": "0000:81:00.0",
                "parent_ifname": "ens1f0", "physical_network": "physnet2", "host": "compute0",
            ])
            #expect(devices[0]["dev_type"] == "type-PF")
            #expect(devices[0]["parent_addr"] == .null)
            #expect(devices[2]["instance_uuid"] == .null)
            #expect(devices[2]["request_id"] == .null)
            #expect(devices[2]["numa_node"] == .null)
            #expect(devices[2]["physical_network"] == .null)
            #expect(devices[2]["status"] == "available")
        }
    }

    @Test("members get Nova's policy refusal and the service is not asked")
    func member() async throws {
        let harness = APIHarness()
        try await harness.run { api in
            let response = try await api.get("/v2.1/os-pci-devices", token: APIClient.member)
            #expect(response.status == 403)
            #expect(response.faultName == "forbidden")
            #expect(response.faultMessage == "Policy doesn't allow os_compute_api:os-pci-devices:index to be performed.")
        }
        #expect(await harness.service.calls.isEmpty)
    }
}
