import Cluster
import ComputeModel
import Foundation
import Hummingbird
import Logging
import JSONModel
import Store
import Testing
import TestSupport
import Virt

/// Issue 12 item 4: an operation on a server runs on the host that runs it, whichever
/// host's API received it; a host that is down answers 409 at once and nothing changes.
@Suite(.serialized) struct ClusterForwardingTests {
    /// The VFs in the guest's live configuration.
    static func vfCount(_ simulator: SimulatedHypervisor, _ id: UUID) async throws -> Int {
        let xml = try await simulator.domainXML(of: id, live: true)
        return xml.components(separatedBy: #"type="hostdev""#).count + xml.components(separatedBy: "type='hostdev'").count - 2
    }

    @Test func operationsThroughOneHostRunOnTheServersHost() async throws {
        try await ClusterHarness.run(layouts: [nil, .init(numaNodes: 1, pfCount: 1, vfsPerPF: 2),
                                                              .init(numaNodes: 1, pfCount: 1, vfsPerPF: 4)]) { cluster in
            let api1 = cluster.client(1), api2 = cluster.client(2)
            let net = try await api1.createNetwork()
            let first = try await api1.createPort(network: net)
            // Host 1 has no devices; host 3 has the most free VFs.
            let server = try await api1.bootedServer([first])
            #expect(try await cluster.host(of: server) == "host3")
            let shown = try await api2.server(server)
            #expect(shown.json?["server"]?["status"] == "ACTIVE")
            #expect(shown.json?["server"]?["OS-EXT-SRV-ATTR:host"] == "host3")
            let id = try #require(UUID(uuidString: server))
            let simulator3 = try #require(cluster[3].service.simulatedHypervisor)
            let simulator2 = try #require(cluster[2].service.simulatedHypervisor)
            #expect(try await simulator3.domains() == [id])

            // Attach through host 2: host 3's guest gets the VF, host 2's has no guest at all.
            let second = try await api1.createPort(network: net)
            let attached = try await api2.call(.POST, "/v2.1/servers/\(server)/os-interface", ["interfaceAttachment": ["port_id": .string(second)]])
            #expect(attached.status == 200, "\(attached.text)")
            #expect(try await Self.vfCount(simulator3, id) == 2)
            #expect(try await simulator2.domains() == [])
            #expect(try await api1.port(second)["binding:host_id"] == "host3")
            #expect(try await cluster.statuses(of: 3)["allocated"] == 2)

            // Detach through host 2 (202, finished by host 3 in the background).
            let detached = try await api2.call(.DELETE, "/v2.1/servers/\(server)/os-interface/\(second)")
            #expect(detached.status == 202, "\(detached.text)")
            await cluster[3].service.manager.backgroundTasks.waitUntilIdle()
            #expect(try await cluster.statuses(of: 3)["allocated"] == 1)
            #expect(try await Self.vfCount(simulator3, id) == 1)
            #expect(try await api1.port(second)["device_id"] == "")

            // A server action and the console through host 1.
            #expect(try await api1.call(.POST, "/v2.1/servers/\(server)/action", ["os-stop": .null]).status == 202)
            #expect(try await api2.server(server).json?["server"]?["status"] == "SHUTOFF")
            #expect(try await simulator3.state(of: id) == .shutoff)
            #expect(try await api1.call(.POST, "/v2.1/servers/\(server)/action", ["os-getConsoleOutput": [:]]).status == 200)
            // The actions are recorded by host 3, with the caller's request.
            let actions = try await api1.call(.GET, "/v2.1/servers/\(server)/os-instance-actions")
            #expect(actions.json?["instanceActions"]?.arrayValue?.compactMap { $0["action"]?.stringValue }.sorted()
                == ["attach_interface", "create", "detach_interface", "stop"])

            // Delete through host 2: host 3's guest is gone, its devices free.
            #expect(try await api2.call(.DELETE, "/v2.1/servers/\(server)").status == 204)
            #expect(try await simulator3.domains() == [])
            #expect(try await api1.server(server).status == 404)
            #expect(try await cluster.statuses(of: 3)["allocated"] == nil)
        }
    }

