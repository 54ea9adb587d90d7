import ArgumentParser
import Foundation
import HostInventory
import JSONModel

/// `sriov-compute bench recovery`: a host of many VFs, each of many servers holding one,
/// and the service restarted on it. The service runs as a child `sriov-compute serve`, so
/// the times are a real process's from its launch and the memory is its own. Prints one
/// record for the first start (the host alone), the population, the service before the
/// restart, and the restart.
struct BenchRecoveryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recovery",
        abstract: "Time to serve and resident memory of `serve` restarted on a host with many VFs and servers (child process)."
    )

    @Option(help: "VFs on the fake host (up to 256 per PF; more must be a multiple of 256).")
    var vfs = 16_384

    @Option(help: "Servers booted before the restart, each holding one VF.")
    var servers = 4_096

    @Option(help: "NUMA nodes the PFs are spread over.")
    var numaNodes = 2

    @Option(help: "Boots in flight at once while populating.")
    var concurrency = 4

    @Option(help: "The port the service listens on (0: a free one).")
    var port = 0

    @Option(help: "Keep the host, database and hypervisor here (default: a scratch folder removed at the end). A folder an earlier run populated with the same --vfs and --servers is reused: only the restart is measured.")
    var dataDir: String?

    @Option(help: "Seconds each start may take before the benchmark gives up.")
    var timeout = 300

    /// The API request whose answer counts as serving: a read through the database.
    static let readinessPath = "/v2.1/servers?limit=1"

    func validate() throws {
        guard (1...FakeHostLayout.maxVFsPerPF * 1024).contains(vfs),
              vfs <= FakeHostLayout.maxVFsPerPF || vfs % FakeHostLayout.maxVFsPerPF == 0 else {
            throw ValidationError("--vfs must be 1…256, or a multiple of 256 up to \(FakeHostLayout.maxVFsPerPF * 1024)")
        }
        guard (0...vfs).contains(servers) else { throw ValidationError("--servers must be 0…--vfs (\(vfs))") }
        guard (1...8).contains(numaNodes) else { throw ValidationError("--numa-nodes must be 1…8") }
        guard (1...64).contains(concurrency) else { throw ValidationError("--concurrency must be 1…64") }
        guard port == 0 || (1024...65535).contains(port) else { throw ValidationError("--port must be 0 or 1024…65535") }
        guard (1...3600).contains(timeout) else { throw ValidationError("--timeout must be 1…3600 seconds") }
    }

    var layout: FakeHostLayout {
        let perPF = min(vfs, FakeHostLayout.maxVFsPerPF)
        return FakeHostLayout(pfCount: vfs / perPF, vfsPerPF: perPF, numaNodes: numaNodes, sockets: 1)
    }

    func run() async throws {
        let directory = dataDir ?? ScratchFolder.fastest() + "/sriov-bench-recovery-\(getpid())"
        defer { if dataDir == nil { try? FileManager.default.removeItem(atPath: directory) } }
        guard let listenPort = port == 0 ? HTTPProbe.freePort() : port else { throw ValidationFailure("no free port on 127.0.0.1") }
        let configPath = directory + "/sriov.toml"
        let marker = directory + "/bench-recovery-populated"
        let populated = "vfs=\(vfs) servers=\(servers) numa_nodes=\(numaNodes)\n"
        let reuse = (try? String(contentsOfFile: marker, encoding: .utf8)) == populated
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Data(configuration(directory: directory, port: listenPort).utf8).write(to: URL(fileURLWithPath: configPath))
        let logPath = directory + "/serve.log"
        let start = { () throws -> ServiceProcess in
            try ServiceProcess(executable: ServiceProcess.ownExecutable, configPath: configPath, port: listenPort, logPath: logPath)
        }

        if !reuse {
            let started = Stopwatch.nanoseconds()
            try? FileManager.default.removeItem(atPath: marker)
            for stale in ["sriov.sqlite", "sriov.sqlite-wal", "sriov.sqlite-shm", "hypervisor"] {
                try? FileManager.default.removeItem(atPath: directory + "/" + stale)
            }
            do {
                try FakeSysfsWriter(layout: layout).write(to: directory + "/sys")
            } catch {
                throw ValidationFailure(error.description)
            }
            var setup = record("recovery_setup", servers: 0)
            setup["pfs"] = .int(layout.pfCount)
            setup["fake_sysfs_s"] = .figure(Double(Stopwatch.nanoseconds() - started) / 1e9)
            setup.print()

            let first = try start()
            var line = try measureStart(first, servers: 0, phase: "first_start")
            line.print()
            let seconds = try await RecoveryPopulation(servers: servers, concurrency: concurrency, port: listenPort).run()
            line = record("recovery_populate", servers: servers)
            line["total_s"] = .figure(seconds)
            line["boots_per_s"] = .figure(Double(servers) / max(seconds, 1e-9))
            line.print()
            let memory = try first.memory()
            line = record("recovery_before_restart", servers: servers)
            line["rss_mb"] = .figure(memory.residentMB)
            line["peak_rss_mb"] = .figure(memory.peakResidentMB)
            line.print()
            first.stop()
            try Data(populated.utf8).write(to: URL(fileURLWithPath: marker))
        }

        let restarted = try start()
        var line = try measureStart(restarted, servers: servers, phase: "restart")
        // The start-up audit compares the ledger with every domain after the service
        // serves: its end, and the memory then, are the service settled.
        let findings = try await startUpAuditFindings(port: listenPort)
        line["audit_done_s"] = .figure(restarted.secondsSinceLaunch)
        line["audit_findings"] = .int(findings)
        let settled = try restarted.memory()
        line["rss_after_audit_mb"] = .figure(settled.residentMB)
        line["peak_rss_after_audit_mb"] = .figure(settled.peakResidentMB)
        line["allocated_vfs"] = .int(try await allocatedDevices(port: listenPort))
        line["target_serving_s"] = 1.0
        line["target_rss_mb"] = 96.0
        line.print()
        restarted.stop()
    }

    /// How long `service` took to answer its first API request, and its memory then.
    private func measureStart(_ service: ServiceProcess, servers: Int, phase: String) throws -> JSONObject {
        let seconds = try service.secondsUntilServing(path: Self.readinessPath, timeout: .seconds(timeout))
        let memory = try service.memory()
        let cpu = try service.cpuSeconds()
        var line = record("recovery_start", servers: servers)
        line["phase"] = .string(phase)
        line["serving_s"] = .figure(seconds)
        line["cpu_s"] = .figure(cpu)
        line["rss_mb"] = .figure(memory.residentMB)
        line["peak_rss_mb"] = .figure(memory.peakResidentMB)
        line["process"] = "child"
        return line
    }

    private func record(_ bench: String, servers: Int) -> JSONObject {
        var line: JSONObject = ["bench": .string(bench)]
        line["vfs"] = .int(vfs)
        line["servers"] = .int(servers)
        return line
    }

    /// Waits for the start-up audit's report (polled every 10 ms) and answers how many
    /// findings it has.
    private func startUpAuditFindings(port: Int) async throws -> Int {
        try await ServiceClient.withClient(port: port) { api in
            let deadline = ContinuousClock.now + .seconds(timeout)
            while ContinuousClock.now < deadline {
                let reply = try await api.request("GET", "/v2.1/os-sriov-audit")
                guard reply.status == 200, let audit = reply.json?["audit"] else {
                    throw ValidationFailure("GET /v2.1/os-sriov-audit answered \(reply.status): \(reply.text.prefix(200))")
                }
                if let findings = audit["last"]?["findings"]?.arrayValue { return findings.count }
                try await Task.sleep(for: .milliseconds(10))
            }
            throw ValidationFailure("the start-up audit did not finish within \(timeout) s")
        }
    }

    /// The VFs the restarted ledger gives to servers (each booted server holds one), read
    /// through the API after the timing.
    private func allocatedDevices(port: Int) async throws -> Int {
        // About 600 bytes a device.
        let reply = try await ServiceClient.withClient(port: port) { api in try await api.request("GET", "/v2.1/os-pci-devices", maxBytes: 1 << 30) }
        guard reply.status == 200, let devices = reply.json?["pci_devices"]?.arrayValue else {
            throw ValidationFailure("GET /v2.1/os-pci-devices answered \(reply.status): \(reply.text.prefix(200))")
        }
        return devices.filter { $0["status"]?.stringValue == "allocated" && $0["dev_type"]?.stringValue == "type-VF" }.count
    }

    /// The service's configuration: everything under `directory`, the host read from the
    /// fake tree written there (not generated by the service), guests that release devices
    /// at once.
    private func configuration(directory: String, port: Int) -> String {
        """
        [api]
        listen = "127.0.0.1:\(port)"
        [database]
        url = "sqlite:\(directory)/sriov.sqlite"
        [host]
        sysfs_root = "\(directory)/sys"
        [hypervisor]
        state_dir = "\(directory)/hypervisor"
        removal_delay = 0

        """
    }
}
