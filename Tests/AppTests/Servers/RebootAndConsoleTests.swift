import TestSupport
import Foundation
import JSONModel
import Testing
import Virt

/// `reboot` (soft and hard) keeps the attached devices and their ledger rows; the console
/// (`os-getConsoleOutput`) shows the guest's boots, tailed as Nova tails it.
@Suite(.serialized)
struct RebootAndConsoleTests {
    func action(_ api: APIClient, _ server: String, _ body: JSON) async throws -> APIResponse {
        try await api.call(.post, "/v2.1/servers/\(server)/action", body)
    }

    func console(_ api: APIClient, _ server: String, _ length: JSON) async throws -> APIResponse {
        try await action(api, server, ["os-getConsoleOutput": ["length": length]])
    }

    @Test func softAndHardRebootsKeepTheDeviceTheLedgerAndTheInterface() async throws {
        let harness = try await ServiceHarness.make()
        try await harness.run { api in
            let net = try await api.createNetwork()
            let port = try await api.createPort(network: net, vnicType: "direct")
            let server = try await api.boot(ports: [port])
            let uuid = try #require(UUID(uuidString: server))
            let held = try await api.pciStatuses()
            let guest = try DeviceLocator.devices(inDomainXML: await api.service.hypervisor.domainXML(of: uuid, live: true)).map(\.device)
            #expect(guest.count == 1)

            let soft = try await action(api, server, ["reboot": ["type": "SOFT"]])
            #expect(soft.status == 202)
            #expect(try await api.server(server)["status"] == "ACTIVE")
            #expect(try await api.pciStatuses() == held)
            #expect(try await api.interfacePortIDs(server) == [port])
            #expect(try DeviceLocator.devices(inDomainXML: await api.service.hypervisor.domainXML(of: uuid, live: true)).map(\.device) == guest)
            let request = try #require(soft.headers[.init("x-openstack-request-id")!])
            let recorded = try #require(try await api.action(server, requestID: request))
            #expect(recorded["action"] == "reboot")
            #expect(recorded["events"]?.arrayValue?.first?["event"] == "compute_reboot_instance")
            #expect(recorded["events"]?.arrayValue?.first?["result"] == "Success")

            // A soft reboot needs a running guest (Nova's ALLOW_SOFT_REBOOT); a hard one boots
            // a stopped server from its configuration, device included.
            #expect(try await action(api, server, ["os-stop": .null]).status == 202)
            let refused = try await action(api, server, ["reboot": ["type": "soft"]])
            #expect(refused.status == 409)
            #expect(refused.faultMessage == "Cannot 'reboot' instance \(server) while it is in vm_state stopped")
            #expect(try await action(api, server, ["reboot": ["type": "Hard"]]).status == 202)
            #expect(try await api.server(server)["status"] == "ACTIVE")
            #expect(try await api.pciStatuses() == held)
            #expect(try DeviceLocator.devices(inDomainXML: await api.service.hypervisor.domainXML(of: uuid, live: true)).map(\.device) == guest)

            // From a suspended server, the saved image is dropped and the guest boots.
            #expect(try await action(api, server, ["suspend": .null]).status == 202)
            #expect(try await action(api, server, ["reboot": ["type": "HARD"]]).status == 202)
            #expect(try await api.server(server)["status"] == "ACTIVE")
            #expect(try await api.pciStatuses() == held)
            #expect(try await api.service.hypervisor.state(of: uuid) == .running)
        }
    }

    static let badReboots: [(JSON, String)] = [
        (["reboot": [:]], "'type' is a required property"),
        (["reboot": ["type": "WARM"]], "'WARM' is not one of"),
        (["reboot": ["type": "HARD", "force": true]], "Additional properties are not allowed"),
        (["reboot": "HARD"], "is not of type 'object'"),
    ]

    @Test(arguments: badReboots)
    func aBadRebootBodyIsRefusedBeforeAnythingHappens(_ body: JSON, _ message: String) async throws {
        let harness = try await ServiceHarness.make()
        try await harness.run { api in
            let server = try await api.boot()
            let reply = try await action(api, server, body)
            #expect(reply.status == 400)
            #expect(reply.faultMessage?.contains(message) == true, "\(reply.faultMessage ?? "")")
            #expect(try await api.actions(server).compactMap { $0["action"]?.stringValue } == ["create"])
        }
    }

    @Test func theConsoleShowsEachBootAndIsTailedAsNovaTailsIt() async throws {
        let harness = try await ServiceHarness.make()
        try await harness.run { api in
            let net = try await api.createNetwork()
            let port = try await api.createPort(network: net, vnicType: "direct")
            let server = try await api.boot(ports: [port])
            #expect(try await action(api, server, ["reboot": ["type": "SOFT"]]).status == 202)

            let whole = try await console(api, server, .null)
            #expect(whole.status == 200)
            let text = try #require(whole.json?["output"]?.stringValue)
            #expect(text.contains("boot 1\n") && text.contains("boot 2\n"))
            #expect(text.contains("hostdev interface") && text.contains("on VF 0000:02:00.0"))
            #expect(try await console(api, server, -1).json?["output"] == .string(text))
            // Nova splits at line feeds and keeps the last pieces: the final empty one counts.
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(try await console(api, server, 2).json?["output"] == .string(lines.suffix(2).joined(separator: "\n")))
            #expect(try await console(api, server, "3").json?["output"] == .string(lines.suffix(3).joined(separator: "\n")))
            #expect(try await console(api, server, 0).json?["output"] == "")
            // Not an instance action.
            #expect(try await api.actions(server).compactMap { $0["action"]?.stringValue } == ["reboot", "create"])

            #expect(try await console(api, server, -2).status == 400)
            #expect(try await console(api, server, "ten").status == 400)
            #expect(try await action(api, server, ["os-getConsoleOutput": ["lines": 2]]).status == 400)
            #expect(try await console(api.as("other:elsewhere"), server, 1).status == 404)
            #expect(try await console(api, UUID().uuidString.lowercased(), 1).status == 404)
        }
    }
}