    @Test func aDownHostsServersAre409AtOnceAndStillListed() async throws {
        try await ClusterHarness.run(layouts: [nil, nil, .init(numaNodes: 1, pfCount: 1, vfsPerPF: 2)]) { cluster in
            let api1 = cluster.client(1)
            let net = try await api1.createNetwork()
            let server = try await api1.bootedServer([try await api1.createPort(network: net)])
            #expect(try await cluster.host(of: server) == "host3")
            let spare = try await api1.createPort(network: net)
            let before = try await cluster.statuses(of: 3)
            let actionsBefore = try await api1.call(.GET, "/v2.1/servers/\(server)/os-instance-actions").json

            for down in ["heartbeat", "forced"] {
                let database = cluster[1].service.database
                if down == "heartbeat" {
                    // Its last heartbeat older than service_down_time (60 s).
                    try await database.write { db in try ServiceRecords.heartbeat(host: "host3", now: Date().addingTimeInterval(-120), in: db) }
                } else {
                    try await database.write { db in
                        try ServiceRecords.heartbeat(host: "host3", now: Date(), in: db)
                        _ = try ServiceRecords.setForcedDown(true, host: "host3", now: Date(), in: db)
                    }
                }
                let attach = try await api1.call(.POST, "/v2.1/servers/\(server)/os-interface", ["interfaceAttachment": ["port_id": .string(spare)]])
                #expect(attach.status == 409)
                let message = try #require(attach.json?["conflictingRequest"]?["message"]?.stringValue)
                #expect(message.hasPrefix("Compute service of host3 is unavailable at this time. Server \(server) runs there"))
                #expect(message.contains(down == "heartbeat" ? "its last heartbeat was 1" : "forced down"))
                #expect(try await cluster.client(2).call(.DELETE, "/v2.1/servers/\(server)").status == 409)
                #expect(try await api1.call(.POST, "/v2.1/servers/\(server)/action", ["reboot": ["type": "SOFT"]]).status == 409)
                #expect(try await api1.call(.DELETE, "/v2.1/servers/\(server)/os-interface/\(spare)").status == 409)
                // List and show read the shared database.
                #expect(try await api1.server(server).json?["server"]?["status"] == "ACTIVE")
                let list = try await cluster.client(2).call(.GET, "/v2.1/servers")
                #expect(list.json?["servers"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [server])
                // Nothing changed: no action recorded, no device moved, the port untouched.
                #expect(try await api1.call(.GET, "/v2.1/servers/\(server)/os-instance-actions").json == actionsBefore)
                #expect(try await cluster.statuses(of: 3) == before)
                #expect(try await api1.port(spare)["device_id"] == "")
            }
            // Another project's server stays invisible: 404, not 409.
            #expect(try await api1.as("user:other").call(.DELETE, "/v2.1/servers/\(server)").status == 404)
            // A new server cannot go there: no valid host.
            let refused = try await api1.boot([try await api1.createPort(network: net)])
            #expect(refused.status == 202)
            let unplaced = try #require(refused.json?["server"]?["id"]?.stringValue)
            let shown = try await api1.server(unplaced)
            #expect(shown.json?["server"]?["status"] == "ERROR")
            #expect(shown.json?["server"]?["fault"]?["message"] == "No valid host was found. There are not enough hosts available.")
            #expect(shown.json?["server"]?["fault"]?["code"] == 500)
            #expect(try await cluster.statuses(of: 3) == before)

            // Up again: the operation runs.
            try await cluster[1].service.database.write { db in _ = try ServiceRecords.setForcedDown(false, host: "host3", now: Date(), in: db) }
            #expect(try await cluster.client(2).call(.DELETE, "/v2.1/servers/\(server)").status == 204)
            #expect(try await api1.call(.DELETE, "/v2.1/servers/\(unplaced)").status == 204)
        }
    }

