@testable import Compute
import ComputeModel
import Foundation
import JSONModel
import NetworkModel
import PCI
import Store
import Testing
import Virt

/// The audit's comparison on snapshots written by hand: which drift is found, which heal is
/// proposed, and when a heal is withheld (a source not checked, an operation in flight).
struct LedgerAuditTests {
    static let pf = PCIAddress("0000:81:00.0")!
    static let vf1 = PCIAddress("0000:81:00.1")!
    static let vf2 = PCIAddress("0000:81:00.2")!
    static let server = UUID(uuidString: "5E000000-0000-4000-8000-000000000001")!
    static let gone = UUID(uuidString: "5E000000-0000-4000-8000-0000000000DE")!
    static let other = UUID(uuidString: "5E000000-0000-4000-8000-000000000002")!

    /// A PF with two VFs on physnet2, all free; `ens1f0v1` is VF 1's netdev.
    static func ledger() -> [PCIDevice] {
        let engine = PCIClaimEngine(hostName: "compute0", devices: [
            PCIDevice(address: pf, vendorID: "15b3", productID: "101d", type: .physicalFunction, netdevName: "ens1f0"),
            PCIDevice(address: vf1, vendorID: "15b3", productID: "101e", type: .virtualFunction, parentAddress: pf, netdevName: "ens1f0v1"),
            PCIDevice(address: vf2, vendorID: "15b3", productID: "101e", type: .virtualFunction, parentAddress: pf, netdevName: "ens1f0v2"),
        ])
        return engine.allDevices
    }

    static func owning(_ address: PCIAddress, by owner: UUID, status: PCIDeviceStatus = .allocated, in devices: [PCIDevice]) -> [PCIDevice] {
        var engine = PCIClaimEngine(hostName: "compute0", devices: devices)
        try! engine.allocate(address, for: owner)
        if status == .quarantined { try! engine.quarantine(address, instance: owner, reason: "test") }
        return engine.allDevices
    }

    static func domain(_ id: UUID, _ devices: GuestDevice..., state: DomainState = .running) -> GuestDomain {
        let present = devices.map { DomainDevice(device: $0, alias: nil, xml: $0.xml) }
        return GuestDomain(id: id, state: state, live: present, persistent: present)
    }

    static func port(_ id: String, server: UUID?, slot: PCIAddress?, owner: String = "compute:nova", host: String = "compute0") -> NetworkPort {
        NetworkPort(id: id, networkID: "net", projectID: "demo", macAddress: "fa:16:3e:00:00:01",
                    deviceID: server?.uuidString.lowercased() ?? "", deviceOwner: owner, bindingHostID: host, vnicType: "direct",
                    bindingProfile: slot.map { ["pci_slot": .string($0.description)] } ?? [:], vifType: "hw_veb")
    }

    static func interface(_ port: String, server: UUID, slot: PCIAddress) -> VirtualInterface {
        VirtualInterface(portID: port, serverID: server, networkID: "net", macAddress: "fa:16:3e:00:00:01", vnicType: "direct",
                         pciSlot: slot, pciRequestID: UUID(), vlan: nil, sourceDevice: nil, tag: nil, profileKeys: ["pci_slot"])
    }

    static func snapshot(
        ledger: [PCIDevice] = ledger(), servers: [UUID: VMState] = [server: .active], interfaces: [VirtualInterface] = [],
        inFlight: [InFlightOperation] = [], domains: [GuestDomain]? = nil, unreadable: [UUID: String] = [:],
        host: SourceReading<[PCIDevice]>? = nil, ports: SourceReading<[NetworkPort]> = .read([])
    ) -> AuditSnapshot {
        let guests = GuestReading(domains: Dictionary(uniqueKeysWithValues: (domains ?? [domain(server)]).map { ($0.id, $0) }),
                                  unreadable: unreadable)
        return AuditSnapshot(hostName: "compute0", ledger: ledger, servers: servers, interfaces: interfaces, inFlight: inFlight,
                             guests: .read(guests), host: host ?? .read(ledger.filter { !$0.status.isGone }), boundPorts: ports)
    }

    static func findings(_ snapshot: AuditSnapshot) -> [AuditFinding] { LedgerAudit(snapshot).findings() }

