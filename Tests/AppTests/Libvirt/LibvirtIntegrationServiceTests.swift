import Foundation
import Compute
import ComputeModel
import JSONModel
import Libvirt
import TestSupport
import Testing
import Virt

/// The whole service on the libvirt driver, over HTTP, against the real libvirtd and QEMU
/// guests of `stages/libvirt/run.sh`; the fake host's VFs 0000:02:00.0–3 have the stage's
/// veths (ens0f0v0–3) as their netdevs, the PF is 0000:01:00.0.
@Suite(.serialized, .enabled(if: LibvirtStage.isSet, "needs stages/libvirt/run.sh's libvirtd"))
struct LibvirtIntegrationServiceTests {
    @Test func everyServerActionReachesLibvirtAndTheStateReadBackAgrees() async throws {
        let harness = try await LibvirtStage.harness(detachTimeout: .seconds(5), detachAttempts: 1)
        try await harness.run { api in
            let server = try await api.boot()
            let uuid = try #require(UUID(uuidString: server))
            let hypervisor = try api.libvirt
            #expect(try await api.server(server)["status"] == "ACTIVE")
            #expect(try await hypervisor.state(of: uuid) == .running)
            let steps: [(String, String, DomainState)] = [
                ("pause", "PAUSED", .paused), ("unpause", "ACTIVE", .running), ("suspend", "SUSPENDED", .suspended),
                ("resume", "ACTIVE", .running), ("os-stop", "SHUTOFF", .shutoff), ("os-start", "ACTIVE", .running),
            ]
            for (action, status, state) in steps {
                try await api.serverAction(server, action)
                #expect(try await api.server(server)["status"] == .string(status), "after \(action)")
                #expect(try await hypervisor.state(of: uuid) == state, "after \(action)")
            }
            try await api.deleteServer(server)
            #expect(try await !hypervisor.domains().contains(uuid))
        }
    }

    /// A guest booted from the busybox image, its console ready, with a macvtap port
    /// attached that the guest has seen; with its live devices and the ledger then.
    static func bootedGuestWithMacvtap(_ api: APIClient) async throws
        -> (server: String, uuid: UUID, port: String, devices: [GuestDevice], held: [String: String])
    {
        let net = try await api.createNetwork(type: "flat", segmentationID: nil)
        let server = try await api.bootGuest()
        let console = try api.console(of: server)
        try #require(await console.waitUntilReady(), "the guest never printed GUEST-READY")
        let port = try await api.createPort(network: net, vnicType: "macvtap")
        let mac = try #require(try await api.port(port)["mac_address"]?.stringValue)
        #expect(try await api.attach(server, port: port).status == 200)
        #expect(await console.wait(upTo: .seconds(30)) { $0.guestSees(mac: mac) }, "the guest never saw \(mac)")
        let uuid = try #require(UUID(uuidString: server))
        let devices = try DeviceLocator.devices(inDomainXML: await api.libvirt.domainXML(of: uuid, live: true)).map(\.device)
        return (server, uuid, port, devices, try await api.pciStatuses())
    }

    /// A hard reboot resets the guest (`virDomainReset`): the hot-plugged macvtap stays in
    /// the live domain and the ledger; the console the guest wrote is read through the API.
    @Test func aHardRebootKeepsTheAttachedDeviceAndTheConsoleIsReadThroughTheAPI() async throws {
        let harness = try await LibvirtStage.harness(detachTimeout: .seconds(30), detachAttempts: 2)
        try await harness.run { api in
            let (server, uuid, port, before, held) = try await Self.bootedGuestWithMacvtap(api)
            let hypervisor = try api.libvirt

            let reboot = try await api.call(.post, "/v2.1/servers/\(server)/action", ["reboot": ["type": "HARD"]])
            #expect(reboot.status == 202, "reboot: \(reboot.faultMessage ?? "")")
            #expect(try await hypervisor.state(of: uuid) == .running)
            #expect(try DeviceLocator.devices(inDomainXML: await hypervisor.domainXML(of: uuid, live: true)).map(\.device) == before)
            #expect(try await api.pciStatuses() == held)
            #expect(try await api.interfacePortIDs(server) == [port])

            let output = try await api.call(.post, "/v2.1/servers/\(server)/action", ["os-getConsoleOutput": ["length": -1]])
            #expect(output.status == 200)
            #expect(output.json?["output"]?.stringValue?.contains("GUEST-READY") == true)
            try await api.deleteServer(server)
        }
    }

