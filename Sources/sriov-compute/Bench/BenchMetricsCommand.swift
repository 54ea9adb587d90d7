import App
import ArgumentParser
import AsyncHTTPClient
import Foundation
import JSONModel

/// `sriov-compute bench metrics`: `GET /metrics` over HTTP on a large host, the whole
/// scrape (the ledger read, the census, the registry, the transfer) as Prometheus sees it.
struct BenchMetricsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "Scrape latency of GET /metrics on a host of 16,384 VFs (64 PFs × 256 VFs), with some devices allocated."
    )

    @Option(help: "Scrapes to time.")
    var scrapes = 200

    @Option(help: "Servers booted first, each holding one VF (so that the census has allocated devices).")
    var servers = 64

    func validate() throws {
        guard scrapes >= 1 else { throw ValidationError("--scrapes must be at least 1") }
        guard (0...1024).contains(servers) else { throw ValidationError("--servers must be 0…1024") }
    }

    func run() async throws {
        try await BenchService.run(fakeHost: .init(numaNodes: 2, pfCount: 64, vfsPerPF: 256), port: 0, named: "metrics", observed: true) { api, service in
            let network = try await api.create("/v2.0/networks", ["network": ["name": "bench", "provider:network_type": "vlan",
                                                                               "provider:physical_network": "physnet1", "provider:segmentation_id": 100]],
                                               object: "network")
            for index in 0..<servers {
                let port = try await api.create("/v2.0/ports", ["port": ["network_id": .string(network), "binding:vnic_type": "direct",
                                                                         "name": .string("bench-\(index)")]], object: "port")
                _ = try await api.create("/v2.1/servers", ["server": ["name": .string("bench-\(index)"), "flavorRef": "1", "imageRef": "",
                                                                      "networks": [["port": .string(port)]]]], object: "server")
            }
            let (bound, report) = AsyncStream.makeStream(of: Int.self)
            guard let app = service.metricsApplication(port: 0, listening: { port in
                report.yield(port)
                report.finish()
            }) else { throw ValidationFailure("the service has no metrics") }
            let serving = Task { try await app.runService() }
            defer { serving.cancel() }
            var ports = bound.makeAsyncIterator()
            guard let port = await ports.next(), port > 0 else { throw ValidationFailure("the metrics listener did not start") }
            let scraper = ServiceClient(client: api.client, base: "http://127.0.0.1:\(port)")
            var samples: [UInt64] = []
            var bytes = 0
            for _ in 0..<scrapes {
                let start = DispatchTime.now().uptimeNanoseconds
                let reply = try await scraper.request("GET", "/metrics", maxBytes: 64 << 20)
                samples.append(DispatchTime.now().uptimeNanoseconds - start)
                guard reply.status == 200 else { throw ValidationFailure("GET /metrics answered \(reply.status)") }
                bytes = reply.text.utf8.count
            }
            let devices = await service.manager.tracker.devices
            var line: JSONObject = ["bench": "metrics_scrape", "devices": .int(devices.count),
                                  "allocated": .int(devices.filter { $0.status == .allocated }.count),
                                  "scrapes": .int(scrapes), "bytes": .int(bytes)]
            line["lat_us"] = .object(LatencySummary(nanoseconds: samples).json)
            line["loadavg_1m"] = .figure(BenchPCICommand.loadAverage())
            line.print()
        }
    }
}
