import Foundation
import JSONModel
import PCI

/// The claim-engine measurements, with the records and field names of
/// `shared/bench/nova/nova_pci_bench.py` so both can be read side by side.
struct PCIBenchmarks {
    struct Limits {
        var minOps = 1000
        var minTime = 1.0
        var maxTime = 10.0
        var floorOps = 10
        var repeats = 3
    }

    let limits: Limits
    private var identifiers = BenchIdentifiers()

    init(limits: Limits) {
        self.limits = limits
    }

    /// A port request as Nova builds it for a `direct` port on the bench physnet; built
    /// outside the timed region, as Nova's bench builds its request objects.
    mutating func portRequest(policy: NUMAAffinityPolicy? = nil) -> PCIRequest {
        // forPort cannot fail for a direct port with a valid policy.
        try! PCIRequest.forPort(
            PortPCIContext(
                portID: identifiers.next().uuidString, vnicType: .direct, physicalNetwork: PCIBenchInventory.physnet,
                networkType: "vlan", portNUMAPolicy: policy?.rawValue),
            requestID: identifiers.next())!
    }

    /// `a_claim_alloc_free` / `c_numa_<policy>`: claim + allocate + free of one VF,
    /// repeated; the best of `repeats` trials.
    mutating func cycle(_ engine: inout PCIClaimEngine, policy: NUMAAffinityPolicy? = nil) throws -> JSONObject {
        let numa = policy.map { _ in InstanceNUMATopology(cells: [0]) }
        let before = engine.poolSummaries.reduce(0) { $0 + $1.free }
        var trials: [JSONObject] = []
        var rates: [Double] = []
        for _ in 0..<limits.repeats {
            let (record, rate) = try cycleTrial(&engine, policy: policy, numa: numa)
            trials.append(record)
            rates.append(rate)
        }
        let after = engine.poolSummaries.reduce(0) { $0 + $1.free }
        guard before == after else { throw ValidationFailure("free VFs went from \(before) to \(after)") }
        let best = rates.indices.max { rates[$0] < rates[$1] }!
        var record = trials[best]
        record["trials"] = .int(limits.repeats)
        record["trials_ops_per_s"] = .array(rates.map { .figure($0.rounded()) })
        return record
    }

    private mutating func cycleTrial(
        _ engine: inout PCIClaimEngine, policy: NUMAAffinityPolicy?, numa: InstanceNUMATopology?
    ) throws -> (JSONObject, Double) {
        func op() throws -> (UInt64, UInt64, UInt64, UInt64) {
            let request = portRequest(policy: policy)
            let instance = identifiers.next()
            let cpu0 = Stopwatch.threadCPUNanoseconds()
            let t0 = Stopwatch.nanoseconds()
            let claimed = try engine.claim(request, for: instance, numa: numa)
            let t1 = Stopwatch.nanoseconds()
            try engine.allocate(instance: instance)
            let t2 = Stopwatch.nanoseconds()
            try engine.free(claimed[0], instance: instance)
            let t3 = Stopwatch.nanoseconds()
            let cpu = Stopwatch.threadCPUNanoseconds() - cpu0
            if policy == .required, engine.device(at: claimed[0])?.numaNode != 0 {
                throw ValidationFailure("NUMA affinity violated: \(claimed[0]) is not on node 0")
            }
            return (t1 - t0, t2 - t1, t3 - t2, cpu)
        }
        for _ in 0..<20 { _ = try op() }
        var latencies: [UInt64] = []
        var cpus: [UInt64] = []
        var phases: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var timed: UInt64 = 0
        let wallStart = Stopwatch.nanoseconds()
        while true {
            let (claim, allocate, free, cpu) = try op()
            phases = (phases.0 + claim, phases.1 + allocate, phases.2 + free)
            let latency = claim + allocate + free
            latencies.append(latency)
            cpus.append(cpu)
            timed += latency
            let seconds = Double(timed) / 1e9
            if latencies.count >= limits.minOps && seconds >= limits.minTime { break }
            if seconds >= limits.maxTime && latencies.count >= limits.floorOps { break }
        }
        let n = Double(latencies.count)
        let rate = n / (Double(timed) / 1e9)
        let cpuTotal = Double(cpus.reduce(0, +)) / 1e9
        let record: JSONObject = [
            "ops": .int(latencies.count),
            "timed_s": .figure(Double(timed) / 1e9),
            "wall_s": .figure(Double(Stopwatch.nanoseconds() - wallStart) / 1e9),
            "ops_per_s": .figure(rate),
            "lat_us": .object(LatencySummary(nanoseconds: latencies).json),
            "cpu_ops_per_s": cpuTotal > 0 ? .figure(n / cpuTotal) : .null,
            "phases": .array(["claim", "allocate", "free"]),
            "phase_mean_us": .array([phases.0, phases.1, phases.2].map { .figure(Double($0) / n / 1000) }),
        ]
        return (record, rate)
    }