    /// Suspend and resume on a real libvirtd (`virDomainManagedSave`, then `virDomainCreate`
    /// from the saved image) with a macvtap attached: a macvtap is not passthrough, so it
    /// stays in the saved guest and comes back with it; the ledger does not move. Then a
    /// rebuild recreates the guest from its image with the macvtap in it.
    @Test func suspendResumeAndRebuildKeepTheMacvtapAndItsLedgerRow() async throws {
        let harness = try await LibvirtStage.harness(detachTimeout: .seconds(30), detachAttempts: 2)
        try await harness.run { api in
            let (server, uuid, port, before, held) = try await Self.bootedGuestWithMacvtap(api)
            let hypervisor = try api.libvirt

            let suspend = try await api.call(.post, "/v2.1/servers/\(server)/action", ["suspend": .null])
            #expect(suspend.status == 202, "suspend: \(suspend.faultMessage ?? "")")
            #expect(try await api.server(server)["status"] == "SUSPENDED")
            #expect(try await hypervisor.state(of: uuid) == .suspended)
            #expect(try DeviceLocator.devices(inDomainXML: await hypervisor.domainXML(of: uuid, live: false)).map(\.device) == before)
            #expect(try await api.pciStatuses() == held)

            let resume = try await api.call(.post, "/v2.1/servers/\(server)/action", ["resume": .null])
            #expect(resume.status == 202, "resume: \(resume.faultMessage ?? "")")
            #expect(try await hypervisor.state(of: uuid) == .running)
            #expect(try DeviceLocator.devices(inDomainXML: await hypervisor.domainXML(of: uuid, live: true)).map(\.device) == before)
            #expect(try await api.pciStatuses() == held)
            #expect(try await api.interfacePortIDs(server) == [port])

            let rebuild = try await api.call(.post, "/v2.1/servers/\(server)/action", ["rebuild": ["imageRef": .string(LibvirtStage.image)]])
            #expect(rebuild.status == 202, "rebuild: \(rebuild.faultMessage ?? "")")
            #expect(try await hypervisor.state(of: uuid) == .running)
            #expect(try DeviceLocator.devices(inDomainXML: await hypervisor.domainXML(of: uuid, live: true)).map(\.device) == before)
            #expect(try await api.pciStatuses() == held)
            try await api.deleteServer(server)
        }
    }

    @Test func macvtapPortReachesTheGuestAndItsDetachEndsOnDeviceRemoved() async throws {
        let harness = try await LibvirtStage.harness(detachTimeout: .seconds(30), detachAttempts: 2)
        try await harness.run { api in
            let net = try await api.createNetwork(type: "flat", segmentationID: nil)
            let server = try await api.bootGuest()
            #expect(try await api.server(server)["status"] == "ACTIVE")
            let console = try api.console(of: server)
            try #require(await console.waitUntilReady(), "the guest never printed GUEST-READY")
            let uuid = try #require(UUID(uuidString: server))

            let port = try await api.createPort(network: net, vnicType: "macvtap")
            let mac = try #require(try await api.port(port)["mac_address"]?.stringValue)
            let clock = ContinuousClock()
            let attachStart = clock.now
            let attached = try await api.attach(server, port: port)
            #expect(attached.status == 200, "attach: \(attached.faultMessage ?? "")")
            let attach = clock.now - attachStart
            let vf = try #require(try await api.pciStatuses().first { $0.value == "allocated" }?.key)
            #expect(await console.wait(upTo: .seconds(30)) { $0.guestSees(mac: mac) }, "the guest never saw \(mac): \(console.lastNetLine ?? "")")
            let hypervisor = try api.libvirt
            let live = try await hypervisor.domainXML(of: uuid, live: true)
            let device = try #require(try DeviceLocator.devices(inDomainXML: live).first { $0.device.mac == mac })
            guard case .macvtap(_, let netdev, nil) = device.device else {
                Issue.record("expected a macvtap without VLAN, got \(device.device)")
                return
            }
            #expect(netdev.hasPrefix("ens0f0v"))

            // The test's own waiter receives the same DEVICE_REMOVED the detach waits for.
            let alias = try #require(device.alias)
            let witness = await hypervisor.deviceEvents.register(domain: uuid, alias: alias)
            let detachStart = clock.now
            #expect(try await api.detach(server, port: port).status == 202)
            let detach = clock.now - detachStart
            #expect(await hypervisor.deviceEvents.wait(witness, timeout: .zero) == .removed)
            print("LATENCY service macvtap: POST os-interface → 200 in \(attach); DELETE → 202 and the background detach done in \(detach)")
            #expect(try await api.pciStatuses()[vf] == "available")
            #expect(try await api.interfacePortIDs(server) == [])
            #expect(try await api.port(port)["binding:host_id"] == "")
            #expect(try await !hypervisor.contains(device.device, in: uuid, live: true))
            #expect(try await !hypervisor.contains(device.device, in: uuid, live: false))
            #expect(await console.wait(upTo: .seconds(30)) { !$0.guestSees(mac: mac) })
            try await api.deleteServer(server)
            #expect(try await !hypervisor.domains().contains(uuid))
        }
    }

