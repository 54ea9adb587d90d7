import ArgumentParser
import Foundation
import JSONModel
import PCI

/// `sriov-compute bench pci`: the claim engine on the layouts of Nova's PCI bench.
struct BenchPCICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pci",
        abstract: "Claim/allocate/free throughput and latency of the PCI engine against inventory size.",
        discussion: """
            Records (as shared/bench/nova/nova_pci_bench.py): setup, a_claim_alloc_free, \
            c_numa_<policy>, b_fill, b_drain. Compare with `shared/bench/nova/run.sh`.
            """
    )

    @Option(help: "Comma-separated PFsxVFs-per-PF layouts.")
    var layouts = "2x32,8x64,32x128,64x256"

    @Option(help: "untracked (device_spec selects only VFs), tracked (PFs too), or both.")
    var pfMode: PFMode = .untracked

    @Option(help: "Comma-separated subset of a,b,c.")
    var benches = "a,b,c"

    @Option(help: "NUMA policies for the c benches.")
    var numaPolicies = "legacy,required,preferred"

    @Option(help: "Minimum timed operations per trial.")
    var minOps = 1000

    @Option(help: "Minimum timed seconds per trial.")
    var minTime = 1.0

    @Option(help: "Trials per a/c measurement; the best is reported with every trial's rate.")
    var repeats = 3

    @Option(help: "Where the fake sysfs trees are written (default: /dev/shm when writable, else the temp folder).")
    var workDir: String?

    enum PFMode: String, ExpressibleByArgument, CaseIterable {
        case untracked, tracked, both
    }

    func validate() throws {
        guard (try? parsedLayouts()) != nil else {
            throw ValidationError("--layouts: expected e.g. 2x32,8x64 (PFs 1…\(64 * 256), VFs per PF 1…256), got '\(layouts)'")
        }
        let known: Set<String> = ["a", "b", "c"]
        guard Set(benchList).isSubset(of: known), !benchList.isEmpty else {
            throw ValidationError("--benches: expected a subset of a,b,c, got '\(benches)'")
        }
        guard (try? parsedPolicies()) != nil else {
            throw ValidationError("--numa-policies: expected names among \(NUMAAffinityPolicy.allCases.map(\.rawValue).joined(separator: ",")), got '\(numaPolicies)'")
        }
        guard minOps >= 1, minTime >= 0, repeats >= 1 else {
            throw ValidationError("--min-ops and --repeats must be at least 1, --min-time at least 0")
        }
    }

    var benchList: [String] { benches.split(separator: ",").map(String.init) }

    func parsedLayouts() throws -> [(pfs: Int, vfs: Int)] {
        try layouts.split(separator: ",").map { item in
            let parts = item.split(separator: "x").compactMap { Int($0) }
            guard parts.count == 2, (1...(64 * 256)).contains(parts[0]), (1...256).contains(parts[1]) else {
                throw ValidationError("bad layout \(item)")
            }
            return (parts[0], parts[1])
        }
    }

    func parsedPolicies() throws -> [NUMAAffinityPolicy] {
        try numaPolicies.split(separator: ",").map { name in
            guard let policy = NUMAAffinityPolicy(rawValue: String(name)) else { throw ValidationError("bad policy \(name)") }
            return policy
        }
    }

    func run() throws {
        var benchmarks = PCIBenchmarks(limits: .init(minOps: minOps, minTime: minTime, repeats: repeats))
        let work = URL(fileURLWithPath: workDir ?? ScratchFolder.fastest()).appendingPathComponent("sriov-bench-\(getpid())")
        defer { try? FileManager.default.removeItem(at: work) }
        let modes: [Bool] = switch pfMode {
        case .untracked: [false]
        case .tracked: [true]
        case .both: [false, true]
        }
        var environment: JSONObject = ["bench": "env", "implementation": "sriov-compute (Swift)"]
        environment["cpus"] = .int(ProcessInfo.processInfo.activeProcessorCount)
        environment["args"] = .string(CommandLine.arguments.dropFirst().joined(separator: " "))
        environment.print()

        for tracked in modes {
            for (pfs, vfs) in try parsedLayouts() {
                let base: JSONObject = ["pf_mode": .string(tracked ? "tracked" : "untracked"), "n_pf": .int(pfs),
                                      "vfs_per_pf": .int(vfs), "total_vfs": .int(pfs * vfs)]
                let inventory = try PCIBenchInventory(pfs: pfs, vfsPerPF: vfs, trackPFs: tracked, workDirectory: work)
                var engine = inventory.engine
                emit("setup", base, inventory.record)
                if benchList.contains("a") {
                    emit("a_claim_alloc_free", base, try benchmarks.cycle(&engine))
                }
                if benchList.contains("c") {
                    for policy in try parsedPolicies() {
                        emit("c_numa_" + policy.rawValue, base, try benchmarks.cycle(&engine, policy: policy))
                    }
                }
                if benchList.contains("b") {
                    let (fill, drain) = try benchmarks.fill(&engine)
                    emit("b_fill", base, fill)
                    emit("b_drain", base, drain)
                }
            }
        }
    }

    private func emit(_ name: String, _ base: JSONObject, _ record: JSONObject) {
        var line: JSONObject = ["bench": .string(name)]
        line.merge(base)
        line.merge(record)
        line["loadavg_1m"] = .figure(Self.loadAverage())
        line.print()
    }

    static func loadAverage() -> Double {
        var loads = [Double](repeating: 0, count: 3)
        return getloadavg(&loads, 3) > 0 ? (loads[0] * 100).rounded() / 100 : -1
    }
}
