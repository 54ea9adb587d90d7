import ArgumentParser
import Foundation
import JSONModel

/// `sriov-compute bench json`: the hand-written parser and encoder (`JSONModel`) against
/// Foundation's `JSONSerialization` and `JSONDecoder`, on bodies the service really reads
/// and writes, taken from a running service: a server create, the port list of 1,000
/// ports, an os-interface list, and a benchmark record. Whether the hand parser earns its
/// place (it enforces the request limits while parsing, and keeps key order) is read from
/// these figures (docs/ARCHITECTURE.md).
struct BenchJSONCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "json",
        abstract: "Parse and encode the service's real bodies with JSONModel, JSONSerialization and JSONDecoder."
    )

    @Option(help: "Timed parses and encodes of each body by each implementation.")
    var iterations = 100

    @Option(help: "Ports in the port list.")
    var ports = 1000

    @Option(help: "Ports attached to the server whose os-interface list is measured.")
    var interfaces = 4

    func validate() throws {
        guard (1...100_000).contains(iterations) else { throw ValidationError("--iterations must be 1…100000") }
        guard (1...10_000).contains(ports) else { throw ValidationError("--ports must be 1…10000") }
        guard (1...8).contains(interfaces) else { throw ValidationError("--interfaces must be 1…8") }
    }

    func run() async throws {
        var bodies: [(name: String, text: String)] = []
        try await BenchService.run(fakeHost: .init(numaNodes: 1, pfCount: 1, vfsPerPF: 8), port: 0, named: "json") { api, _ in
            bodies = try await Self.realBodies(api, ports: ports, interfaces: interfaces)
        }
        for (name, text) in bodies { try measure(name, text).print() }
    }

    /// The bodies as the service exchanges them: the create a client sends, and the
    /// answers the service writes.
    private static func realBodies(_ api: ServiceClient, ports: Int, interfaces: Int) async throws -> [(name: String, text: String)] {
        var api = api
        api.microversion = "2.104"
        let network = try await api.create("/v2.0/networks", ["network": [
            "name": "bench", "provider:network_type": "vlan", "provider:physical_network": "physnet1",
            "provider:segmentation_id": 100,
        ]], object: "network")
        _ = try await api.create("/v2.0/subnets", ["subnet": [
            "network_id": .string(network), "cidr": "10.0.0.0/16", "ip_version": 4, "name": "bench-subnet",
        ]], object: "subnet")
        var attached: [String] = []
        for index in 0..<ports {
            var port: JSONObject = ["network_id": .string(network), "name": .string("bench-\(index)")]
            if index < interfaces { port["binding:vnic_type"] = "direct" }
            let id = try await api.create("/v2.0/ports", ["port": .object(port)], object: "port")
            if index < interfaces { attached.append(id) }
        }
        let create: JSON = [
            "server": [
                "name": "bench-vm", "flavorRef": "1", "imageRef": "",
                "networks": .array(attached.enumerated().map { ["port": .string($1), "tag": .string("nic\($0)")] }),
                "metadata": ["role": "bench", "owner": "sriov-compute"],
            ],
            "os:scheduler_hints": ["group": "0d3e6f34-1c51-4a2a-9d3b-2b8e5c1f7a10"],
        ]
        let createText = create.rendered
        let reply = try await api.request("POST", "/v2.1/servers", raw: createText)
        guard reply.status == 202, let server = reply.json?["server"]?["id"]?.stringValue else {
            throw ValidationFailure("POST /v2.1/servers answered \(reply.status): \(reply.text)")
        }
        let portList = try await api.request("GET", "/v2.0/ports", maxBytes: 64 << 20)
        let interfaceList = try await api.request("GET", "/v2.1/servers/\(server)/os-interface")
        guard portList.status == 200, interfaceList.status == 200 else {
            throw ValidationFailure("GET answered \(portList.status) (ports) and \(interfaceList.status) (os-interface)")
        }
        var record: JSONObject = ["bench": "attach_detach", "vnic_type": "direct", "cycles": 200]
        record["attach_ms"] = .object(LatencySummary(nanoseconds: (1...200).map { UInt64($0) * 31_337 }).json)
        record["detach_ms"] = .object(LatencySummary(nanoseconds: (1...200).map { UInt64($0) * 27_183 }).json)
        return [
            ("server_create", createText), ("port_list", portList.text), ("os_interface_list", interfaceList.text),
            ("bench_line", JSON.object(record).rendered),
        ]
    }

    /// Median time of each implementation on `text`, and whether they read the same value.
    private func measure(_ name: String, _ text: String) throws -> JSONObject {
        let bytes = Array(text.utf8)
        let data = Data(bytes)
        guard let parsed = JSON.parse(bytes, limits: .stored).success else { throw ValidationFailure("\(name) is not JSON") }
        let foundationValue = try JSONSerialization.jsonObject(with: data)
        let decoded = try JSONDecoder().decode(JSON.self, from: data)
        let converted = Self.json(foundationValue)

        let parse: JSONObject = [
            "jsonmodel": try p50 { _ = JSON.parse(bytes, limits: .stored) },
            "jsonserialization": try p50 { _ = try JSONSerialization.jsonObject(with: data) },
            // What replacing the hand parser would cost: Foundation's tree into `JSON`.
            "jsonserialization_to_json": try p50 { _ = Self.json(try JSONSerialization.jsonObject(with: data)) },
            "jsondecoder": try p50 { _ = try JSONDecoder().decode(JSON.self, from: data) },
        ]
        let encode: JSONObject = [
            "jsonmodel": try p50 { _ = Data(parsed.rendered.utf8) },
            "jsonserialization": try p50 { _ = try JSONSerialization.data(withJSONObject: foundationValue) },
        ]
        var line: JSONObject = ["bench": "json", "body": .string(name), "bytes": .int(bytes.count)]
        line["within_request_limits"] = .bool(JSON.parse(bytes, limits: .requestBody).success != nil)
        line["same_value"] = .bool(decoded == parsed && converted == parsed)
        line["iterations"] = .int(iterations)
        line["parse_us"] = .object(parse)
        line["encode_us"] = .object(encode)
        line["parse_mb_per_s"] = .object(parse.mapValues { time in
            time.doubleValue.map { .figure(Double(bytes.count) / $0) } ?? .null
        })
        line["loadavg_1m"] = .figure(BenchPCICommand.loadAverage())
        return line
    }

    /// A `JSONSerialization` tree as `JSON` (booleans are `NSNumber`s whose type is `c`;
    /// numbers that are whole and fit an `Int` are `.int`, as the hand parser reads them).
    private static func json(_ value: Any) -> JSON {
        switch value {
        case let text as String: return .string(text)
        case let number as NSNumber:
            if String(cString: number.objCType) == "c" { return .bool(number.boolValue) }
            let double = number.doubleValue
            return Int(exactly: double).map(JSON.int) ?? .number(double)
        case let items as [Any]: return .array(items.map(json))
        case let members as [String: Any]: return .object(JSONObject(members.map { ($0.key, json($0.value)) }))
        default: return .null
        }
    }

    /// The median of `iterations` timed runs (after three untimed ones), in microseconds.
    private func p50(_ operation: () throws -> Void) throws -> JSON {
        for _ in 0..<3 { try operation() }
        var samples: [UInt64] = []
        samples.reserveCapacity(iterations)
        for _ in 0..<iterations {
            let start = Stopwatch.nanoseconds()
            try operation()
            samples.append(Stopwatch.nanoseconds() - start)
        }
        return .figure(LatencySummary(nanoseconds: samples).p50)
    }
}

private extension Result {
    var success: Success? { try? get() }
}

private extension JSON {
    var doubleValue: Double? {
        switch self {
        case .int(let number): Double(number)
        case .number(let number): number
        default: nil
        }
    }
}