    /// A server booted with a management (normal) port, then an SR-IOV macvtap port added:
    /// the normal port's tap is on the stage's bridge and the guest sees both NICs; only the
    /// VF is in the ledger; removing the normal port takes the tap off the bridge.
    @Test func aNormalPortBootsOnTheBridgeBesideAnSRIOVPortAndDetachesOffIt() async throws {
        let stage = try #require(LibvirtStage.current)
        let bridge = try #require(stage.bridge, "SRIOV_LIBVIRT_BRIDGE names the stage's bridge")
        let control = try #require(stage.control, "SRIOV_LIBVIRT_CONTROL reads the bridge in libvirtd's namespace")
        let harness = try await LibvirtStage.harness(detachTimeout: .seconds(30), detachAttempts: 2)
        try await harness.run { api in
            let net = try await api.createNetwork(type: "flat", segmentationID: nil)
            let management = try await api.createPort(network: net, vnicType: "normal")
            let managementMAC = try #require(try await api.port(management)["mac_address"]?.stringValue)
            let server = try await api.bootGuest(ports: [management])
            #expect(try await api.server(server)["status"] == "ACTIVE")
            let console = try api.console(of: server)
            try #require(await console.waitUntilReady(), "the guest never printed GUEST-READY")
            let tap = String(("tap" + management).prefix(14))
            #expect(try control.ports(onBridge: bridge) == [tap])
            #expect(await console.wait(upTo: .seconds(30)) { $0.guestSees(mac: managementMAC) }, "the guest never saw \(managementMAC)")

            let macvtap = try await api.createPort(network: net, vnicType: "macvtap")
            #expect(try await api.attach(server, port: macvtap).status == 200)
            #expect(try await api.pciStatuses().values.filter { $0 == "allocated" }.count == 1)
            #expect(Set(try await api.interfacePortIDs(server)) == [management, macvtap])

            #expect(try await api.detach(server, port: management).status == 202)
            #expect(try control.ports(onBridge: bridge).isEmpty, "the tap left the bridge")
            #expect(try await api.interfacePortIDs(server) == [macvtap])
            #expect(try await api.port(management)["binding:host_id"] == "")
            #expect(await console.wait(upTo: .seconds(30)) { !$0.guestSees(mac: managementMAC) })
            try await api.deleteServer(server)
            #expect(try await api.pciStatuses().values.allSatisfy { $0 == "available" })
        }
    }

