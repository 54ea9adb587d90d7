import ComputeModel
import JSONModel
import Testing

@Suite("os-services")
struct ServiceRouteTests {
    private let first = HostFixtures.firstID.uuidString.lowercased()
    private let second = HostFixtures.secondID.uuidString.lowercased()

    /// The changes the service was asked to make to `host`'s service, in order.
    private static func updates(of host: String, _ harness: APIHarness) async -> [ComputeHostUpdate] {
        await harness.service.calls.compactMap { call in
            if case .updateComputeHost(host, let update) = call { return update }
            return nil
        }
    }

    @Test("the list shows each host's nova-compute service as Nova at 2.1, 2.11 and 2.53, up/down and enabled/disabled")
    func list() async throws {
        let harness = await HostFixtures.harness()
        try await harness.run { api in
            let old = try await api.get("/v2.1/os-services", version: "2.1")
            TempestSchema.expectConforms(old, to: "list_services", at: "2.1")
            let services = try #require(old.json?["services"]?.arrayValue)
            #expect(services[0] == [
                "binary": "nova-compute", "host": "compute0", "id": 1, "zone": "nova", "status": "enabled", "state": "up",
                "updated_at": "2023-11-14T22:13:20.000000", "disabled_reason": nil,
            ])
            #expect(services[1]["state"] == "down" && services[1]["status"] == "disabled" && services[1]["disabled_reason"] == "maintenance")
            let forced = try await api.get("/v2.1/os-services", version: "2.11")
            TempestSchema.expectConforms(forced, to: "list_services", at: "2.11")
            #expect(forced.json?["services"]?.arrayValue?.map { $0["forced_down"] } == [false, false])
            let uuids = try await api.get("/v2.1/os-services", version: "2.53")
            TempestSchema.expectConforms(uuids, to: "list_services", at: "2.53")
            #expect(uuids.json?["services"]?.arrayValue?.map { $0["id"] } == [.string(first), .string(second)])
        }
    }

    @Test("host and binary filter the list; unknown parameters are ignored before 2.75 and refused from it")
    func filters() async throws {
        let harness = await HostFixtures.harness()
        try await harness.run { api in
            let one = try await api.get("/v2.1/os-services?host=compute1", version: "2.53")
            #expect(one.json?["services"]?.arrayValue?.map { $0["host"] } == ["compute1"])
            let binary = try await api.get("/v2.1/os-services?binary=nova-compute", version: "2.53")
            #expect(binary.json?["services"]?.arrayValue?.count == 2)
            let scheduler = try await api.get("/v2.1/os-services?binary=nova-scheduler", version: "2.53")
            #expect(scheduler.json?["services"]?.arrayValue == [])
            #expect(try await api.get("/v2.1/os-services?zone=nova", version: "2.74").status == 200)
            let refused = try await api.get("/v2.1/os-services?zone=nova", version: "2.75")
            #expect(refused.status == 400)
            #expect(refused.faultMessage?.contains("zone") == true)
        }
    }

    @Test("2.53 PUT disables with a reason, enables, and forces down, answering the whole service")
    func update() async throws {
        let harness = await HostFixtures.harness()
        try await harness.run { api in
            let disabled = try await api.send(.put, "/v2.1/os-services/\(first)", version: "2.53",
                                              json: ["status": "disabled", "disabled_reason": "upgrade"])
            TempestSchema.expectConforms(disabled, to: "update_service", at: "2.53")
            #expect(disabled.json?["service"]?["status"] == "disabled")
            #expect(disabled.json?["service"]?["disabled_reason"] == "upgrade")
            #expect(disabled.json?["service"]?["id"] == .string(first))
            let down = try await api.send(.put, "/v2.1/os-services/\(first)", version: "2.53", json: ["forced_down": "yes"])
            #expect(down.json?["service"]?["forced_down"] == true)
            #expect(down.json?["service"]?["state"] == "down")
            let enabled = try await api.send(.put, "/v2.1/os-services/\(first)", version: "2.53", json: ["status": "enabled"])
            #expect(enabled.json?["service"]?["disabled_reason"] == .null)
        }
        let updates = await Self.updates(of: "compute0", harness)
        #expect(updates == [ComputeHostUpdate(disabled: true, disabledReason: "upgrade"), ComputeHostUpdate(forcedDown: true),
                            ComputeHostUpdate(disabled: false)])
    }

    @Test("2.53 PUT refuses a reason with enabled, an empty change, a bad uuid and an unknown service, changing nothing")
    func updateRefusals() async throws {
        let harness = await HostFixtures.harness()
        try await harness.run { api in
            let reason = try await api.send(.put, "/v2.1/os-services/\(first)", version: "2.53",
                                            json: ["status": "enabled", "disabled_reason": "why"])
            #expect(reason.status == 400)
            #expect(reason.faultMessage == "Specifying 'disabled_reason' with status 'enabled' is invalid.")
            let empty = try await api.send(.put, "/v2.1/os-services/\(first)", version: "2.53", json: ["disabled_reason": "only"])
            #expect(empty.status == 400)
            #expect(empty.faultMessage == "No updates were requested. Fields 'status' or 'forced_down' should be specified.")
            let badUUID = try await api.send(.put, "/v2.1/os-services/disable", version: "2.53", json: ["status": "disabled"])
            #expect(badUUID.status == 400)
            #expect(badUUID.faultMessage == "Invalid uuid disable")
            let unknown = "cccccccc-1111-4222-8333-444444444444"
            let missing = try await api.send(.put, "/v2.1/os-services/\(unknown)", version: "2.53", json: ["status": "disabled"])
            #expect(missing.status == 404)
            #expect(missing.faultMessage == "Service \(unknown) could not be found.")
            let schema = try await api.send(.put, "/v2.1/os-services/\(first)", version: "2.53", json: ["status": "off"])
            #expect(schema.status == 400)
        }
        #expect(await harness.service.calls.allSatisfy { if case .updateComputeHost = $0 { false } else { true } })
        #expect(await harness.service.hosts == HostFixtures.hosts)
    }

    @Test("before 2.53 PUT names the action and answers only what changed, as Nova's legacy handlers")
    func legacyActions() async throws {
        let harness = await HostFixtures.harness()
        try await harness.run { api in
            let target: JSON = ["host": "compute0", "binary": "nova-compute"]
            let disable = try await api.send(.put, "/v2.1/os-services/disable", version: "2.1", json: target)
            TempestSchema.expectConforms(disable, to: "enable_disable_service", at: "2.1")
            #expect(disable.json == ["service": ["host": "compute0", "binary": "nova-compute", "status": "disabled"]])
            let logged = try await api.send(.put, "/v2.1/os-services/disable-log-reason", version: "2.1",
                                            json: ["host": "compute0", "binary": "nova-compute", "disabled_reason": "disk"])
            TempestSchema.expectConforms(logged, to: "disable_log_reason", at: "2.1")
            let enable = try await api.send(.put, "/v2.1/os-services/enable", version: "2.1", json: target)
            #expect(enable.json?["service"]?["status"] == "enabled")
            let down = try await api.send(.put, "/v2.1/os-services/force-down", version: "2.11",
                                          json: ["host": "compute0", "binary": "nova-compute", "forced_down": true])
            TempestSchema.expectConforms(down, to: "update_forced_down", at: "2.11")
            #expect(down.json?["service"]?["forced_down"] == true)
        }
        let updates = await Self.updates(of: "compute0", harness)
        #expect(updates == [ComputeHostUpdate(disabled: true), ComputeHostUpdate(disabled: true, disabledReason: "disk"),
                            ComputeHostUpdate(disabled: false), ComputeHostUpdate(forcedDown: true)])
    }

    @Test("legacy PUT refusals: unknown action (force-down before 2.11), missing reason, another binary, unknown host")
    func legacyRefusals() async throws {
        let harness = await HostFixtures.harness()
        try await harness.run { api in
            let target: JSON = ["host": "compute0", "binary": "nova-compute"]
            let unknown = try await api.send(.put, "/v2.1/os-services/reboot", version: "2.1", json: target)
            #expect(unknown.status == 404 && unknown.faultMessage == "Unknown action")
            let early = try await api.send(.put, "/v2.1/os-services/force-down", version: "2.10", json: target)
            #expect(early.status == 404 && early.faultMessage == "Unknown action")
            let noReason = try await api.send(.put, "/v2.1/os-services/disable-log-reason", version: "2.1", json: target)
            #expect(noReason.status == 400 && noReason.faultMessage == "Missing disabled reason field")
            let scheduler = try await api.send(.put, "/v2.1/os-services/disable", version: "2.1",
                                               json: ["host": "compute0", "binary": "nova-scheduler"])
            #expect(scheduler.status == 400)
            #expect(scheduler.faultMessage == "Updating a nova-scheduler service is not supported. Only nova-compute services can be updated.")
            let nowhere = try await api.send(.put, "/v2.1/os-services/disable", version: "2.1",
                                             json: ["host": "nowhere", "binary": "nova-compute"])
            #expect(nowhere.status == 404 && nowhere.faultMessage == "Could not find binary nova-compute on host nowhere.")
            let noHost = try await api.send(.put, "/v2.1/os-services/disable", version: "2.1", json: ["binary": "nova-compute"])
            #expect(noHost.status == 400)
        }
        #expect(await harness.service.hosts == HostFixtures.hosts)
    }

    @Test("DELETE removes a host without servers (204) and refuses one with servers (409), by uuid or integer id")
    func delete() async throws {
        let harness = await HostFixtures.harness()
        try await harness.run { api in
            let hosting = try await api.delete("/v2.1/os-services/\(first)", version: "2.53")
            #expect(hosting.status == 409)
            #expect(hosting.faultMessage == "Unable to delete compute service that is hosting instances. Migrate or delete the instances first.")
            #expect(try await api.delete("/v2.1/os-services/abc", version: "2.53").faultMessage == "Invalid uuid abc")
            #expect(try await api.delete("/v2.1/os-services/abc", version: "2.1").status == 400)
            #expect(try await api.delete("/v2.1/os-services/7", version: "2.1").faultMessage == "Service 7 not found.")
            #expect(try await api.delete("/v2.1/os-services/2", version: "2.1").status == 204)
        }
        #expect(await harness.service.hosts.map(\.host.name) == ["compute0"])
    }

    @Test("members get Nova's policy refusal for the list, the update and the delete; the service is not asked")
    func member() async throws {
        let harness = await HostFixtures.harness()
        try await harness.run { api in
            let list = try await api.get("/v2.1/os-services", token: APIClient.member)
            #expect(list.status == 403 && list.faultMessage == "Policy doesn't allow os_compute_api:os-services:list to be performed.")
            let update = try await api.send(.put, "/v2.1/os-services/\(first)", version: "2.53", token: APIClient.member,
                                            json: ["status": "disabled"])
            #expect(update.faultMessage == "Policy doesn't allow os_compute_api:os-services:update to be performed.")
            let delete = try await api.delete("/v2.1/os-services/\(first)", version: "2.53", token: APIClient.member)
            #expect(delete.faultMessage == "Policy doesn't allow os_compute_api:os-services:delete to be performed.")
        }
        #expect(await harness.service.calls.isEmpty)
    }
}
