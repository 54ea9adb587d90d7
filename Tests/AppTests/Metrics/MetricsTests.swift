import App
import Foundation
import JSONModel
import Testing
import Virt

/// `GET /metrics` after a known sequence of operations: every figure checked against
/// what the ledger and the API say.
@Suite(.serialized)
struct MetricsTests {
    static func harness(detachTimeout: Duration = .milliseconds(300)) async throws -> ServiceHarness {
        try await ServiceHarness.make(fakeHost: .init(numaNodes: 2, pfCount: 2, vfsPerPF: 2), trackPFs: false,
                                      detachTimeout: detachTimeout, detachAttempts: 1) {
            $0.metricsListen = .init(host: "127.0.0.1", port: 0)
        }
    }

    @Test func devicesAttachesDetachesAndRequestsAreCountedAsTheLedgerSaysThem() async throws {
        let harness = try await Self.harness()
        try await harness.run { api in
            let net = try await api.createNetwork()
            let ports = [try await api.createPort(network: net, vnicType: "direct"), try await api.createPort(network: net, vnicType: "macvtap")]
            let server = try await api.boot()
            #expect(try await api.attach(server, port: ports[0]).status == 200)
            #expect(try await api.attach(server, port: ports[1]).status == 200)
            #expect(try await api.detach(server, port: ports[1]).status == 202)
            // Attaching an attached port again is refused before anything changes.
            #expect(try await api.attach(server, port: ports[0]).status == 409)

            let scrape = try await MetricsScrape.take(from: api.service)
            // The census agrees with the admin inventory, device by device.
            let statuses = try await api.pciStatuses()
            for status in Set(statuses.values) {
                let count = Double(statuses.values.filter { $0 == status }.count)
                #expect(scrape.value("sriov_compute_pci_devices", ["status": status, "hostname": "compute0"]) == count, "\(status)")
            }
            #expect(scrape.value("sriov_compute_pci_devices") == 4)
            #expect(scrape.value("sriov_compute_pci_devices", ["status": "allocated", "physnet": "physnet2", "dev_type": "type-VF"]) == 1)
            let allocated = try #require(scrape.samples.first { $0.name == "sriov_compute_pci_devices" && $0.labels["status"] == "allocated" })
            let device = try #require(await api.service.manager.tracker.devices.first { $0.status == .allocated })
            #expect(allocated.labels["pf"] == device.parentAddress?.description)
            #expect(allocated.labels["numa_node"] == device.numaNode.map(String.init))

            let attach = "sriov_compute_attach_duration_seconds_count"
            #expect(scrape.value(attach, ["vnic_type": "direct", "result": "success"]) == 1)
            #expect(scrape.value(attach, ["vnic_type": "macvtap", "result": "success"]) == 1)
            #expect(scrape.value("sriov_compute_detach_duration_seconds_count", ["vnic_type": "macvtap", "result": "success"]) == 1)
            #expect(scrape.value("sriov_compute_rollbacks_total") == 0)
            #expect(scrape.value("sriov_compute_quarantines_total") == 0)

            let route = "/v2.1/servers/{server_id}/os-interface"
            #expect(scrape.value("sriov_compute_http_requests_total", ["route": route, "method": "POST", "status": "200"]) == 2)
            #expect(scrape.value("sriov_compute_http_requests_total", ["route": route, "method": "POST", "status": "409"]) == 1)
            #expect(scrape.value("sriov_compute_http_requests_total", ["api": "network", "method": "POST", "status": "201"]) == 4)
            #expect(scrape.value("sriov_compute_audit_runs_total") >= 1)   // the start-up audit
        }
    }

    /// Every transaction of the compute store is timed by kind, and every attach, a refused
    /// one too, reports the part of its time spent in them (issue 12's cluster bench reads it).
    @Test func storeTransactionsAndEachAttachsTimeInTheDatabaseAreMeasured() async throws {
        let harness = try await Self.harness()
        try await harness.run { api in
            let net = try await api.createNetwork()
            let port = try await api.createPort(network: net, vnicType: "direct")
            let server = try await api.boot()
            let before = try await MetricsScrape.take(from: api.service)
            #expect(before.value("sriov_compute_store_transaction_seconds_count", ["kind": "read"]) > 0)
            #expect(before.value("sriov_compute_operation_database_seconds_count") == 0)
            #expect(try await api.attach(server, port: port).status == 200)
            #expect(try await api.attach(server, port: port).status == 409)

            let after = try await MetricsScrape.take(from: api.service)
            let writes = "sriov_compute_store_transaction_seconds_count"
            // The attach's start, its claim and its commit at least.
            #expect(after.value(writes, ["kind": "write"]) - before.value(writes, ["kind": "write"]) >= 3)
            #expect(after.value("sriov_compute_store_transaction_seconds_sum") > 0)
            let attach = ["operation": "attach", "hostname": "compute0"]
            #expect(after.value("sriov_compute_operation_database_seconds_count", attach) == 2)
            #expect(after.value("sriov_compute_operation_database_seconds_sum", attach) > 0)
            #expect(after.value("sriov_compute_operation_database_ratio_count", attach) == 2)
            let shares = after.value("sriov_compute_operation_database_ratio_sum", attach)
            #expect(shares > 0 && shares <= 2)
        }
    }

    /// A plug the hypervisor refuses rolls the attach back (counted, the attach a failure);
    /// a guest that keeps its device through the detach policy quarantines it (a timeout
    /// and a quarantine, and the device listed by address).
    @Test func rollbacksTimeoutsAndQuarantinesAreCounted() async throws {
        let harness = try await Self.harness(detachTimeout: .milliseconds(50))
        try await harness.run { api in
            let net = try await api.createNetwork()
            let port = try await api.createPort(network: net, vnicType: "direct")
            let server = try await api.boot()
            let uuid = try #require(UUID(uuidString: server))
            try await api.simulator().failNextAttach(message: "no more PCIe ports", domain: uuid)
            #expect(try await api.attach(server, port: port).status != 200)
            #expect(try await api.attach(server, port: port).status == 200)
            try await api.simulator().ignoreUnplug(in: uuid)
            #expect(try await api.detach(server, port: port).status == 202)

            let scrape = try await MetricsScrape.take(from: api.service)
            #expect(scrape.value("sriov_compute_rollbacks_total", ["operation": "attach"]) == 1)
            #expect(scrape.value("sriov_compute_attach_duration_seconds_count", ["result": "failure"]) == 1)
            #expect(scrape.value("sriov_compute_attach_duration_seconds_count", ["result": "success"]) == 1)
            #expect(scrape.value("sriov_compute_detach_timeouts_total") == 1)
            #expect(scrape.value("sriov_compute_quarantines_total") == 1)
            #expect(scrape.value("sriov_compute_detach_duration_seconds_count", ["result": "failure"]) == 1)
            let quarantined = try #require(await api.service.manager.tracker.devices.first { $0.status == .quarantined })
            let sample = try #require(scrape.samples.first { $0.name == "sriov_compute_pci_device_quarantined" })
            #expect(sample.labels["pciAddr"] == quarantined.address.description)
            #expect(sample.labels["vf"] == quarantined.vfNumber.map(String.init))
            #expect(sample.labels["owner"] == server)
            #expect(scrape.value("sriov_compute_pci_devices", ["status": "quarantined"]) == 1)
        }
    }

    @Test func labelValuesAreEscapedAsTheTextFormatSays() throws {
        let sample = try MetricsScrape.parse(#"m{a="x\"y\\z\nw",b=""} 3"#)
        #expect(sample.labels == ["a": "x\"y\\z\nw", "b": ""])
        #expect(sample.value == 3)
    }
}