    /// `b_fill`: one VF per new server until the pool is empty; then `b_drain` frees them
    /// all in claim order.
    mutating func fill(_ engine: inout PCIClaimEngine) throws -> (fill: JSONObject, drain: JSONObject) {
        let total = engine.poolSummaries.reduce(0) { $0 + $1.free }
        var latencies: [UInt64] = []
        latencies.reserveCapacity(total)
        var held: [(UUID, PCIAddress)] = []
        held.reserveCapacity(total)
        let wallStart = Stopwatch.nanoseconds()
        var exhaustedNanoseconds: UInt64 = 0
        while true {
            let request = portRequest()
            let instance = identifiers.next()
            let t0 = Stopwatch.nanoseconds()
            let claimed: [PCIAddress]
            do {
                claimed = try engine.claim(request, for: instance)
            } catch {
                exhaustedNanoseconds = Stopwatch.nanoseconds() - t0
                break
            }
            try engine.allocate(instance: instance)
            latencies.append(Stopwatch.nanoseconds() - t0)
            held.append((instance, claimed[0]))
        }
        let fillWall = Stopwatch.nanoseconds() - wallStart
        guard latencies.count == total, engine.poolSummaries.allSatisfy({ $0.free == 0 }) else {
            throw ValidationFailure("filled \(latencies.count) of \(total) VFs")
        }
        var fill = Self.series(latencies, countKey: "claims", rateKey: "claims_per_s")
        fill["wall_s"] = .figure(Double(fillWall) / 1e9)
        fill["exhausted_claim_us"] = .figure(Double(exhaustedNanoseconds) / 1000)

        var drainLatencies: [UInt64] = []
        drainLatencies.reserveCapacity(total)
        for (instance, address) in held {
            let t0 = Stopwatch.nanoseconds()
            try engine.free(address, instance: instance)
            drainLatencies.append(Stopwatch.nanoseconds() - t0)
        }
        guard engine.poolSummaries.reduce(0, { $0 + $1.free }) == total else {
            throw ValidationFailure("drain did not return every VF")
        }
        return (fill, Self.series(drainLatencies, countKey: "frees", rateKey: "frees_per_s"))
    }

    private static func series(_ latencies: [UInt64], countKey: String, rateKey: String) -> JSONObject {
        let total = Double(latencies.reduce(0, +)) / 1e9
        let decile = max(1, latencies.count / 10)
        func mean(_ slice: ArraySlice<UInt64>) -> Double { Double(slice.reduce(0, +)) / Double(slice.count) / 1000 }
        var record: JSONObject = [:]
        record[countKey] = .int(latencies.count)
        record["total_s"] = .figure(total)
        record[rateKey] = .figure(Double(latencies.count) / total)
        record["lat_us"] = .object(LatencySummary(nanoseconds: latencies).json)
        record["first_decile_mean_us"] = .figure(mean(latencies.prefix(decile)))
        record["last_decile_mean_us"] = .figure(mean(latencies.suffix(decile)))
        return record
    }
}
