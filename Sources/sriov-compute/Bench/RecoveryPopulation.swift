import JSONModel

/// The servers `bench recovery` restarts on: a VLAN network on physnet1, then `servers`
/// boots through the HTTP API, each on a port of its own (vnic direct, so each holds a VF),
/// `concurrency` at a time. Every boot must end ACTIVE.
struct RecoveryPopulation {
    let servers: Int
    let concurrency: Int
    let port: Int

    /// Seconds the boots took.
    func run() async throws -> Double {
        try await ServiceClient.withClient(port: port) { api in try await boot(through: api) }
    }

    private func boot(through api: ServiceClient) async throws -> Double {
        let network: JSON = [
            "network": ["name": "bench-recovery", "provider:network_type": "vlan", "provider:physical_network": "physnet1",
                        "provider:segmentation_id": 100],
        ]
        let networkID = try await api.create("/v2.0/networks", network, object: "network")
        let subnet: JSON = ["subnet": ["network_id": .string(networkID), "ip_version": 4, "cidr": "10.128.0.0/9"]]
        _ = try await api.create("/v2.0/subnets", subnet, object: "subnet")
        let started = Stopwatch.nanoseconds()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<min(concurrency, servers) {
                group.addTask {
                    for index in stride(from: worker, to: servers, by: concurrency) {
                        let portBody: JSON = ["port": ["network_id": .string(networkID), "binding:vnic_type": "direct"]]
                        let portID = try await api.create("/v2.0/ports", portBody, object: "port")
                        let serverBody: JSON = [
                            "server": ["name": .string("recovery-\(index)"), "flavorRef": "1", "imageRef": "",
                                       "networks": [["port": .string(portID)]]],
                        ]
                        let serverID = try await api.create("/v2.1/servers", serverBody, object: "server")
                        let shown = try await api.request("GET", "/v2.1/servers/\(serverID)")
                        guard shown.json?["server"]?["status"]?.stringValue == "ACTIVE" else {
                            throw ValidationFailure("server \(index) (\(serverID)) did not boot: \(shown.text.prefix(300))")
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        return Double(Stopwatch.nanoseconds() - started) / 1e9
    }
}
