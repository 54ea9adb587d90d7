import App
import Compute
import Foundation
import JSONModel
import ComputeModel
import Logging
import Testing

/// The pre-flight (`GET …/os-interface-fit/{port_id}`, `sriov-compute pci fit`): an attach
/// without effect — 200 with the device it would get, or the attach's own fault — with
/// nothing claimed, bound or recorded.
@Suite(.serialized)
struct InterfaceFitTests {
    func fit(_ api: APIClient, _ server: String, _ port: String) async throws -> JSON {
        let reply = try await api.call(.get, "/v2.1/servers/\(server)/os-interface-fit/\(port)")
        try #require(reply.status == 200, "fit: \(reply.status) \(reply.json?.rendered ?? "")")
        return try #require(reply.json?["interfaceFit"])
    }

    @Test func aFitNamesTheDeviceTheAttachThenGetsAndChangesNothing() async throws {
        let harness = try await ServiceHarness.make(fakeHost: .init(numaNodes: 2, pfCount: 2, vfsPerPF: 2), trackPFs: false)
        try await harness.run { api in
            let net = try await api.createNetwork()
            let port = try await api.createPort(network: net, vnicType: "direct")
            let server = try await api.boot()
            let before = try await api.pciStatuses()
            let actions = try await api.actions(server).count

            let answer = try await fit(api, server, port)
            #expect(answer["fits"] == true)
            #expect(answer["vnic_type"] == "direct" && answer["physical_network"] == "physnet2" && answer["dev_type"] == "type-VF")
            let slot = try #require(answer["pci_slot"]?.stringValue)
            // Nothing claimed, bound or recorded.
            #expect(try await api.pciStatuses() == before)
            let unbound = try await api.port(port)
            #expect(unbound["device_id"] == "" && unbound["binding:profile"] == [:])
            #expect(try await api.actions(server).count == actions)

            #expect(try await api.attach(server, port: port).status == 200)
            #expect(try await api.port(port)["binding:profile"]?["pci_slot"] == .string(slot))
        }
    }

    @Test func aRefusedFitGivesTheAttachsOwnAnswer() async throws {
        let harness = try await ServiceHarness.make(fakeHost: .init(numaNodes: 1, pfCount: 1, vfsPerPF: 1), trackPFs: false)
        try await harness.run { api in
            let net = try await api.createNetwork()
            let first = try await api.createPort(network: net, vnicType: "direct")
            let second = try await api.createPort(network: net, vnicType: "direct")
            let server = try await api.boot(ports: [first])

            // The pool is empty: the claim's explanation, word for word, and the attach's 400.
            let answer = try await api.call(.get, "/v2.1/servers/\(server)/os-interface-fit/\(second)")
            let refused = try await api.attach(server, port: second)
            #expect(refused.status == 400 && answer.status == 400)
            #expect(answer.faultMessage == refused.faultMessage)
            #expect(refused.faultMessage?.hasPrefix("Failed to claim PCI device for \(server) during interface attach: ") == true)

            // An attached port: 409, as the attach answers.
            let attached = try await api.call(.get, "/v2.1/servers/\(server)/os-interface-fit/\(first)")
            #expect(attached.status == 409)
            #expect(attached.faultMessage == "Port \(first) is still in use.")

            // A server an admin locked, for its owner: the attach's 409, checked first.
            let member = api.as("alice:demo")
            let owned = try await member.boot()
            #expect(try await api.call(.post, "/v2.1/servers/\(owned)/action", ["lock": .null]).status == 202)
            let locked = try await member.call(.get, "/v2.1/servers/\(owned)/os-interface-fit/\(second)")
            #expect(locked.status == 409)
            #expect(locked.faultMessage == "Instance \(owned) is locked")
            // Another project's port on the member's own (unlocked) server: the attach's 400.
            #expect(try await api.call(.post, "/v2.1/servers/\(owned)/action", ["unlock": .null]).status == 202)
            let foreign = try await member.call(.get, "/v2.1/servers/\(owned)/os-interface-fit/\(second)")
            #expect(foreign.status == 400)
            #expect(foreign.faultMessage == "Port \(second) not usable for instance \(owned).")
        }
    }

    @Test func anotherProjectsServerAndAnUnknownOneAre404() async throws {
        let harness = try await ServiceHarness.make()
        try await harness.run { api in
            let net = try await api.createNetwork()
            let port = try await api.createPort(network: net, vnicType: "direct")
            let server = try await api.boot()
            #expect(try await api.as("other:otherproject").call(.get, "/v2.1/servers/\(server)/os-interface-fit/\(port)").status == 404)
            #expect(try await api.call(.get, "/v2.1/servers/\(UUID().uuidString.lowercased())/os-interface-fit/\(port)").status == 404)
            // An unknown port is the attach's 404 too.
            #expect(try await api.call(.get, "/v2.1/servers/\(server)/os-interface-fit/no-such-port").status == 404)
        }
    }

    /// `sriov-compute pci fit` opens the stored ledger without the service lock, so it runs
    /// next to the service and answers as its API does.
    @Test func theToolAnswersFromTheStoredLedgerAsTheAPIDoes() async throws {
        let harness = try await ServiceHarness.make(fakeHost: .init(numaNodes: 1, pfCount: 1, vfsPerPF: 2), trackPFs: false)
        try await harness.run { api in
            let net = try await api.createNetwork()
            let port = try await api.createPort(network: net, vnicType: "macvtap")
            let server = try await api.boot()
            let fromAPI = try await fit(api, server, port)
            var quiet = Logger(label: "fit")
            quiet.logLevel = .critical
            let tools = try await LedgerTools.open(api.service.configuration, tool: "sriov-compute pci fit", exclusive: false, logger: quiet)
            let context = RequestContext(userID: "t", projectID: "admin", isAdmin: true, requestID: "req-t")
            let fromTool = try await tools.manager.portFit(port, on: try #require(UUID(uuidString: server)), context: context)
            try await tools.shutdown()
            #expect(fromTool.fits && fromTool.device?.address.description == fromAPI["pci_slot"]?.stringValue)
        }
    }
}
