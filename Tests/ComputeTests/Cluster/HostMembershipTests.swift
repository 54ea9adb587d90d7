import Compute
import ComputeModel
import Foundation
import PCI
import Store
import Testing

/// Up and down from the heartbeat (issue 12 item 5's detection), the operator's changes to
/// a host's service, and one hypervisor per host with its PCI pools, as every host reads
/// them from the shared database.
struct HostMembershipTests {
    private func states(_ host: ComputeHost) async throws -> [String: Bool] {
        Dictionary(uniqueKeysWithValues: try await host.manager.computeHosts(context: ComputeHost.admin).map { ($0.host.name, $0.isUp) })
    }

    @Test func aHostWhoseHeartbeatStoppedIsDownOnceServiceDownTimeHasPassedAndUpAgainWhenItRegisters() async throws {
        let cluster = try await ComputeCluster.make()
        defer { cluster.remove() }
        let a = cluster.hosts[0], b = cluster.hosts[1]
        #expect(try await states(a) == ["compute0": true, "compute1": true])
        // B's last heartbeat just inside, then just outside, service_down_time (60 s).
        try await cluster.database.write { db in try ServiceRecords.heartbeat(host: "compute1", now: Date().addingTimeInterval(-55), in: db) }
        #expect(try await states(a) == ["compute0": true, "compute1": true])
        try await cluster.database.write { db in try ServiceRecords.heartbeat(host: "compute1", now: Date().addingTimeInterval(-61), in: db) }
        #expect(try await states(a) == ["compute0": true, "compute1": false])
        #expect(try await states(b) == ["compute0": true, "compute1": false], "every host answers the same")
        let (restarted, _) = try await b.restart()
        try await restarted.manager.register(peerURL: "http://compute1:8774")
        #expect(try await states(a) == ["compute0": true, "compute1": true])
    }

    @Test func serviceDownTimeComesFromTheConfiguration() async throws {
        let cluster = try await ComputeCluster.make()
        defer { cluster.remove() }
        let a = cluster.hosts[0]
        var configuration = a.manager.configuration
        configuration.serviceDownTime = 5
        let strict = ComputeManager(configuration: configuration, database: a.database, tracker: a.manager.tracker, network: a.network,
                                    hypervisor: a.hypervisor, logger: ComputeHost.quiet)
        try await cluster.database.write { db in try ServiceRecords.heartbeat(host: "compute1", now: Date().addingTimeInterval(-6), in: db) }
        #expect(try await strict.computeHosts(context: ComputeHost.admin).map(\.isUp) == [true, false])
        #expect(try await a.manager.computeHosts(context: ComputeHost.admin).map(\.isUp) == [true, true])
    }

    @Test func forcedDownIsDownAtOnceAndDisableKeepsItsReasonUntilEnabled() async throws {
        let cluster = try await ComputeCluster.make()
        defer { cluster.remove() }
        let a = cluster.hosts[0]
        let down = try await a.manager.updateComputeHost("compute1", ComputeHostUpdate(forcedDown: true), context: ComputeHost.admin)
        #expect(!down.isUp && down.host.forcedDown)
        #expect(try await states(cluster.hosts[1]) == ["compute0": true, "compute1": false])
        let disabled = try await a.manager.updateComputeHost("compute1", ComputeHostUpdate(disabled: true, disabledReason: "rack 4",
                                                                                           forcedDown: false), context: ComputeHost.admin)
        #expect(disabled.isUp && disabled.host.disabled && disabled.host.disabledReason == "rack 4")
        let enabled = try await a.manager.updateComputeHost("compute1", ComputeHostUpdate(disabled: false), context: ComputeHost.admin)
        #expect(!enabled.host.disabled && enabled.host.disabledReason == nil)
        await #expect(throws: ComputeError.computeHostNotFound("compute9")) {
            try await a.manager.updateComputeHost("compute9", ComputeHostUpdate(disabled: true), context: ComputeHost.admin)
        }
        await #expect(throws: ComputeError.policyRefused(rule: "os_compute_api:os-services:update")) {
            try await a.manager.updateComputeHost("compute1", ComputeHostUpdate(disabled: true), context: ComputeHost.member)
        }
        #expect(try await a.manager.computeHosts(context: ComputeHost.admin).map(\.host.disabled) == [false, false])
    }

    @Test func aHostWithServersCannotBeDeletedOneWithoutCanAndRegistersAgain() async throws {
        let cluster = try await ComputeCluster.make()
        defer { cluster.remove() }
        let a = cluster.hosts[0], b = cluster.hosts[1]
        _ = try await a.boot()
        await #expect(throws: ComputeError.computeHostHasServers("compute0")) {
            try await b.manager.deleteComputeHost("compute0", context: ComputeHost.admin)
        }
        let numbers = try await a.manager.computeHosts(context: ComputeHost.admin).map(\.host.number)
        #expect(numbers == [1, 2])
        try await a.manager.deleteComputeHost("compute1", context: ComputeHost.admin)
        #expect(try await a.manager.computeHosts(context: ComputeHost.admin).map(\.host.name) == ["compute0"])
        await #expect(throws: ComputeError.computeHostNotFound("compute1")) {
            try await a.manager.deleteComputeHost("compute1", context: ComputeHost.admin)
        }
        try await b.manager.register(peerURL: "http://compute1:8774")
        #expect(try await a.manager.computeHosts(context: ComputeHost.admin).map(\.host.name) == ["compute0", "compute1"])
    }

    @Test func eachHostsHypervisorShowsItsServersAndItsPCIPoolsFromItsOwnDeviceRows() async throws {
        let cluster = try await ComputeCluster.make()
        defer { cluster.remove() }
        let a = cluster.hosts[0], b = cluster.hosts[1]
        let (_, server, _) = try await a.serverWithVF()
        for host in [a, b] {
            let hypervisors = try await host.manager.hypervisors(context: ComputeHost.admin)
            #expect(hypervisors.map(\.status.host.name) == ["compute0", "compute1"])
            #expect(hypervisors.map { $0.servers.map(\.id) } == [[server], []])
            let vfs = hypervisors.map { $0.pciPools.filter { $0.deviceType == .virtualFunction } }
            #expect(vfs.map { $0.map(\.total) } == [[2], [2]])
            #expect(vfs.map { $0.map(\.free) } == [[1], [2]])
            #expect(vfs.map { $0.map(\.physicalNetwork) } == [["physnet2"], ["physnet2"]])
        }
        await #expect(throws: ComputeError.policyRefused(rule: "os_compute_api:os-hypervisors:list")) {
            try await a.manager.hypervisors(context: ComputeHost.member)
        }
    }
}
