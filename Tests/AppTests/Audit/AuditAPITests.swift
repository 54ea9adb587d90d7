import App
import Compute
import ComputeModel
import EmbeddedNetwork
import Foundation
import JSONModel
import NetworkModel
import NeutronClient
import PCI
import Testing

/// `/v2.1/os-sriov-audit`: the last report and the totals (GET), an audit run now (POST),
/// admin only; and the periodic audit of `[audit] interval`.
struct AuditAPITests {
    /// Binds a port to this host for a server that does not exist, through the network API.
    static func bindBehindTheBack(_ api: APIClient, port: String, slot: String) async throws {
        let reply = try await api.call(.put, "/v2.0/ports/\(port)", ["port": [
            "binding:host_id": "compute0", "device_id": .string(UUID().uuidString.lowercased()), "device_owner": "compute:nova",
            "binding:profile": ["pci_slot": .string(slot)],
        ]])
        try #require(reply.status == 200, "bind: \(reply.status) \(reply.json?.rendered ?? "")")
    }

    /// The start-up audit runs in the background: its report is the first.
    static func startUpAudit(_ api: APIClient) async -> AuditReport {
        await api.service.manager.audits.report(afterRuns: 0)
    }

    static func freeVF(_ api: APIClient) async throws -> String {
        try #require(try await api.pciStatuses().filter { $0.value == "available" }.keys.sorted().last)
    }

    @Test func theStartUpAuditIsTheFirstReport() async throws {
        let harness = try await ServiceHarness.make()
        try await harness.run { api in
            _ = await Self.startUpAudit(api)
            let reply = try await api.call(.get, "/v2.1/os-sriov-audit")
            #expect(reply.status == 200)
            let audit = try #require(reply.json?["audit"])
            #expect(audit["last"]?["healing"] == true)
            #expect(audit["last"]?["findings"] == [])
            #expect(audit["last"]?["unchecked_sources"] == [:])
            #expect(audit["last"]?["host"] == "compute0")
            #expect(audit["totals"]?["runs"] == 1)
            #expect(audit["totals"]?["findings"] == 0)

            let member = try await api.as("alice:demo").call(.get, "/v2.1/os-sriov-audit")
            #expect(member.status == 403)
            #expect(member.faultMessage == "Policy doesn't allow os_compute_api:os-sriov-audit:show to be performed.")
            let memberRun = try await api.as("alice:demo").call(.post, "/v2.1/os-sriov-audit", ["heal": true])
            #expect(memberRun.status == 403)
        }
    }

    @Test func aRunReportsWithoutHealingThenHeals() async throws {
        let harness = try await ServiceHarness.make(fakeHost: .init(numaNodes: 1, pfCount: 1, vfsPerPF: 2))
        try await harness.run { api in
            _ = await Self.startUpAudit(api)
            let net = try await api.createNetwork()
            let port = try await api.createPort(network: net, vnicType: "direct")
            try await Self.bindBehindTheBack(api, port: port, slot: try await Self.freeVF(api))

            let look = try await api.call(.post, "/v2.1/os-sriov-audit")
            #expect(look.status == 200)
            let finding = try #require(look.json?["audit"]?["findings"]?.arrayValue?.first)
            #expect(finding["kind"] == "port_of_missing_server")
            #expect(finding["port_id"] == .string(port))
            #expect(finding["remedy"] == "unbind_port")
            #expect(finding["outcome"] == "healable")
            #expect(look.json?["audit"]?["healing"] == false)
            #expect(look.json?["audit"]?["counts"]?["by_kind"] == ["port_of_missing_server": 1])
            #expect(try await api.port(port)["binding:host_id"] == "compute0", "without heal nothing changes")

            let heal = try await api.call(.post, "/v2.1/os-sriov-audit", ["heal": true])
            #expect(heal.json?["audit"]?["findings"]?.arrayValue?.first?["outcome"] == "healed")
            #expect(heal.json?["audit"]?["counts"]?["by_outcome"] == ["healed": 1])
            #expect(try await api.port(port)["binding:host_id"] == "")
            #expect(try await api.port(port)["device_id"] == "")

            let status = try await api.call(.get, "/v2.1/os-sriov-audit")
            #expect(status.json?["audit"]?["totals"]?["runs"] == 3)
            #expect(status.json?["audit"]?["totals"]?["healed"] == 1)
            #expect(status.json?["audit"]?["totals"]?["findings_by_kind"] == ["port_of_missing_server": 2])
            #expect(status.json?["audit"]?["last"]?["findings"]?.arrayValue?.first?["outcome"] == "healed")
        }
    }

    @Test(arguments: [
        (#"{"heal": "yes"}"#, "Invalid input for field/attribute heal."),
        (#"{"heal": true, "dry": 1}"#, "Additional properties are not allowed"),
        ("[]", "[] is not of type 'object', 'null'"),
    ])
    func aBadBodyIsRefusedAndRunsNothing(_ body: String, _ message: String) async throws {
        let harness = try await ServiceHarness.make()
        try await harness.run { api in
            _ = await Self.startUpAudit(api)
            let json = try #require(JSON.parse(body))
            let reply = try await api.call(.post, "/v2.1/os-sriov-audit", json)
            #expect(reply.status == 400)
            #expect(reply.faultMessage?.contains(message) == true, "\(reply.faultMessage ?? "")")
            #expect(await api.service.manager.audits.totals.runs == 1)
        }
    }

    @Test func thePeriodicAuditHealsWithoutBeingAsked() async throws {
        let harness = try await ServiceHarness.make(fakeHost: .init(numaNodes: 1, pfCount: 1, vfsPerPF: 2)) { configuration in
            configuration.auditInterval = 1
        }
        try await harness.run { api in
            let net = try await api.createNetwork()
            let port = try await api.createPort(network: net, vnicType: "direct")
            try await Self.bindBehindTheBack(api, port: port, slot: try await Self.freeVF(api))
            _ = await Self.startUpAudit(api)
            let audits = api.service.manager.audits
            let periodic = Task { await api.service.runPeriodicAudits() }
            defer { periodic.cancel() }
            var runs = await audits.totals.runs
            var healed = false
            // Each report as it comes (no polling): the first one after the drift heals it.
            while !healed, runs < 10 {
                let report = await audits.report(afterRuns: runs)
                runs += 1
                healed = report.findings.contains { $0.kind == .orphanPort && $0.port == port && $0.outcome == .healed }
            }
            #expect(healed)
            #expect(try await api.port(port)["binding:host_id"] == "")
        }
    }

    @Test func anIntervalOfZeroRunsNoPeriodicAudit() async throws {
        let harness = try await ServiceHarness.make { configuration in configuration.auditInterval = 0 }
        try await harness.run { api in
            _ = await Self.startUpAudit(api)
            // Returns at once: nothing to wait for.
            await api.service.runPeriodicAudits()
            #expect(await api.service.manager.audits.totals.runs == 1)
        }
    }
}
