import APICore
import ComputeAPI
import ComputeModel
import Foundation
import JSONModel
import Testing

/// Nova's default policies on the routes, with Keystone identities: who may list, attach
/// and detach on a server of project `demo`, and what the others get.
@Suite("Policy on the routes")
struct PolicyRouteTests {
    private let base = "/v2.1/servers/\(Fixtures.serverID.uuidString.lowercased())/os-interface"
    private let attachBody: JSON = ["interfaceAttachment": ["port_id": .string(Fixtures.portID)]]

    private func harness(policy: Policy = .novaDefaults) async -> APIHarness {
        let harness = APIHarness(policy: policy, authenticator: ScriptedAuthenticator())
        await harness.service.add(Fixtures.server())
        await harness.service.setAttachments([Fixtures.attachment()], for: Fixtures.serverID)
        return harness
    }

    @Test("a member of the project lists, attaches and detaches")
    func memberActs() async throws {
        let harness = await harness()
        let (base, body) = (base, attachBody)
        try await harness.run { api async throws in
            #expect(try await api.get(base, token: "member-token").status == 200)
            #expect(try await api.post(base, body, token: "member-token").status == 200)
            #expect(try await api.delete(base + "/" + Fixtures.portID, token: "member-token").status == 202)
        }
        #expect(await harness.service.calls.count == 2)
    }

    @Test("a reader lists but gets Nova's 403 on attach and detach, and nothing is done")
    func readerIsRefused() async throws {
        let harness = await harness()
        let (base, body) = (base, attachBody)
        try await harness.run { api in
            #expect(try await api.get(base, token: "reader-token").status == 200)
            let attach = try await api.post(base, body, token: "reader-token")
            #expect(attach.status == 403)
            #expect(attach.faultName == "forbidden")
            #expect(attach.faultMessage == "Policy doesn't allow os_compute_api:os-attach-interfaces:create to be performed.")
            let detach = try await api.delete(base + "/" + Fixtures.portID, token: "reader-token")
            #expect(detach.status == 403)
            #expect(detach.faultMessage == "Policy doesn't allow os_compute_api:os-attach-interfaces:delete to be performed.")
            let fit = try await api.get(base.replacingOccurrences(of: "os-interface", with: "os-interface-fit") + "/" + Fixtures.portID,
                                        token: "reader-token")
            #expect(fit.status == 403)
            #expect(fit.faultMessage == "Policy doesn't allow os_compute_api:os-interface-fit:show to be performed.")
        }
        #expect(await harness.service.calls.isEmpty)
    }

    @Test("another project's member gets 404 for the server, as if it did not exist")
    func otherProjectSeesNothing() async throws {
        let harness = await harness()
        let (base, body) = (base, attachBody)
        try await harness.run { api in
            for response in [try await api.get(base, token: "other-token"), try await api.post(base, body, token: "other-token")] {
                #expect(response.status == 404)
                #expect(response.faultMessage == "Instance \(Fixtures.serverID.uuidString.lowercased()) could not be found.")
            }
        }
        #expect(await harness.service.calls.isEmpty)
    }

    @Test("an admin of another project acts on the server")
    func adminActsAnywhere() async throws {
        let harness = await harness()
        let (base, body) = (base, attachBody)
        try await harness.run { api async throws in
            #expect(try await api.post(base, body, token: "admin-token").status == 200)
            #expect(try await api.delete(base + "/" + Fixtures.portID, token: "admin-token").status == 202)
        }
    }

    @Test("the PCI inventory refuses members and readers, and a service user without admin")
    func inventoryIsAdminOnly() async throws {
        let harness = await harness()
        await harness.service.setPCI(Fixtures.pciListings())
        try await harness.run { api in
            for token in ["member-token", "reader-token", "service-token"] {
                let response = try await api.get("/v2.1/os-pci-devices", token: token)
                #expect(response.status == 403)
                #expect(response.faultMessage == "Policy doesn't allow os_compute_api:os-pci-devices:index to be performed.")
            }
            #expect(try await api.get("/v2.1/os-pci-devices", token: "admin-token").status == 200)
        }
    }

    @Test("forged identity headers change nothing: the token alone says who calls")
    func forgedHeadersAreIgnored() async throws {
        let harness = await harness()
        let (base, body) = (base, attachBody)
        let forged: HTTPFields = [
            HTTPField.Name("X-Roles")!: "admin", HTTPField.Name("X-Project-Id")!: "demo",
            HTTPField.Name("X-User-Id")!: "admin", HTTPField.Name("X-Identity-Status")!: "Confirmed",
        ]
        try await harness.run { api in
            let reader = try await api.send(.post, base, token: "reader-token", json: body, headers: forged)
            #expect(reader.status == 403)
            let other = try await api.send(.post, base, token: "other-token", json: body, headers: forged)
            #expect(other.status == 404)
            let none = try await api.send(.post, base, json: body, headers: forged)
            #expect(none.status == 401)
        }
        #expect(await harness.service.calls.isEmpty)
    }

    @Test("an operator rule forbidding detach for members takes effect; admins still detach")
    func operatorOverride() async throws {
        let policy = try Policy(overrides: ["os_compute_api:os-attach-interfaces:delete": "rule:context_is_admin"])
        let harness = await harness(policy: policy)
        let base = base
        try await harness.run { api in
            let member = try await api.delete(base + "/" + Fixtures.portID, token: "member-token")
            #expect(member.status == 403)
            #expect(member.faultMessage == "Policy doesn't allow os_compute_api:os-attach-interfaces:delete to be performed.")
            #expect(try await api.delete(base + "/" + Fixtures.portID, token: "admin-token").status == 202)
        }
        #expect(await harness.service.calls == [.detach(Fixtures.portID, Fixtures.serverID)])
    }

    @Test("a reader may list servers but not create one; the service role is no admin")
    func serversByRole() async throws {
        let harness = await harness()
        try await harness.run { api in
            #expect(try await api.get("/v2.1/servers", token: "reader-token").status == 200)
            let create = try await api.post("/v2.1/servers", ["server": ["name": "x", "flavorRef": "1", "imageRef": .string(Fixtures.imageID), "networks": "none"]],
                                            version: "2.37", token: "reader-token")
            #expect(create.status == 403)
            #expect(create.faultMessage == "Policy doesn't allow os_compute_api:servers:create to be performed.")
            let lock = try await api.post("/v2.1/servers/\(Fixtures.serverID.uuidString.lowercased())/action", ["lock": .null],
                                          token: "reader-token")
            #expect(lock.status == 403)
            #expect(lock.faultMessage == "Policy doesn't allow os_compute_api:os-lock-server:lock to be performed.")
            let action = "/v2.1/servers/\(Fixtures.serverID.uuidString.lowercased())/action"
            let reboot = try await api.post(action, ["reboot": ["type": "SOFT"]], token: "reader-token")
            #expect(reboot.status == 403)
            #expect(reboot.faultMessage == "Policy doesn't allow os_compute_api:servers:reboot to be performed.")
            let console = try await api.post(action, ["os-getConsoleOutput": ["length": 10]], token: "reader-token")
            #expect(console.status == 403)
            #expect(console.faultMessage == "Policy doesn't allow os_compute_api:os-console-output to be performed.")
        }
        #expect(await harness.service.calls.allSatisfy { if case .servers = $0 { true } else { false } })
    }
}