    static let hostdev1 = GuestDevice.hostdevInterface(mac: "fa:16:3e:00:00:01", address: vf1, vlan: 24)

    // MARK: Consistent

    @Test func aLedgerEveryoneAgreesWithHasNoFindings() {
        let ledger = Self.owning(Self.vf1, by: Self.server, in: Self.ledger())
        let snapshot = Self.snapshot(ledger: ledger, interfaces: [Self.interface("p1", server: Self.server, slot: Self.vf1)],
                                     domains: [Self.domain(Self.server, Self.hostdev1)],
                                     ports: .read([Self.port("p1", server: Self.server, slot: Self.vf1)]))
        #expect(Self.findings(snapshot) == [])
        #expect(LedgerAudit(snapshot).uncheckedSources == [:])
    }

    // MARK: Ports

    @Test func aPortOfAVanishedServerIsUnboundUnlessInFlight() throws {
        let port = Self.port("p9", server: Self.gone, slot: Self.vf2)
        let found = try #require(Self.findings(Self.snapshot(ports: .read([port]))).first)
        #expect(found.kind == .orphanPort)
        #expect(found.remedy == .unbindPort)
        #expect(found.outcome == .healable)
        #expect(found.port == "p9" && found.server == Self.gone && found.device == Self.vf2)

        let operation = InFlightOperation(JournalEntry(kind: .attach, serverID: Self.gone, portID: "p9", step: "binding", requestID: "req-1"))
        let busy = try #require(Self.findings(Self.snapshot(inFlight: [operation], ports: .read([port]))).first)
        #expect(busy.kind == .orphanPort)
        #expect(busy.outcome.name == "withheld")
        #expect(busy.outcome.reason?.contains("in flight") == true)
    }

    @Test func portsOfOtherOwnersOrHostsAreNotJudged() {
        let ports = [Self.port("dhcp", server: Self.gone, slot: nil, owner: "network:dhcp"),
                     Self.port("elsewhere", server: Self.gone, slot: nil, host: "compute1")]
        #expect(Self.findings(Self.snapshot(ports: .read(ports))) == [])
    }

    @Test func aPortOfALivingServerWithoutInterfaceIsReported() throws {
        let found = try #require(Self.findings(Self.snapshot(ports: .read([Self.port("p3", server: Self.server, slot: nil)]))).first)
        #expect(found.kind == .unrecordedPort)
        #expect(found.remedy == nil)
        #expect(found.outcome == .reported)
    }

    // MARK: Devices of vanished servers

    @Test func aDeviceNobodyHoldsIsFreed() throws {
        let ledger = Self.owning(Self.vf1, by: Self.gone, in: Self.ledger())
        let found = try #require(Self.findings(Self.snapshot(ledger: ledger)).first)
        #expect(found.kind == .orphanDevice)
        #expect(found.remedy == .freeDevice)
        #expect(found.outcome == .healable)
        #expect(found.server == Self.gone && found.device == Self.vf1)
    }

    @Test func aDeviceAGuestOrAPortStillHoldsIsNotFreed() throws {
        let ledger = Self.owning(Self.vf1, by: Self.gone, in: Self.ledger())
        let inGuest = Self.snapshot(ledger: ledger, domains: [Self.domain(Self.gone, Self.hostdev1)])
        let heldByGuest = try #require(Self.findings(inGuest).first { $0.kind == .orphanDevice })
        #expect(heldByGuest.outcome.name == "withheld")
        #expect(heldByGuest.message.contains("the guest of \(Self.gone.uuidString.lowercased())"))

        let named = Self.snapshot(ledger: ledger, ports: .read([Self.port("p1", server: Self.gone, slot: Self.vf1)]))
        let heldByPort = try #require(Self.findings(named).first { $0.kind == .orphanDevice })
        #expect(heldByPort.outcome.name == "withheld")
        #expect(heldByPort.message.contains("port p1"))
    }

