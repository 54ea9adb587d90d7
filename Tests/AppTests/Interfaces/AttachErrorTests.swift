import Foundation
import JSONModel
import Testing

/// The API refusals of nova-behavior §1.2, §1.4–§1.5, §7.5–§7.6: each leaves everything
/// as it was (the harness checks the ledger after each test).
struct AttachErrorTests {
    @Test func unknownServerAndPortAre404() async throws {
        let harness = try await ServiceHarness.make()
        try await harness.run { api in
            let missing = UUID().uuidString.lowercased()
            let net = try await api.createNetwork()
            let port = try await api.createPort(network: net, vnicType: "direct")
            let onMissing = try await api.attach(missing, port: port)
            #expect(onMissing.status == 404)
            #expect(onMissing.faultMessage == "Instance \(missing) could not be found.")
            #expect(try await api.call(.get, "/v2.1/servers/\(missing)/os-interface").status == 404)
            #expect(try await api.call(.delete, "/v2.1/servers/\(missing)/os-interface/\(port)").status == 404)

            let server = try await api.boot()
            let unknownPort = UUID().uuidString.lowercased()
            let noPort = try await api.attach(server, port: unknownPort)
            #expect(noPort.status == 404)
            #expect(noPort.faultMessage == "Port \(unknownPort) could not be found.")
            #expect(try await api.call(.get, "/v2.1/servers/\(server)/os-interface/\(unknownPort)").status == 404)
        }
    }

    @Test func detachingAPortThatIsNotAttachedIs404AtOnce() async throws {
        let harness = try await ServiceHarness.make()
        try await harness.run { api in
            let net = try await api.createNetwork()
            let port = try await api.createPort(network: net, vnicType: "direct")
            let server = try await api.boot()
            let reply = try await api.detach(server, port: port)
            #expect(reply.status == 404)
            #expect(reply.faultMessage == "Port \(port) is not attached to instance \(server)")
        }
    }

    @Test func lockedServerRefusesMembersButNotAdmins() async throws {
        let harness = try await ServiceHarness.make()
        try await harness.run { api in
            let member = api.as("alice:demo")
            // Provider networks are an admin's to create; the port is the member's.
            let net = try await api.createNetwork()
            let port = try await api.createPort(network: net, vnicType: "direct", extra: ["project_id": "demo"])
            let server = try await member.boot()
            #expect(try await member.call(.post, "/v2.1/servers/\(server)/action", ["lock": .null]).status == 202)
            let refused = try await member.attach(server, port: port)
            #expect(refused.status == 409)
            #expect(refused.faultMessage == "Instance \(server) is locked")
            #expect(try await member.port(port)["device_id"] == "")
            // Admins bypass the lock.
            #expect(try await api.attach(server, port: port).status == 200)
            #expect(try await member.detach(server, port: port).status == 409)
            #expect(try await api.detach(server, port: port).status == 202)
        }
    }

    @Test func suspendedServerRefusesAttachAndDetach() async throws {
        let harness = try await ServiceHarness.make()
        try await harness.run { api in
            let net = try await api.createNetwork()
            let port = try await api.createPort(network: net, vnicType: "direct")
            let server = try await api.boot(ports: [port])
            #expect(try await api.call(.post, "/v2.1/servers/\(server)/action", ["suspend": .null]).status == 202)
            #expect(try await api.server(server)["status"] == "SUSPENDED")
            let detach = try await api.detach(server, port: port)
            #expect(detach.status == 409)
            #expect(detach.faultMessage == "Cannot 'detach_interface' instance \(server) while it is in vm_state suspended")
            let other = try await api.createPort(network: net, vnicType: "direct")
            let attach = try await api.attach(server, port: other)
            #expect(attach.status == 409)
            #expect(attach.faultMessage == "Cannot 'attach_interface' instance \(server) while it is in vm_state suspended")
            #expect(try await api.pciStatuses()["0000:02:00.0"] == "allocated")
        }
    }

    @Test func badBodiesAre400NamingTheProblem() async throws {
        let harness = try await ServiceHarness.make()
        try await harness.run { api in
            let server = try await api.boot()
            let path = "/v2.1/servers/\(server)/os-interface"
            let uuid = UUID().uuidString.lowercased()
            let both = try await api.call(.post, path, ["interfaceAttachment": ["port_id": .string(uuid), "net_id": .string(uuid)]])
            #expect(both.status == 400)
            #expect(both.faultMessage == "Must not input both network_id and port_id")
            let ipWithoutNet = try await api.call(.post, path, ["interfaceAttachment": ["port_id": .string(uuid),
                                                                                       "fixed_ips": [["ip_address": "10.0.0.5"]]]])
            #expect(ipWithoutNet.status == 400)
            #expect(ipWithoutNet.faultMessage == "Must input network_id when request IP address")
            let notUUID = try await api.call(.post, path, ["interfaceAttachment": ["port_id": "not-a-uuid"]])
            #expect(notUUID.status == 400)
            #expect(notUUID.faultMessage?.contains("port_id") == true)
            let extra = try await api.call(.post, path, ["interfaceAttachment": ["port_id": .string(uuid), "color": "red"]])
            #expect(extra.status == 400)
            #expect(extra.faultMessage?.contains("color") == true)
            // Tags: from 2.49, 1–60 characters without ',' or '/'.
            #expect(try await api.at("2.48").attach(server, port: uuid, tag: "nic1").status == 400)
            #expect(try await api.attach(server, port: uuid, tag: "a,b").status == 400)
            #expect(try await api.attach(server, port: uuid, tag: "a/b").status == 400)
            #expect(try await api.attach(server, port: uuid, tag: String(repeating: "x", count: 61)).status == 400)
            let notJSON = try await api.call(.post, path, .string("{"))
            #expect(notJSON.status == 400)
        }
    }

    @Test func acceleratorPortsAreRefused() async throws {
        let harness = try await ServiceHarness.make()
        try await harness.run { api in
            let net = try await api.createNetwork()
            let port = try await api.createPort(network: net, vnicType: "accelerator-direct")
            let server = try await api.boot()
            let reply = try await api.attach(server, port: port)
            #expect(reply.status == 400)
            #expect(reply.faultMessage == "Feature not supported with Ports that have accelerators.")
            #expect(try await api.port(port)["device_id"] == "")
        }
    }

    @Test func anotherProjectsPortIsNotUsableAndABoundPortIsInUse() async throws {
        let harness = try await ServiceHarness.make(fakeHost: .init(numaNodes: 1, pfCount: 1, vfsPerPF: 2))
        try await harness.run { api in
            let alice = api.as("alice:demo"), bob = api.as("bob:other")
            let net = try await api.createNetwork()
            let bobsPort = try await api.createPort(network: net, vnicType: "direct", extra: ["project_id": "other"])
            let server = try await alice.boot()
            let foreign = try await api.attach(server, port: bobsPort)
            #expect(foreign.status == 400)
            #expect(foreign.faultMessage == "Port \(bobsPort) not usable for instance \(server).")
            let bobsServer = try await bob.boot()
            #expect(try await bob.attach(bobsServer, port: bobsPort).status == 200)
            let alicesPort = try await api.createPort(network: net, vnicType: "direct", extra: ["project_id": "demo"])
            #expect(try await alice.attach(server, port: alicesPort).status == 200)
            let secondServer = try await alice.boot()
            let inUse = try await alice.attach(secondServer, port: alicesPort)
            #expect(inUse.status == 409)
            #expect(inUse.faultMessage == "Port \(alicesPort) is still in use.")
            // Other projects' servers are invisible.
            #expect(try await bob.attach(server, port: bobsPort).status == 404)
        }
    }
}
