import ComputeModel
import JSONModel
import Testing

@Suite("os-availability-zone")
struct AvailabilityZoneRouteTests {
    @Test("any user sees the zone nova, available while a host is enabled")
    func list() async throws {
        let harness = await HostFixtures.harness()
        try await harness.run { api in
            let zones = try await api.get("/v2.1/os-availability-zone", token: APIClient.member)
            TempestSchema.expectConforms(zones, to: "list_availability_zone_list", at: "2.1")
            #expect(zones.json == ["availabilityZoneInfo": [["zoneName": "nova", "zoneState": ["available": true], "hosts": nil]]])
        }
    }

    @Test("admins see the enabled hosts with their nova-compute state; the disabled host is left out")
    func detail() async throws {
        let harness = await HostFixtures.harness()
        try await harness.run { api in
            let zones = try await api.get("/v2.1/os-availability-zone/detail")
            TempestSchema.expectConforms(zones, to: "list_availability_zone_list_detail", at: "2.1")
            #expect(zones.json?["availabilityZoneInfo"]?.arrayValue?.first?["hosts"] == [
                "compute0": ["nova-compute": ["available": true, "active": true, "updated_at": "2023-11-14T22:13:20.000000"]],
            ])
            let member = try await api.get("/v2.1/os-availability-zone/detail", token: APIClient.member)
            #expect(member.faultMessage == "Policy doesn't allow os_compute_api:os-availability-zone:detail to be performed.")
        }
    }

    @Test("every host disabled: nova is listed unavailable, without hosts; no host at all: no zone")
    func unavailable() async throws {
        let harness = APIHarness()
        var hosts = HostFixtures.hosts
        hosts[0].host.disabled = true
        await harness.service.setHosts(hosts)
        try await harness.run { api in
            let zones = try await api.get("/v2.1/os-availability-zone/detail")
            TempestSchema.expectConforms(zones, to: "list_availability_zone_list_detail", at: "2.1")
            #expect(zones.json == ["availabilityZoneInfo": [["zoneName": "nova", "zoneState": ["available": false], "hosts": nil]]])
        }
        await harness.service.setHosts([])
        try await harness.run { api in
            let zones = try await api.get("/v2.1/os-availability-zone")
            #expect(zones.json == ["availabilityZoneInfo": []])
        }
    }
}