    @Test func aHostThatCannotBeReachedIsLikeDownAndALostAnswerIsAnUnknownOutcome() async throws {
        try await ClusterHarness.run(layouts: [nil, nil, .init(numaNodes: 1, pfCount: 1, vfsPerPF: 2)]) { cluster in
            let api1 = cluster.client(1)
            let net = try await api1.createNetwork()
            let server = try await api1.bootedServer([try await api1.createPort(network: net)])
            let spare = try await api1.createPort(network: net)
            let before = try await cluster.statuses(of: 3)
            func move(host3To url: String) async throws {
                try await cluster[1].service.database.write { db in _ = try ServiceRecords.register(host: "host3", peerURL: url, now: Date(), in: db) }
            }
            // Nothing listens there: the call was never sent, a 409 as for a down host.
            try await move(host3To: "http://127.0.0.1:1")
            let unreachable = try await api1.call(.POST, "/v2.1/servers/\(server)/os-interface", ["interfaceAttachment": ["port_id": .string(spare)]])
            #expect(unreachable.status == 409)
            #expect(unreachable.text.contains("Compute service of host3 is unavailable at this time. Server \(server) runs there could not be reached at http://127.0.0.1:1"))

            // Something answers, but not with the owner's typed answer: the call may have
            // run, and the answer says the outcome is unknown (never a guess).
            var quiet = Logger(label: "clustertest")
            quiet.logLevel = .critical
            let broken = Router()
            broken.post(RouterPath(PeerClient.path)) { _, _ in Response(status: .badGateway) }
            let (url, task) = try await ClusterHarness.serve(broken, logger: quiet)
            try await move(host3To: url)
            let lost = try await api1.call(.POST, "/v2.1/servers/\(server)/os-interface", ["interfaceAttachment": ["port_id": .string(spare)]])
            #expect(lost.status == 500)
            #expect(lost.text.contains("oslo_messaging.exceptions.MessagingTimeout"))
            #expect(lost.text.contains("The call to compute host host3 was sent but its answer was lost: whether it was carried out is unknown."))
            task.cancel()
            _ = await task.result
            try await move(host3To: cluster[3].url)
            #expect(try await cluster.statuses(of: 3) == before)
            #expect(try await api1.call(.DELETE, "/v2.1/servers/\(server)").status == 204)
        }
    }

    @Test func aDeletedPortOfAServerOnAnotherHostReachesThatHost() async throws {
        try await ClusterHarness.run(layouts: [nil, nil, .init(numaNodes: 1, pfCount: 1, vfsPerPF: 2)]) { cluster in
            let api1 = cluster.client(1)
            let net = try await api1.createNetwork()
            let port = try await api1.createPort(network: net)
            let server = try await api1.bootedServer([port])
            #expect(try await cluster.host(of: server) == "host3")
            #expect(try await cluster.statuses(of: 3)["allocated"] == 1)
            // Deleted in host 1's network: its notifier's event goes through host 1's
            // decorator to host 3, which frees the device.
            #expect(try await api1.call(.DELETE, "/v2.0/ports/\(port)").status == 204)
            await cluster[1].service.manager.backgroundTasks.waitUntilIdle()
            await cluster[3].service.manager.backgroundTasks.waitUntilIdle()
            #expect(try await cluster.statuses(of: 3)["allocated"] == nil)
            #expect(try await api1.call(.GET, "/v2.1/servers/\(server)/os-interface").json?["interfaceAttachments"] == [])

            // An event sent to host 2's API for host 3's server is accepted by host 3.
            let events = try await cluster.client(2).call(.POST, "/v2.1/os-server-external-events", [
                "events": [["name": "network-changed", "server_uuid": .string(server)],
                           ["name": "network-changed", "server_uuid": .string(UUID().uuidString.lowercased())]],
            ])
            #expect(events.status == 207)
            #expect(events.json?["events"]?.arrayValue?.map { $0["code"] } == [200, 404])
        }
    }
}
