import App
import Compute
import ComputeModel
import Foundation
import JSONModel
import EmbeddedNetwork
import NetworkModel
import Store
import Testing
import Virt

/// `normal` (virtio) ports as Nova attaches them (issue 14 item 1): bound by the embedded
/// network's Linux bridge mechanism (`bridge`, `vif_details.bridge_name`), plugged as a tap
/// on that bridge, through the same attach, detach, boot and delete machines and journal as
/// SR-IOV ports — with no PCI request and no claim, so the ledger never moves.
struct NormalPortTests {
    static func liveXML(_ api: APIClient, _ server: String) async throws -> String {
        try await api.service.hypervisor.domainXML(of: try #require(UUID(uuidString: server)), live: true)
    }

    /// The port's journal rows as "kind state", oldest first.
    static func journal(_ api: APIClient, port: String) async throws -> [String] {
        try await api.service.database.read { db in
            try db.executor.query("SELECT kind || ' ' || state FROM journal WHERE port_id = ? ORDER BY created_at, rowid", [.text(port)]) { row in try row.string(0) ?? "" }
        }
    }

    static func bridgeInterfaces(_ api: APIClient, _ server: String, live: Bool = true) async throws -> [GuestDevice] {
        let xml = try await api.service.hypervisor.domainXML(of: try #require(UUID(uuidString: server)), live: live)
        return try DeviceLocator.devices(inDomainXML: xml).map(\.device).filter {
            if case .bridge = $0 { return true }
            return false
        }
    }

    @Test func attachBindsAsABridgeAndPlugsATapWithoutClaimingAndDetachTakesItBack() async throws {
        try await ServiceHarness.make().run { api in
            let net = try await api.createNetwork()
            let port = try await api.createPort(network: net, vnicType: "normal")
            let server = try await api.boot()
            let ledger = try await api.pciStatuses()

            let attached = try await api.attach(server, port: port)
            #expect(attached.status == 200)
            let attachment = try #require(attached.json?["interfaceAttachment"])
            #expect(attachment["port_id"] == .string(port))
            #expect(attachment["port_state"] == "DOWN")
            let bound = try await api.port(port)
            #expect(bound["binding:vif_type"] == "bridge")
            #expect(bound["binding:vif_details"]?["bridge_name"] == "virbr0")
            #expect(bound["binding:profile"] == [:])
            #expect(bound["binding:host_id"] == "compute0")
            #expect(bound["device_id"] == .string(server))
            #expect(bound["device_owner"] == "compute:nova")
            // Nova's tap name: "tap" + the port id, 14 characters.
            let tap = String(("tap" + port).prefix(14))
            let mac = try #require(bound["mac_address"]?.stringValue)
            #expect(try await Self.bridgeInterfaces(api, server) == [.bridge(mac: mac, bridge: "virbr0", tap: tap, openVSwitchInterfaceID: nil)])
            #expect(try await Self.bridgeInterfaces(api, server, live: false).count == 1)
            let xml = try await Self.liveXML(api, server)
            #expect(xml.contains("<target dev=\"\(tap)\"/>") && xml.contains("<model type=\"virtio\"/>"))
            #expect(try await api.interfacePortIDs(server) == [port])
            let shown = try await api.call(.get, "/v2.1/servers/\(server)/os-interface/\(port)")
            #expect(shown.status == 200)
            #expect(shown.json?["interfaceAttachment"]?["mac_addr"] == .string(mac))
            #expect(try await api.pciStatuses() == ledger, "a normal port claims nothing")
            let requests = try await api.service.database.read { db in try PCIRequestRecords.fetchAll(serverID: UUID(uuidString: server)!, in: db) }
            #expect(requests.isEmpty)

            #expect(try await api.detach(server, port: port).status == 202)
            let unbound = try await api.port(port)
            #expect(unbound["device_id"] == "")
            #expect(unbound["binding:host_id"] == "")
            #expect(unbound["binding:vif_type"] == "unbound")
            #expect(try await Self.bridgeInterfaces(api, server).isEmpty)
            #expect(try await Self.bridgeInterfaces(api, server, live: false).isEmpty)
            #expect(try await api.interfacePortIDs(server) == [])
            #expect(try await api.pciStatuses() == ledger)
            let actions = try await api.actions(server).compactMap { $0["action"]?.stringValue }
            #expect(actions == ["detach_interface", "attach_interface", "create"])
            #expect(try await Self.journal(api, port: port) == ["attach done", "detach done"])
        }
    }

    /// A server booted with a management (normal) port and an SR-IOV port: only the VF is
    /// claimed; the delete unbinds both and frees the VF.
    @Test func bootWithANormalAndADirectPortClaimsOnlyTheVFAndDeleteReleasesBoth() async throws {
        try await ServiceHarness.make().run { api in
            let net = try await api.createNetwork()
            let management = try await api.createPort(network: net, vnicType: "normal")
            let direct = try await api.createPort(network: net, vnicType: "direct")
            let server = try await api.boot(ports: [management, direct])
            #expect(try await api.server(server)["status"] == "ACTIVE")
            #expect(Set(try await api.interfacePortIDs(server)) == [management, direct])
            let statuses = try await api.pciStatuses()
            let vf = try #require(try await api.port(direct)["binding:profile"]?["pci_slot"]?.stringValue)
            #expect(statuses.filter { $0.value == "allocated" }.keys.sorted() == [vf])
            #expect(try await api.port(management)["binding:vif_type"] == "bridge")
            #expect(try await Self.bridgeInterfaces(api, server).count == 1)

            let deleted = try await api.call(.delete, "/v2.1/servers/\(server)")
            #expect(deleted.status == 204)
            await api.service.manager.backgroundTasks.waitUntilIdle()
            for port in [management, direct] {
                #expect(try await api.port(port)["device_id"] == "")
                #expect(try await api.port(port)["binding:host_id"] == "")
            }
            #expect(try await api.pciStatuses().values.allSatisfy { $0 == "available" })
        }
    }

    /// An attach of a normal port through a compute manager whose network `decorate`
    /// changes, refused: the port, the ledger and the domain are as before, no interface is
    /// left; `check` looks at the refusal.
    static func refusedAttach(
        network decorate: @escaping @Sendable (any NetworkService) -> any NetworkService,
        _ check: @escaping @Sendable (APIClient, ComputeError?, _ port: String, _ server: String) async throws -> Void
    ) async throws {
        let harness = try await ServiceHarness.make()
        try await harness.run { api in
            let manager = harness.manager(network: decorate(api.service.network))
            let net = try await api.createNetwork()
            let port = try await api.createPort(network: net, vnicType: "normal")
            let server = try await api.boot()
            let before = try await RollbackTests.snapshot(api, server: server, port: port)

            let failure = await #expect(throws: ComputeError.self) {
                try await manager.attachInterface(AttachInterfaceRequest(portID: port), to: UUID(uuidString: server)!, context: DetachRaceTests.admin())
            }
            #expect(try await RollbackTests.snapshot(api, server: server, port: port) == before)
            #expect(try await api.interfacePortIDs(server) == [])
            try await check(api, failure, port, server)
        }
    }

    /// A failed bind leaves nothing: no interface, no guest device, the port as it was,
    /// the ledger untouched; the action records the error.
    @Test func aFailedBindLeavesNothingHalfDone() async throws {
        try await Self.refusedAttach(network: { RefusingBindNetwork(base: $0) }) { (api, failure, port, server) async throws in
            #expect(failure == .networkUnreachable("the network is down"))
            #expect(try await Self.journal(api, port: port) == ["attach rolled_back"])
            #expect(try await api.actions(server).contains { $0["action"] == "attach_interface" && $0["message"] == "Error" })
        }
    }

    /// The guest refuses the tap: the undo asks the guest (it holds nothing) and unbinds the
    /// port; the ledger, the port and the domain are as before.
    @Test func aFailedGuestPlugUnbindsAndLeavesNoInterface() async throws {
        try await ServiceHarness.make().run { api in
            let net = try await api.createNetwork()
            let port = try await api.createPort(network: net, vnicType: "normal")
            let server = try await api.boot()
            let before = try await RollbackTests.snapshot(api, server: server, port: port)
            try await api.simulator().failNextAttach(message: "internal error: unable to execute QEMU command 'netdev_add'")

            let reply = try await api.attach(server, port: port)
            #expect(reply.status == 500)
            #expect(reply.faultMessage?.contains("Failed to attach network adapter device to \(server)") == true)
            #expect(try await RollbackTests.snapshot(api, server: server, port: port) == before)
            #expect(try await api.interfacePortIDs(server) == [])
            #expect(try await api.server(server)["status"] == "ACTIVE")
            #expect(try await api.service.database.read { db in try JournalRecords.quarantined(in: db) }.isEmpty)
        }
    }

    /// A binding the driver cannot plug (OVS with hybrid plug, which needs os-vif's qbr
    /// bridge) is refused naming the vif type, and the binding is taken back.
    @Test func anUnpluggableVIFTypeIsRefusedAndUnbound() async throws {
        try await Self.refusedAttach(network: { HybridPlugNetwork(base: $0) }) { (api, failure, port, _) async throws in
            #expect(failure?.message.hasPrefix("Port \(port) was bound with binding:vif_type 'ovs', which this compute service cannot plug: ovs_hybrid_plug") == true)
            #expect(try await Self.journal(api, port: port) == ["attach rolled_back"])
        }
    }

    /// A guest that never lets the tap go: the detach cannot be confirmed, so the port stays
    /// bound and the interface recorded, with the row waiting for its retry (there is no
    /// device to quarantine).
    @Test func aTapTheGuestKeepsKeepsThePortBoundAndTheRowRetried() async throws {
        try await ServiceHarness.make(detachTimeout: .milliseconds(50), detachAttempts: 1).run { api in
            let net = try await api.createNetwork()
            let port = try await api.createPort(network: net, vnicType: "normal")
            let server = try await api.boot()
            #expect(try await api.attach(server, port: port).status == 200)
            let ledger = try await api.pciStatuses()
            let simulator = try api.simulator()
            await simulator.ignoreUnplug(in: UUID(uuidString: server)!)

            #expect(try await api.detach(server, port: port).status == 202)
            #expect(try await api.port(port)["device_id"] == .string(server), "an unconfirmed release keeps the binding")
            #expect(try await api.interfacePortIDs(server) == [port])
            #expect(try await api.service.database.read { db in try JournalRecords.quarantined(in: db) }.map(\.portID) == [port])
            #expect(try await api.pciStatuses() == ledger)
            #expect(try await Self.bridgeInterfaces(api, server).count == 1)
        }
    }

    /// The guest let go but the network did not confirm the unbind: the interface and the
    /// row stay, the retry unbinds once the network answers.
    @Test func anUnconfirmedUnbindIsRetriedUntilTheNetworkAnswers() async throws {
        let harness = try await ServiceHarness.make(removalDelay: .zero)
        try await harness.run { api in
            let network = UnbindRefusingNetwork(base: api.service.network)
            let manager = harness.manager(network: network)
            let net = try await api.createNetwork()
            let port = try await api.createPort(network: net, vnicType: "normal")
            let server = try await api.boot(ports: [port])
            let serverID = try #require(UUID(uuidString: server))

            try await manager.detachInterface(port, from: serverID, context: DetachRaceTests.admin())
            await manager.backgroundTasks.waitUntilIdle()
            #expect(try await Self.bridgeInterfaces(api, server).isEmpty, "the guest let go")
            #expect(try await api.port(port)["device_id"] == .string(server))
            #expect(try await api.interfacePortIDs(server) == [port])
            #expect(try await Self.journal(api, port: port) == ["attach done", "detach quarantined"])

            await network.isRefusing.set(false)
            await manager.runDueRetries(dueBy: .distantFuture)
            #expect(try await api.port(port)["device_id"] == "")
            #expect(try await api.interfacePortIDs(server) == [])
            #expect(try await Self.journal(api, port: port) == ["attach done", "detach done"])
        }
    }

    /// An attach cut after its plug (the process died): the journal row was written before
    /// the bind, so it names no bridge; after the restart the retry finds the tap in the
    /// guest by the port's MAC, removes it, unbinds the port and ends the row.
    @Test func anAttachCutAfterItsPlugIsUndoneByTheRetryAfterARestart() async throws {
        let harness = try await ServiceHarness.make(removalDelay: .zero)
        defer { try? FileManager.default.removeItem(atPath: harness.directory) }
        let server = try await harness.service.manager.createServer(
            CreateServerRequest(name: "vm", flavorID: "1", imageID: nil, networks: .none), context: DetachRaceTests.admin())
        let embedded = try #require(harness.service.embeddedNetwork)
        let network = try await embedded.createNetwork(NetworkCreate(name: "mgmt"), caller: .admin)
        _ = try await embedded.createSubnet(SubnetCreate(networkID: network.id, cidr: "10.7.0.0/24"), caller: .admin)
        let port = try await embedded.createPort(PortCreate(networkID: network.id, projectID: server.projectID), caller: .admin)
        let frozen = harness.manager(network: FreezingNetwork(base: harness.service.network, point: .afterBind))
        let attach = Task { try await frozen.attachInterface(AttachInterfaceRequest(portID: port.id), to: server.id, context: DetachRaceTests.admin()) }
        defer { attach.cancel() }
        let row = try await StartupRecoveryTests.waitForOpenRow(harness.service, kind: .attach)
        #expect(row.plan?.interface.sourceDevice == nil && row.plan?.slot == nil)
        while try await harness.service.network.port(id: port.id).bindingHostID != "compute0" { try await Task.sleep(for: .milliseconds(5)) }
        // The plug the frozen attach would have made next.
        let tap = GuestDevice.bridge(mac: port.macAddress, bridge: "virbr0", tap: String(("tap" + port.id).prefix(14)), openVSwitchInterfaceID: nil)
        try await harness.service.hypervisor.attach(tap, to: server.id)

        let restarted = try await StartupRecoveryTests.restart(harness)
        await restarted.manager.stopRetries()
        #expect(restarted.recovery.resumedOperations == [port.id])
        await restarted.manager.runDueRetries(dueBy: .distantFuture)
        #expect(try await !restarted.hypervisor.contains(tap, in: server.id, live: true))
        #expect(try await !restarted.hypervisor.contains(tap, in: server.id, live: false))
        #expect(try await restarted.network.port(id: port.id).deviceID == "")
        #expect(try await restarted.database.read { db in try VIFRecords.fetch(portID: port.id, in: db) } == nil)
        #expect(try await restarted.database.read { db in try JournalRecords.unfinished(in: db) } == [])
        try await restarted.shutdown()
    }

    /// `--nic net-id=`: the service creates a normal port on the network for the server
    /// (its `device_id` the server) and attaches it; detaching it or deleting the server
    /// deletes it, as Nova does with the ports it created.
    @Test func bootOnANetworkCreatesANormalPortWhichTheServersDeleteDeletes() async throws {
        try await ServiceHarness.make().run { api in
            let net = try await api.createNetwork()
            let ledger = try await api.pciStatuses()
            let reply = try await api.call(.post, "/v2.1/servers", ["server": ["name": "vm", "flavorRef": "1", "imageRef": "",
                                                                             "networks": [["uuid": .string(net)], ["uuid": .string(net)]]]])
            #expect(reply.status == 202)
            let server = try #require(reply.json?["server"]?["id"]?.stringValue)
            #expect(try await api.server(server)["status"] == "ACTIVE")
            let ports = try await api.interfacePortIDs(server)
            #expect(ports.count == 2)
            for port in ports {
                let shown = try await api.port(port)
                #expect(shown["network_id"] == .string(net))
                #expect(shown["device_id"] == .string(server))
                #expect(shown["binding:vnic_type"] == "normal")
                #expect(shown["binding:vif_type"] == "bridge")
            }
            #expect(try await Self.bridgeInterfaces(api, server).count == 2)
            #expect(try await api.pciStatuses() == ledger)

            // Detaching a created port deletes it.
            #expect(try await api.detach(server, port: ports[0]).status == 202)
            #expect(try await api.call(.get, "/v2.0/ports/\(ports[0])").status == 404)
            #expect(try await api.interfacePortIDs(server) == [ports[1]])

            #expect(try await api.call(.delete, "/v2.1/servers/\(server)").status == 204)
            await api.service.manager.backgroundTasks.waitUntilIdle()
            #expect(try await api.call(.get, "/v2.0/ports/\(ports[1])").status == 404)
            #expect(try await api.pciStatuses() == ledger)
        }
    }

    /// A boot refused after it created a port (here: the next port does not exist) leaves
    /// no port behind; a network that does not exist is Nova's 400.
    @Test func aRefusedBootOnANetworkLeavesNoPortBehind() async throws {
        try await ServiceHarness.make().run { api in
            let net = try await api.createNetwork()
            let missing = UUID().uuidString.lowercased()
            let refused = try await api.call(.post, "/v2.1/servers", ["server": ["name": "vm", "flavorRef": "1", "imageRef": "",
                                                                               "networks": [["uuid": .string(net)], ["port": .string(missing)]]]])
            #expect(refused.status == 404 || refused.status == 400)
            let ports = try await api.call(.get, "/v2.0/ports?network_id=\(net)").json?["ports"]?.arrayValue ?? []
            #expect(ports.isEmpty, "the port created for the refused boot is deleted")
            #expect(try await api.call(.get, "/v2.1/servers").json?["servers"]?.arrayValue?.isEmpty == true)

            let noNetwork = UUID().uuidString.lowercased()
            let unknown = try await api.call(.post, "/v2.1/servers", ["server": ["name": "vm", "flavorRef": "1", "imageRef": "",
                                                                               "networks": [["uuid": .string(noNetwork)]]]])
            #expect(unknown.status == 400)
            #expect(unknown.faultMessage == "Network \(noNetwork) could not be found.")

            // Another project's network is not found either (the fuzzer's isolation check):
            // no port is made on it for the caller.
            let bob = api.as("bob:other")
            let foreign = try await bob.call(.post, "/v2.1/servers", ["server": ["name": "vm", "flavorRef": "1", "imageRef": "",
                                                                               "networks": [["uuid": .string(net)]]]])
            #expect(foreign.status == 400)
            #expect(foreign.faultMessage == "Network \(net) could not be found.")
            #expect(try await api.call(.get, "/v2.0/ports?network_id=\(net)").json?["ports"]?.arrayValue?.isEmpty == true)
        }
    }

    @Test func theBridgeComesFromTheConfiguration() async throws {
        try await ServiceHarness.make(configure: { $0.normalPortBridge = "br-mgmt" }).run { api in
            let net = try await api.createNetwork()
            let port = try await api.createPort(network: net, vnicType: "normal")
            let server = try await api.boot(ports: [port])
            #expect(try await api.port(port)["binding:vif_details"]?["bridge_name"] == "br-mgmt")
            #expect(try await Self.bridgeInterfaces(api, server).map { if case .bridge(_, let bridge, _, _) = $0 { bridge } else { "" } } == ["br-mgmt"])
        }
    }

    /// Pre-flight: a normal port fits without a device.
    @Test func aNormalPortFitsWithoutADevice() async throws {
        try await ServiceHarness.make().run { api in
            let net = try await api.createNetwork()
            let port = try await api.createPort(network: net, vnicType: "normal")
            let server = try await api.boot()
            let reply = try await api.call(.get, "/v2.1/servers/\(server)/os-interface-fit/\(port)")
            #expect(reply.status == 200)
            #expect(reply.json?["interfaceFit"]?["fits"] == true)
            #expect(reply.json?["interfaceFit"]?["vnic_type"] == "normal")
        }
    }
}

/// The embedded network, except that binds are refused as by a network that cannot be reached.
struct RefusingBindNetwork: NetworkDecorator {
    let base: any NetworkService

    func bindPort(_ id: String, _ binding: PortBinding) async throws(NetworkError) -> NetworkModel.Port {
        throw .unreachable("the network is down")
    }
}

/// The embedded network, except that a normal port binds as ML2/OVS with the hybrid plug
/// (the iptables firewall driver) would: `ovs` with `ovs_hybrid_plug` true.
struct HybridPlugNetwork: NetworkDecorator {
    let base: any NetworkService

    func bindPort(_ id: String, _ binding: PortBinding) async throws(NetworkError) -> NetworkModel.Port {
        var bound = try await base.bindPort(id, binding)
        bound.vifType = VIFType.ovs
        bound.vifDetails = ["ovs_hybrid_plug": true, "bridge_name": "br-int", "port_filter": true]
        return bound
    }
}
