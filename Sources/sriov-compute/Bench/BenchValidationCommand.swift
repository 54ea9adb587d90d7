import ArgumentParser
import Foundation
import JSONModel

/// `sriov-compute bench validation`: what hostile requests cost the service (issue 10).
/// A server create whose object has N unknown keys (the outside test's 40,000 took 3–4 s
/// to refuse, growing quadratically), and the name filter `(a+)+$` over servers whose
/// names make a backtracking engine explode (63 s for one 21-character name).
struct BenchValidationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validation",
        abstract: "Time to refuse bodies with many keys, and to filter servers by a catastrophic pattern, through the HTTP API."
    )

    @Option(help: "Comma-separated key counts for the server-create body (over 10000 is refused by the key limit).")
    var keys = "1000,3000,9000,40000"

    @Option(help: "Servers named 'a'×40 + '!' for the name-filter measurement.")
    var servers = 50

    @Option(help: "Requests per measurement.")
    var repeats = 5

    @Option(help: "The port the service listens on during the benchmark (0: any free port).")
    var port = 0

    func validate() throws {
        guard parsedKeys != nil else { throw ValidationError("--keys: expected e.g. 1000,40000 (each 1…100000), got '\(keys)'") }
        guard (1...500).contains(servers) else { throw ValidationError("--servers must be 1…500") }
        guard (1...100).contains(repeats) else { throw ValidationError("--repeats must be 1…100") }
        guard port == 0 || (1024...65535).contains(port) else { throw ValidationError("--port must be 0 or 1024…65535") }
    }

    var parsedKeys: [Int]? {
        let values = keys.split(separator: ",").compactMap { Int($0) }
        return values.count == keys.split(separator: ",").count && !values.isEmpty && values.allSatisfy({ (1...100_000).contains($0) })
            ? values : nil
    }

    func run() async throws {
        try await BenchService.run(fakeHost: .init(numaNodes: 1, pfCount: 1, vfsPerPF: 1), port: port, named: "validation") { api, _ in
            var api = api
            api.microversion = "2.37"
            for count in parsedKeys ?? [] {
                let members = (0..<count).map { #""key\#($0)": \#($0)"# }.joined(separator: ", ")
                let body = #"{"server": {"name": "vm", "flavorRef": "1", "imageRef": "", "networks": "none", \#(members)}}"#
                let (statuses, samples) = try await measure { try await api.request("POST", "/v2.1/servers", raw: body).status }
                record("server_create_keys", ["keys": .int(count), "body_bytes": .int(body.utf8.count)], statuses, samples)
            }
            for _ in 0..<servers {
                _ = try await api.create("/v2.1/servers", ["server": ["name": .string(String(repeating: "a", count: 40) + "!"),
                                                                      "flavorRef": "1", "imageRef": "", "networks": "none"]], object: "server")
            }
            let (statuses, samples) = try await measure { try await api.request("GET", "/v2.1/servers?name=(a%2B)%2B%24").status }
            record("name_filter_redos", ["servers": .int(servers), "name_length": .int(41)], statuses, samples)
        }
    }

    private func measure(_ call: () async throws -> Int) async throws -> (statuses: [Int], nanoseconds: [UInt64]) {
        var statuses: [Int] = []
        var samples: [UInt64] = []
        for _ in 0..<repeats {
            let start = ContinuousClock.now
            statuses.append(try await call())
            let elapsed = ContinuousClock.now - start
            samples.append(UInt64(elapsed.components.seconds) * 1_000_000_000 + UInt64(elapsed.components.attoseconds / 1_000_000_000))
        }
        return (statuses, samples)
    }

    private func record(_ bench: String, _ fields: JSONObject, _ statuses: [Int], _ samples: [UInt64]) {
        var line: JSONObject = ["bench": .string(bench)]
        line.merge(fields)
        line["statuses"] = .array(Set(statuses).sorted().map { .int($0) })
        let summary = LatencySummary(nanoseconds: samples)
        line["ms"] = .object(["p50": .figure(summary.p50 / 1000), "max": .figure(summary.max / 1000)])
        line["repeats"] = .int(repeats)
        line.print()
    }
}
