import ComputeModel
import Foundation
import JSONModel
import Testing

@Suite("GET /servers")
struct ServerListTests {
    private static let older = Fixtures.server(id: Fixtures.otherServerID, name: "vm2", vmState: .stopped,
                                               createdAt: Fixtures.created.addingTimeInterval(-100))

    private func harness() async -> APIHarness {
        let harness = APIHarness()
        await harness.service.add(Self.older)
        await harness.service.add(Fixtures.server())
        await harness.service.add(Fixtures.tiny)
        return harness
    }

    private func filters(_ harness: APIHarness) async -> [ServerFilter] {
        await harness.service.calls.compactMap { call in
            if case .servers(let filter, _) = call { return filter }
            return nil
        }
    }

    @Test("lists id, name and links, newest first, as Tempest expects", arguments: ["2.1", "2.96"])
    func basicList(version: String) async throws {
        try await harness().run { api in
            let response = try await api.get("/v2.1/servers", version: version, token: APIClient.member)
            #expect(response.status == 200)
            TempestSchema.expectConforms(response, to: "list_servers", at: version)
            let servers = try #require(response.json?["servers"]?.arrayValue)
            #expect(servers.map { $0["name"] } == ["vm1", "vm2"])
            #expect(servers.first?.objectValue?.keys.sorted() == ["id", "links", "name"])
        }
    }

    @Test("name, status and the clients' harmless extras reach the service as a filter")
    func filtersPassed() async throws {
        let harness = await harness()
        try await harness.run { api in
            let response = try await api.get("/v2.1/servers/detail?name=vm1&status=active&deleted=False&sort_key=created_at",
                                             version: "2.96", token: APIClient.member)
            #expect(response.status == 200)
            #expect(response.json?["servers"]?.arrayValue?.count == 1)
        }
        #expect(await filters(harness) == [ServerFilter(name: "vm1", status: "ACTIVE")])
    }

    @Test("several statuses are matched here")
    func severalStatuses() async throws {
        let harness = await harness()
        try await harness.run { api in
            let response = try await api.get("/v2.1/servers?status=SHUTOFF&status=PAUSED", token: APIClient.member)
            #expect(response.json?["servers"]?.arrayValue?.map { $0["name"] } == ["vm2"])
        }
        #expect(await filters(harness) == [ServerFilter()])
    }

    @Test("an unknown status is a 400 from 2.38 and an empty list before")
    func unknownStatus() async throws {
        try await harness().run { api in
            let new = try await api.get("/v2.1/servers?status=SLEEPING", version: "2.38", token: APIClient.member)
            #expect(new.status == 400)
            #expect(new.faultMessage == "Invalid status value")
            let old = try await api.get("/v2.1/servers?status=SLEEPING", version: "2.37", token: APIClient.member)
            #expect(old.status == 200)
            #expect(old.json?["servers"] == [])
        }
    }

    @Test("all_tenants is for admins; members get Nova's policy refusal")
    func allTenants() async throws {
        let harness = await harness()
        try await harness.run { api in
            let member = try await api.get("/v2.1/servers/detail?all_tenants=1", token: APIClient.member)
            #expect(member.status == 403)
            #expect(member.faultMessage == "Policy doesn't allow os_compute_api:servers:detail:get_all_tenants to be performed.")
            let index = try await api.get("/v2.1/servers?all_tenants", token: APIClient.member)
            #expect(index.faultMessage == "Policy doesn't allow os_compute_api:servers:index:get_all_tenants to be performed.")
            #expect(try await api.get("/v2.1/servers?all_tenants=0", token: APIClient.member).status == 200)
            let bad = try await api.get("/v2.1/servers?all_tenants=maybe")
            #expect(bad.status == 400)
            #expect(bad.faultMessage == "Invalid input received: Unrecognized value 'maybe', acceptable values are: '0', '1', 'f', 'false', 'n', 'no', 'off', 'on', 't', 'true', 'y', 'yes'")
            #expect(try await api.get("/v2.1/servers?all_tenants=true&project_id=demo").status == 200)
            #expect(try await api.get("/v2.1/servers?project_id=other").status == 200)
        }
        #expect(await filters(harness) == [
            ServerFilter(), ServerFilter(allTenants: true, projectID: "demo"), ServerFilter(),
        ])
    }

    @Test("unknown parameters are ignored before 2.75 and refused from it")
    func unknownParameters() async throws {
        try await harness().run { api in
            #expect(try await api.get("/v2.1/servers?foo=1", version: "2.74", token: APIClient.member).status == 200)
            let strict = try await api.get("/v2.1/servers?foo=1", version: "2.75", token: APIClient.member)
            #expect(strict.status == 400)
            #expect(strict.faultMessage == "'foo' does not match any of the regexes: '^_'")
            #expect(try await api.get("/v2.1/servers?deleted=False&limit=5", version: "2.96").status == 200)
        }
    }

    @Test("admins may not filter on joined tables or private fields")
    func joinedTables() async throws {
        try await harness().run { api in
            let response = try await api.get("/v2.1/servers?metadata=x")
            #expect(response.status == 400)
            #expect(response.faultMessage == "Invalid filter field: metadata.")
            #expect(try await api.get("/v2.1/servers?_secret=1").faultMessage == "Invalid filter field: _secret.")
            #expect(try await api.get("/v2.1/servers?metadata=x", token: APIClient.member).status == 200)
        }
    }

    @Test("deleted=true from an admin finds nothing: deleted servers are not kept")
    func deleted() async throws {
        try await harness().run { api in
            let deleted = try await api.get("/v2.1/servers?all_tenants&deleted=true")
            #expect(deleted.json?["servers"] == [])
            let live = try await api.get("/v2.1/servers?all_tenants&deleted=false")
            #expect(live.json?["servers"]?.arrayValue?.count == 2)
        }
    }

    @Test("limit and marker page the list, with a next link when the page is full")
    func paging() async throws {
        let first = Fixtures.serverID.uuidString.lowercased()
        try await harness().run { api in
            let page = try await api.get("/v2.1/servers?limit=1", token: APIClient.member)
            #expect(page.json?["servers"]?.arrayValue?.map { $0["name"] } == ["vm1"])
            #expect(page.json?["servers_links"] == [
                ["rel": "next", "href": .string("http://localhost/v2.1/servers?limit=1&marker=\(first)")],
            ])
            TempestSchema.expectConforms(page, to: "list_servers", at: "2.1")
            let next = try await api.get("/v2.1/servers/detail?limit=1&marker=\(first)", token: APIClient.member)
            #expect(next.json?["servers"]?.arrayValue?.map { $0["name"] } == ["vm2"])
            let missing = try await api.get("/v2.1/servers?marker=nope", token: APIClient.member)
            #expect(missing.status == 400)
            #expect(missing.faultMessage == "marker [nope] not found")
            let bad = try await api.get("/v2.1/servers?limit=-1", token: APIClient.member)
            #expect(bad.status == 400)
            #expect(bad.faultMessage == "Invalid input for query parameters limit. Value: -1. '-1' does not match '^[0-9]*$'")
        }
    }
}
