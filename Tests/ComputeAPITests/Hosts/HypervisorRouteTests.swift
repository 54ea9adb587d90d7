import ComputeModel
import JSONModel
import Testing

@Suite("os-hypervisors")
struct HypervisorRouteTests {
    private let first = HostFixtures.firstID.uuidString.lowercased()

    @Test("one hypervisor per host, as Tempest's schemas expect at each microversion where the view changes")
    func listsConform() async throws {
        let harness = await HostFixtures.harness()
        try await harness.run { api in
            for version in ["2.1", "2.33", "2.53"] {
                TempestSchema.expectConforms(try await api.get("/v2.1/os-hypervisors", version: version), to: "list_search_hypervisors",
                                             at: version)
            }
            for version in ["2.1", "2.28", "2.33", "2.53"] {
                TempestSchema.expectConforms(try await api.get("/v2.1/os-hypervisors/detail", version: version),
                                             to: "list_hypervisors_detail", at: version)
            }
            let list = try await api.get("/v2.1/os-hypervisors", version: "2.1")
            #expect(list.json == ["hypervisors": [
                ["id": 1, "hypervisor_hostname": "compute0", "state": "up", "status": "enabled"],
                ["id": 2, "hypervisor_hostname": "compute1", "state": "down", "status": "disabled"],
            ]])
            let detail = try await api.get("/v2.1/os-hypervisors/detail", version: "2.53")
            let compute0 = try #require(detail.json?["hypervisors"]?.arrayValue?.first)
            #expect(compute0["id"] == .string(first))
            #expect(compute0["hypervisor_type"] == "QEMU")
            #expect(compute0["host_ip"] == "192.0.2.10")
            #expect(compute0["running_vms"] == 1)
            #expect(compute0["service"] == ["id": .string(first), "host": "compute0", "disabled_reason": nil])
            #expect(compute0["pci_pools"] == nil)
            let compute1 = try #require(detail.json?["hypervisors"]?.arrayValue?.last)
            #expect(compute1["host_ip"] == "0.0.0.0")
            #expect(compute1["service"]?["disabled_reason"] == "maintenance")
        }
    }

    @Test("from 2.88 the detail drops the resource counters, adds uptime and the host's PCI pools")
    func pools() async throws {
        let harness = await HostFixtures.harness()
        try await harness.run { api in
            let show = try await api.get("/v2.1/os-hypervisors/\(first)", version: "2.88")
            let hypervisor = try #require(show.json?["hypervisor"])
            #expect(hypervisor["vcpus"] == nil && hypervisor["running_vms"] == nil && hypervisor["cpu_info"] == nil)
            #expect(hypervisor["uptime"] == .null)
            #expect(hypervisor["pci_pools"] == [
                ["vendor_id": "8086", "product_id": "1520", "dev_type": "type-VF", "physical_network": "physnet1", "numa_node": 0,
                 "total": 4, "free": 3],
                ["vendor_id": "8086", "product_id": "1521", "dev_type": "type-PF", "physical_network": nil, "numa_node": nil,
                 "total": 1, "free": 0],
            ])
        }
    }

    @Test("show by integer id before 2.53 and by uuid from it; a bad uuid is 400, an unknown id 404")
    func show() async throws {
        let harness = await HostFixtures.harness()
        try await harness.run { api in
            let old = try await api.get("/v2.1/os-hypervisors/2", version: "2.1")
            TempestSchema.expectConforms(old, to: "get_hypervisor", at: "2.1")
            #expect(old.json?["hypervisor"]?["hypervisor_hostname"] == "compute1")
            let cpu = try await api.get("/v2.1/os-hypervisors/1", version: "2.28")
            TempestSchema.expectConforms(cpu, to: "get_hypervisor", at: "2.28")
            let new = try await api.get("/v2.1/os-hypervisors/\(first)?with_servers=true", version: "2.53")
            TempestSchema.expectConforms(new, to: "get_hypervisor", at: "2.53")
            #expect(new.json?["hypervisor"]?["servers"] == [["name": "vm1", "uuid": .string(Fixtures.serverID.uuidString.lowercased())]])
            let bad = try await api.get("/v2.1/os-hypervisors/1", version: "2.53")
            #expect(bad.status == 400 && bad.faultMessage == "Invalid uuid 1")
            let unknown = try await api.get("/v2.1/os-hypervisors/9", version: "2.1")
            #expect(unknown.status == 404 && unknown.faultMessage == "Hypervisor with ID '9' could not be found.")
            let word = try await api.get("/v2.1/os-hypervisors/compute0", version: "2.1")
            #expect(word.status == 404)
        }
    }

    @Test("2.53's hostname pattern and with_servers; paging with a pattern is refused; no match is 404")
    func pattern() async throws {
        let harness = await HostFixtures.harness()
        try await harness.run { api in
            let found = try await api.get("/v2.1/os-hypervisors?hypervisor_hostname_pattern=pute1&with_servers=1", version: "2.75")
            #expect(found.json?["hypervisors"]?.arrayValue?.map { $0["hypervisor_hostname"] } == ["compute1"])
            // 2.75: with_servers gives an empty list rather than no key.
            #expect(found.json?["hypervisors"]?.arrayValue?.first?["servers"] == [])
            let none = try await api.get("/v2.1/os-hypervisors?hypervisor_hostname_pattern=zzz", version: "2.53")
            #expect(none.status == 404 && none.faultMessage == "No hypervisor matching 'zzz' could be found.")
            let paging = try await api.get("/v2.1/os-hypervisors?hypervisor_hostname_pattern=c&limit=1", version: "2.53")
            #expect(paging.status == 400)
            #expect(paging.faultMessage == "Paging over hypervisors with the hypervisor_hostname_pattern query parameter is not supported.")
            let unknownParameter = try await api.get("/v2.1/os-hypervisors?color=red", version: "2.53")
            #expect(unknownParameter.status == 400)
        }
    }

    @Test("paging from 2.33: limit, marker and the next link")
    func paging() async throws {
        let harness = await HostFixtures.harness()
        try await harness.run { api in
            let page = try await api.get("/v2.1/os-hypervisors?limit=1", version: "2.33")
            TempestSchema.expectConforms(page, to: "list_search_hypervisors", at: "2.33")
            #expect(page.json?["hypervisors"]?.arrayValue?.map { $0["id"] } == [1])
            #expect(page.json?["hypervisors_links"]?.arrayValue?.first?["href"]?.stringValue?.hasSuffix("/v2.1/os-hypervisors?limit=1&marker=1") == true)
            let next = try await api.get("/v2.1/os-hypervisors?limit=1&marker=1", version: "2.33")
            #expect(next.json?["hypervisors"]?.arrayValue?.map { $0["id"] } == [2])
            #expect(try await api.get("/v2.1/os-hypervisors?marker=77", version: "2.33").faultMessage == "marker [77] not found")
        }
    }

    @Test("before 2.53 the search and servers routes; from 2.53 they are gone")
    func legacySearch() async throws {
        let harness = await HostFixtures.harness()
        try await harness.run { api in
            let search = try await api.get("/v2.1/os-hypervisors/compute/search", version: "2.1")
            TempestSchema.expectConforms(search, to: "list_search_hypervisors", at: "2.1")
            #expect(search.json?["hypervisors"]?.arrayValue?.count == 2)
            let servers = try await api.get("/v2.1/os-hypervisors/compute0/servers", version: "2.1")
            TempestSchema.expectConforms(servers, to: "get_hypervisors_servers", at: "2.1")
            #expect(servers.json?["hypervisors"]?.arrayValue?.first?["servers"]?.arrayValue?.count == 1)
            #expect(try await api.get("/v2.1/os-hypervisors/nothing/search", version: "2.1").status == 404)
            #expect(try await api.get("/v2.1/os-hypervisors/compute/search", version: "2.53").status == 404)
        }
    }

    @Test("os-aggregates, which hypervisor show reads, is empty for admins and refused to members")
    func aggregates() async throws {
        try await APIHarness().run { api in
            #expect(try await api.get("/v2.1/os-aggregates").json == ["aggregates": []])
            let member = try await api.get("/v2.1/os-aggregates", token: APIClient.member)
            #expect(member.faultMessage == "Policy doesn't allow os_compute_api:os-aggregates:index to be performed.")
        }
    }

    @Test("members get Nova's policy refusal; the service is not asked")
    func member() async throws {
        let harness = await HostFixtures.harness()
        try await harness.run { api in
            let list = try await api.get("/v2.1/os-hypervisors", token: APIClient.member)
            #expect(list.status == 403 && list.faultMessage == "Policy doesn't allow os_compute_api:os-hypervisors:list to be performed.")
            let detail = try await api.get("/v2.1/os-hypervisors/detail", token: APIClient.member)
            #expect(detail.faultMessage == "Policy doesn't allow os_compute_api:os-hypervisors:list-detail to be performed.")
            let show = try await api.get("/v2.1/os-hypervisors/1", token: APIClient.member)
            #expect(show.faultMessage == "Policy doesn't allow os_compute_api:os-hypervisors:show to be performed.")
        }
        #expect(await harness.service.calls.isEmpty)
    }
}