    @Test func aSourceThatCouldNotBeCheckedIsNeverReadAsEmpty() throws {
        let ledger = Self.owning(Self.vf1, by: Self.gone, in: Self.ledger())
        var noHypervisor = Self.snapshot(ledger: ledger)
        noHypervisor.guests = .couldNotCheck("libvirtd is not running")
        let withoutGuests = try #require(Self.findings(noHypervisor).first)
        #expect(withoutGuests.outcome == .withheld("whether a guest holds it could not be checked: libvirtd is not running"))
        #expect(LedgerAudit(noHypervisor).uncheckedSources == [.hypervisor: "libvirtd is not running"])

        let oneDomainUnreadable = Self.snapshot(ledger: ledger, unreadable: [Self.other: "corrupt XML"])
        #expect(Self.findings(oneDomainUnreadable).first { $0.kind == .orphanDevice }?.outcome.name == "withheld")

        let noNetwork = Self.snapshot(ledger: ledger, ports: .couldNotCheck("Neutron did not answer"))
        #expect(Self.findings(noNetwork).first?.outcome == .withheld("whether a port names it could not be checked: Neutron did not answer"))
        #expect(LedgerAudit(noNetwork).uncheckedSources == [.network: "Neutron did not answer"])
    }

    @Test func aDeviceWithAnOperationInFlightIsNotFreed() throws {
        let ledger = Self.owning(Self.vf1, by: Self.gone, in: Self.ledger())
        let operation = InFlightOperation(JournalEntry(kind: .detach, serverID: Self.other, portID: "px", step: "releasingFromGuest",
                                                       details: ["pci_slot": Self.vf1.description], requestID: "req-2"))
        let found = try #require(Self.findings(Self.snapshot(ledger: ledger, inFlight: [operation])).first)
        #expect(found.kind == .orphanDevice)
        #expect(found.outcome.reason?.contains(operation.id.uuidString.lowercased()) == true)
    }

    @Test func aDeviceWhoseReleaseWaitsForARetryIsLeftToTheRetry() throws {
        let ledger = Self.owning(Self.vf1, by: Self.gone, status: .quarantined, in: Self.ledger())
        var row = JournalEntry(kind: .detach, serverID: Self.gone, portID: "p1", step: "quarantined", requestID: "req-3",
                               plan: ReleasePlan(interface: Self.interface("p1", server: Self.gone, slot: Self.vf1), request: nil,
                                                 guestMayHoldDevice: true, portMayBeBound: true))
        row.state = .quarantined
        let found = try #require(Self.findings(Self.snapshot(ledger: ledger, inFlight: [InFlightOperation(row)])).first)
        #expect(found.kind == .orphanDevice)
        #expect(found.outcome == .withheld("its release waits for a retry (quarantined detach journal entry \(row.id.uuidString.lowercased()))"))
    }

    // MARK: Devices in guests

    @Test func aFreeDeviceInAGuestIsQuarantinedToIt() throws {
        let found = try #require(Self.findings(Self.snapshot(domains: [Self.domain(Self.server, Self.hostdev1)])).first)
        #expect(found.kind == .unownedDeviceInGuest)
        #expect(found.remedy == .quarantineDevice)
        #expect(found.server == Self.server && found.device == Self.vf1)
        #expect(found.outcome == .healable)
    }

    @Test func aDeviceInADomainOfNoServerIsReportedNotQuarantined() throws {
        let snapshot = Self.snapshot(domains: [Self.domain(Self.server), Self.domain(Self.gone, Self.hostdev1)])
        let found = try #require(Self.findings(snapshot).first { $0.kind == .unownedDeviceInGuest })
        #expect(found.outcome == .withheld("the domain is no server of this service"))
    }

    @Test func aMacvtapIsMatchedByItsVFsNetdev() throws {
        let macvtap = GuestDevice.macvtap(mac: "fa:16:3e:00:00:07", sourceDevice: "ens1f0v2", vlan: nil)
        let found = try #require(Self.findings(Self.snapshot(domains: [Self.domain(Self.server, macvtap)])).first)
        #expect(found.kind == .unownedDeviceInGuest)
        #expect(found.device == Self.vf2)
    }

    @Test func aFreeDeviceBlockedByItsFamilyIsNotQuarantined() throws {
        // VF 2 is another server's, so the PF is unavailable: a guest holding the PF is a
        // conflict for an operator.
        let ledger = Self.owning(Self.vf2, by: Self.other, in: Self.ledger())
        let snapshot = Self.snapshot(ledger: ledger, servers: [Self.server: .active, Self.other: .active],
                                     domains: [Self.domain(Self.server, .hostdevPCI(address: Self.pf))])
        let found = try #require(Self.findings(snapshot).first { $0.kind == .unownedDeviceInGuest })
        #expect(found.outcome.name == "withheld")
    }

