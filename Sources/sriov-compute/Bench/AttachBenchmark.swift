import Foundation
import JSONModel

/// `bench attach`: attach + detach cycles through HTTP against a running service, the
/// detach timed until it has completed (the port is unbound), with N servers in parallel.
struct AttachBenchmark {
    let servers: Int
    let cycles: Int
    let api: ServiceClient
    /// Where networks and ports are made and read: the service's own embedded network, or
    /// in a cluster the one host that serves the network.
    var network: ServiceClient
    /// The servers' `availability_zone` (`nova:HOST` places them on that host).
    var availabilityZone: String?

    init(servers: Int, cycles: Int, api: ServiceClient, network: ServiceClient? = nil, availabilityZone: String? = nil) {
        self.servers = servers
        self.cycles = cycles
        self.api = api
        self.network = network ?? api
        self.availabilityZone = availabilityZone
    }

    struct Sample {
        var attach: [UInt64] = []
        var detach: [UInt64] = []
    }

    /// One server and one direct port on a network of the benchmark's own: what a cycle attaches.
    struct Pair: Sendable {
        let server: String
        let port: String
    }

    func run() async throws -> JSONObject {
        let pairs = try await prepare(segment: 100 + servers)
        for pair in pairs { _ = try await cycle(pair.server, pair.port) }   // warm-up

        let start = Stopwatch.nanoseconds()
        let samples = try await withThrowingTaskGroup(of: Sample.self) { group in
            for pair in pairs {
                group.addTask {
                    var sample = Sample()
                    for _ in 0..<cycles {
                        let (attach, detach) = try await cycle(pair.server, pair.port)
                        sample.attach.append(attach)
                        sample.detach.append(detach)
                    }
                    return sample
                }
            }
            var all = Sample()
            for try await sample in group {
                all.attach += sample.attach
                all.detach += sample.detach
            }
            return all
        }
        let elapsed = Double(Stopwatch.nanoseconds() - start) / 1e9
        let attach = LatencySummary(nanoseconds: samples.attach)
        let detach = LatencySummary(nanoseconds: samples.detach)
        var line: JSONObject = ["bench": "attach_detach"]
        line["servers"] = .int(servers)
        line["cycles"] = .int(samples.attach.count)
        line["cycles_per_s"] = .figure(Double(samples.attach.count) / elapsed)
        line["attach_ms"] = .object(Self.milliseconds(attach))
        line["detach_ms"] = .object(Self.milliseconds(detach))
        return line
    }

    /// Creates the network (VLAN `segment` on physnet1), its subnet and `servers` pairs.
    func prepare(segment: Int) async throws -> [Pair] {
        let network: JSON = [
            "network": [
                "name": .string("bench-\(servers)-\(segment)"), "provider:network_type": "vlan", "provider:physical_network": "physnet1",
                "provider:segmentation_id": .int(segment),
            ],
        ]
        let networkID = try await self.network.create("/v2.0/networks", network, object: "network")
        let subnet: JSON = ["subnet": ["network_id": .string(networkID), "ip_version": 4, "cidr": "10.100.0.0/16"]]
        _ = try await self.network.create("/v2.0/subnets", subnet, object: "subnet")
        var pairs: [Pair] = []
        for index in 0..<servers {
            var fields: JSONObject = ["name": .string("bench-\(index)"), "flavorRef": "1", "imageRef": "", "networks": "none"]
            if let availabilityZone { fields["availability_zone"] = .string(availabilityZone) }
            let serverBody: JSON = ["server": .object(fields)]
            let portBody: JSON = ["port": ["network_id": .string(networkID), "binding:vnic_type": "direct"]]
            let server = try await api.create("/v2.1/servers", serverBody, object: "server")
            let port = try await self.network.create("/v2.0/ports", portBody, object: "port")
            pairs.append(Pair(server: server, port: port))
        }
        return pairs
    }

    static func milliseconds(_ summary: LatencySummary) -> JSONObject {
        var line: JSONObject = [:]
        line["p50"] = .figure(summary.p50 / 1000)
        line["p99"] = .figure(summary.p99 / 1000)
        line["mean"] = .figure(summary.mean / 1000)
        return line
    }

    /// One attach (until its 200) and one detach (from the DELETE until the port is unbound).
    func cycle(_ server: String, _ port: String) async throws -> (UInt64, UInt64) {
        let t0 = Stopwatch.nanoseconds()
        let body: JSON = ["interfaceAttachment": ["port_id": .string(port)]]
        let attached = try await api.request("POST", "/v2.1/servers/\(server)/os-interface", body)
        guard attached.status == 200 else { throw ValidationFailure("attach of \(port) answered \(attached.status): \(attached.text)") }
        let t1 = Stopwatch.nanoseconds()
        let detached = try await api.request("DELETE", "/v2.1/servers/\(server)/os-interface/\(port)")
        guard detached.status == 202 else { throw ValidationFailure("detach of \(port) answered \(detached.status): \(detached.text)") }
        // Poll with a growing pause (0.2 ms, ×1.25, at most 5 ms): a short detach is seen
        // within a fifth of its time, and 64 clients waiting on long ones do not starve
        // the detaches they wait for with GETs.
        var pause = 200.0
        while try await network.request("GET", "/v2.0/ports/\(port)").json?["port"]?["device_id"] != "" {
            try await Task.sleep(for: .microseconds(Int(pause)))
            pause = min(pause * 1.25, 5_000)
        }
        let t2 = Stopwatch.nanoseconds()
        return (t1 - t0, t2 - t1)
    }
}