    @Test(arguments: ["pause", "not booted"])
    func aGuestThatCannotReleaseLeavesTheDeviceQuarantinedAndOwned(_ situation: String) async throws {
        let harness = try await LibvirtStage.harness(detachTimeout: .seconds(1), detachAttempts: 2)
        try await harness.run { api in
            let net = try await api.createNetwork(type: "flat", segmentationID: nil)
            // Without an image the firmware finds nothing to boot: no OS ever handles the unplug.
            let server = situation == "pause" ? try await api.bootGuest() : try await api.boot()
            if situation == "pause" { try #require(await api.console(of: server).waitUntilReady(), "the guest never printed GUEST-READY") }
            let port = try await api.createPort(network: net, vnicType: "macvtap")
            #expect(try await api.attach(server, port: port).status == 200)
            let vf = try #require(try await api.pciStatuses().first { $0.value == "allocated" }?.key)
            if situation == "pause" { try await api.serverAction(server, "pause") }
            #expect(try await api.detach(server, port: port).status == 202)
            #expect(try await api.pciStatuses()[vf] == "quarantined")
            let device = try #require(await api.service.manager.tracker.device(at: .init(vf)!))
            #expect(device.instanceUUID?.uuidString.lowercased() == server)
            #expect(device.quarantineReason?.contains("did not release the device after 2 attempts") == true)
            #expect(try await api.interfacePortIDs(server) == [port])
            try await api.deleteServer(server)
        }
    }

    @Test(arguments: ["direct", "direct-physical"])
    func aLiveHostdevAttachFailsWithLibvirtsErrorAndRollsBackButAStoppedServerTakesIt(_ vnicType: String) async throws {
        let harness = try await LibvirtStage.harness(detachTimeout: .seconds(5), detachAttempts: 1)
        try await harness.run { api in
            let net = try await api.createNetwork(type: "flat", segmentationID: nil)
            let server = try await api.boot()
            let before = try await api.pciStatuses()
            let port = try await api.createPort(network: net, vnicType: vnicType)
            let refused = try await api.attach(server, port: port)
            #expect(refused.status == 500, "\(refused.status) \(refused.json?.rendered ?? "")")
            #expect(refused.faultMessage?.hasSuffix("Failed to attach network adapter device to \(server).") == true,
                    "\(refused.json?.rendered ?? "")")
            // libvirt's refusal is the admin's traceback of the action's event, not the answer.
            let requestID = try #require(refused.headers[.init("x-openstack-request-id")!])
            let event = try #require(try await api.action(server, requestID: requestID)?["events"]?.arrayValue?.first)
            #expect(event["traceback"]?.stringValue?.contains("host doesn't support") == true, "\(event.rendered)")
            #expect(try await api.pciStatuses() == before)
            #expect(try await api.port(port)["binding:host_id"] == "")
            #expect(try await api.server(server)["status"] == "ACTIVE")
            #expect(try await api.interfacePortIDs(server) == [])

            try await api.serverAction(server, "os-stop")
            #expect(try await api.server(server)["status"] == "SHUTOFF")
            #expect(try await api.attach(server, port: port).status == 200)
            let uuid = try #require(UUID(uuidString: server))
            let persistent = try await api.libvirt.domainXML(of: uuid, live: false)
            #expect(try DeviceLocator.devices(inDomainXML: persistent).count == 1)
            #expect(try await api.detach(server, port: port).status == 202)
            #expect(try await api.pciStatuses() == before)
            #expect(try DeviceLocator.devices(inDomainXML: await api.libvirt.domainXML(of: uuid, live: false)).isEmpty)
            try await api.deleteServer(server)
        }
    }

    @Test func startUpReportsWhatLibvirtChangedBehindTheServicesBack() async throws {
        let harness = try await LibvirtStage.harness(detachTimeout: .seconds(5), detachAttempts: 1)
        let (server, port) = try await harness.run(keepDirectory: true) { api in
            let net = try await api.createNetwork(type: "flat", segmentationID: nil)
            let port = try await api.createPort(network: net, vnicType: "macvtap")
            let server = try await api.boot()
            #expect(try await api.attach(server, port: port).status == 200)
            return (server, port)
        }
        defer { try? FileManager.default.removeItem(atPath: harness.directory) }
        let uuid = try #require(UUID(uuidString: server))
        let hypervisor = try #require(harness.service.hypervisor as? LibvirtHypervisor)
        // The guest never booted, so only the persistent copy can go: stop it, then detach.
        try await hypervisor.stop(uuid)
        let device = try #require(try DeviceLocator.devices(inDomainXML: await hypervisor.domainXML(of: uuid, live: false)).first)
        #expect(try await hypervisor.detach(device.device, from: uuid, policy: .novaDefault) == .removed)
        let restarted = try await StartupRecoveryTests.restart(harness)
        let missing = await restarted.manager.audits.report(afterRuns: 0).findings.filter { $0.server == uuid }
        #expect(missing.map(\.kind) == [.missingFromGuest])
        #expect(missing.first?.port == port)
        #expect(missing.first?.message.contains(device.device.description) == true)
        try await hypervisor.undefine(uuid)
        let again = try await StartupRecoveryTests.restart(harness)
        #expect(await again.manager.audits.report(afterRuns: 0).findings.filter { $0.server == uuid }.map(\.kind) == [.domainVanished])
    }
}
