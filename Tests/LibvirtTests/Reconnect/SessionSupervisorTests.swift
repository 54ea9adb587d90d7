import Foundation
import Logging
import PCI
import Testing
import Virt
@testable import Libvirt

/// The reconnection against libvirt's in-process test driver: a loss is reported as the
/// close callback or a failed call reports it, and the driver is opened again from its
/// node file. (A real libvirtd restarted under a running guest: the integration stage.)
@Suite(.serialized)
struct SessionSupervisorTests {
    static let quiet = Logger(label: "libvirt-reconnect-test", factory: { _ in SwiftLogNoOpLogHandler() })
    let device = GuestDevice.hostdevInterface(mac: "52:54:00:00:00:01", address: .init(domain: 0, bus: 0x3b, slot: 2, function: 1), vlan: 42)

    static func hypervisor(_ node: TestNode, _ policy: ReconnectPolicy) throws -> LibvirtHypervisor {
        try LibvirtHypervisor(options: LibvirtOptions(uri: node.uri, reconnect: policy), logger: quiet)
    }

    /// True for "no connection to libvirt" — an error that says nothing about the domain.
    static func isNoConnection(_ error: any Error, uri: String) -> Bool {
        guard case HypervisorError.internalError(let message) = error else { return false }
        return message == "no connection to libvirt at \(uri): it was lost (libvirtd closed the connection) and is being opened again"
    }

    @Test func callsWhileDisconnectedFailAsNoConnectionNeverAsNotFoundOrGone() async throws {
        let node = try TestNode.write()
        defer { node.remove() }
        // No attempt within the test, and a detach that does not wait for one.
        let hypervisor = try Self.hypervisor(node, ReconnectPolicy(initialDelay: .seconds(3600), maximumDelay: .seconds(3600), inFlightDetachWait: .zero))
        #expect(try await hypervisor.state(of: TestNode.domain) == .running)

        await hypervisor.supervisor.connectionLost(generation: 1, reason: "libvirtd closed the connection")
        let status = await hypervisor.connectionStatus()
        #expect(!status.isConnected)
        #expect(status.generation == 1)
        #expect(status.lastLoss == "libvirtd closed the connection")

        let uri = node.uri
        // The domain that exists and one that does not answer alike: nothing is known.
        for uuid in [TestNode.domain, UUID()] {
            await #expect { try await hypervisor.state(of: uuid) } throws: { Self.isNoConnection($0, uri: uri) }
            await #expect { try await hypervisor.domainXML(of: uuid, live: true) } throws: { Self.isNoConnection($0, uri: uri) }
            await #expect { try await hypervisor.contains(device, in: uuid, live: true) } throws: { Self.isNoConnection($0, uri: uri) }
            await #expect { try await hypervisor.attach(device, to: uuid) } throws: { Self.isNoConnection($0, uri: uri) }
            await #expect { try await hypervisor.detach(device, from: uuid, policy: .novaDefault) } throws: { Self.isNoConnection($0, uri: uri) }
            await #expect { try await hypervisor.undefine(uuid) } throws: { Self.isNoConnection($0, uri: uri) }
        }
        await #expect { try await hypervisor.domains() } throws: { Self.isNoConnection($0, uri: uri) }
        await #expect { try await hypervisor.define(DomainDefinition(uuid: UUID(), name: "x", vcpus: 1, memoryMB: 64)) } throws: { Self.isNoConnection($0, uri: uri) }
    }

    @Test func aReconnectionWakesTheDetachesWhoseDeviceLeftAndKeepsTheOthersWaiting() async throws {
        let node = try TestNode.write()
        defer { node.remove() }
        let hypervisor = try Self.hypervisor(node, ReconnectPolicy(initialDelay: .milliseconds(1), maximumDelay: .milliseconds(10)))
        let events = hypervisor.deviceEvents, pending = hypervisor.supervisor.pendingUnplugs
        // Three unplugs in flight when the connection went, as the live detach records them:
        // a device the domain no longer holds, one it still holds, and one of a domain gone.
        let vanishedDomain = UUID()
        let left = await events.register(domain: TestNode.domain, alias: "ua-sriov-2")
        let stays = await events.register(domain: TestNode.domain, alias: TestNode.presentAlias)
        let domainGone = await events.register(domain: vanishedDomain, alias: "ua-sriov-3")
        for ticket in [left, stays, domainGone] { await pending.add(domain: ticket.domain, alias: ticket.alias) }

        await hypervisor.supervisor.connectionLost(generation: 1, reason: "libvirtd closed the connection")
        // Returns once the new session is handed out, which is after the re-check.
        await hypervisor.supervisor.waitForSession(upTo: .seconds(60))

        let status = await hypervisor.connectionStatus()
        #expect(status.isConnected)
        #expect(status.generation == 2)
        #expect(status.removalsFoundAfterReconnect == 2)
        #expect(status.unplugsAwaitingEvents == 1)
        #expect(await events.wait(left, timeout: .zero) == .removed)
        #expect(await events.wait(domainGone, timeout: .zero) == .removed)
        // Still in the live XML: no wake; its event can still come on the new connection.
        #expect(await events.wait(stays, timeout: .zero) == nil)
        #expect(await pending.all == [PendingUnplugs.Unplug(domain: TestNode.domain, alias: TestNode.presentAlias)])
        // The same instance works on the new connection.
        #expect(try await hypervisor.domains() == [TestNode.domain])
        #expect(try await hypervisor.contains(device, in: TestNode.domain, live: true))
    }

    @Test func attemptsGoOnWhileLibvirtCannotBeReachedAndTheNextOneThatCanReconnects() async throws {
        let node = try TestNode.write()
        defer { node.remove() }
        let hypervisor = try Self.hypervisor(node, ReconnectPolicy(initialDelay: .milliseconds(1), maximumDelay: .milliseconds(20)))
        try node.hide()
        await hypervisor.supervisor.connectionLost(generation: 1, reason: "libvirtd closed the connection")
        // Attempts fail while the node file is missing; the status carries the last reason.
        let failing = await eventually { await hypervisor.connectionStatus().lastLoss != "libvirtd closed the connection" }
        #expect(failing)
        let status = await hypervisor.connectionStatus()
        #expect(!status.isConnected)
        #expect(status.lastLoss?.contains(node.path) == true)
        await #expect { try await hypervisor.domains() } throws: { error in
            guard case HypervisorError.internalError(let message) = error else { return false }
            return message.hasPrefix("no connection to libvirt at \(node.uri): it was lost (")
        }

        try node.restore()
        await hypervisor.supervisor.waitForSession(upTo: .seconds(60))
        let after = await hypervisor.connectionStatus()
        #expect(after.isConnected)
        #expect(after.generation == 2)
        #expect(try await hypervisor.state(of: TestNode.domain) == .running)
    }

    @Test func aLossReportedForAnOlderConnectionLeavesTheCurrentOneAlone() async throws {
        let node = try TestNode.write()
        defer { node.remove() }
        let hypervisor = try Self.hypervisor(node, ReconnectPolicy(initialDelay: .milliseconds(1), maximumDelay: .milliseconds(10)))
        await hypervisor.supervisor.connectionLost(generation: 1, reason: "libvirtd closed the connection")
        await hypervisor.supervisor.waitForSession(upTo: .seconds(60))
        // A call that failed on generation 1 reports it late.
        await hypervisor.supervisor.connectionLost(generation: 1, reason: "internal error: client socket is closed")
        let status = await hypervisor.connectionStatus()
        #expect(status.isConnected)
        #expect(status.generation == 2)
        #expect(try await hypervisor.state(of: TestNode.domain) == .running)
    }
}