    @Test func aDeviceTwoHoldersClaimIsReported() throws {
        let ledger = Self.owning(Self.vf1, by: Self.other, in: Self.ledger())
        let snapshot = Self.snapshot(
            ledger: ledger, servers: [Self.server: .active, Self.other: .active],
            interfaces: [Self.interface("p1", server: Self.other, slot: Self.vf1)],
            domains: [Self.domain(Self.server, Self.hostdev1), Self.domain(Self.other, Self.hostdev1)])
        let found = try #require(Self.findings(snapshot).first)
        #expect(found.kind == .contestedDevice)
        #expect(found.remedy == nil)
        #expect(found.message.contains("the guest of \(Self.server.uuidString.lowercased())"))
    }

    @Test func theLedgersDeviceMissingFromItsGuestIsReported() throws {
        let ledger = Self.owning(Self.vf1, by: Self.server, in: Self.ledger())
        let snapshot = Self.snapshot(ledger: ledger, interfaces: [Self.interface("p1", server: Self.server, slot: Self.vf1)],
                                     ports: .read([Self.port("p1", server: Self.server, slot: Self.vf1)]))
        #expect(Self.findings(snapshot).map(\.kind) == [.missingFromGuest])
        // The same MAC on another VF is not the ledger's device.
        let elsewhere = GuestDevice.hostdevInterface(mac: "fa:16:3e:00:00:01", address: Self.vf2, vlan: 24)
        let moved = Self.snapshot(ledger: ledger, interfaces: [Self.interface("p1", server: Self.server, slot: Self.vf1)],
                                  domains: [Self.domain(Self.server, elsewhere)],
                                  ports: .read([Self.port("p1", server: Self.server, slot: Self.vf1)]))
        #expect(Self.findings(moved).map(\.kind).sorted() == [.missingFromGuest, .unownedDeviceInGuest].sorted())
    }

    @Test func vanishedAndStrayDomainsAndUntrackedDevicesAreReported() {
        let stray = GuestDevice.hostdevPCI(address: PCIAddress("0000:05:00.0")!)
        let snapshot = Self.snapshot(servers: [Self.server: .active, Self.other: .building],
                                     domains: [Self.domain(Self.gone, stray)])
        let findings = Self.findings(snapshot)
        #expect(Set(findings.map(\.kind)) == [.domainVanished, .domainWithoutServer, .untrackedDeviceInGuest])
        #expect(findings.first { $0.kind == .domainVanished }?.server == Self.server)
        #expect(findings.allSatisfy { $0.remedy == nil && $0.outcome == .reported })
    }

    // MARK: The host

    @Test func devicesGoneFromTheHostAreRemovedOrMarked() throws {
        let ledger = Self.owning(Self.vf1, by: Self.server, in: Self.ledger())
        let onHost = ledger.filter { $0.address == Self.pf }
        let snapshot = Self.snapshot(ledger: ledger, interfaces: [Self.interface("p1", server: Self.server, slot: Self.vf1)],
                                     domains: [Self.domain(Self.server, Self.hostdev1)], host: .read(onHost),
                                     ports: .read([Self.port("p1", server: Self.server, slot: Self.vf1)]))
        let gone = Self.findings(snapshot).filter { $0.kind == .goneFromHost }
        #expect(gone.map(\.device) == [Self.vf1, Self.vf2])
        #expect(gone.allSatisfy { $0.remedy == .removeDevice && $0.outcome == .healable })
        #expect(gone[0].message.contains("its owner keeps it until it is freed"))
    }

    @Test func aDeviceBackOnTheHostOrNewIsReported() {
        var ledger = Self.ledger()
        ledger[2].status = .removed
        let found = Self.findings(Self.snapshot(ledger: ledger, host: .read(Self.ledger())))
        #expect(found.map(\.kind) == [.newOnHost])
        #expect(found.first?.device == Self.vf2)
    }
}
