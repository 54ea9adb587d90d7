import Foundation

/// `sriov-compute serve` as a child process of the benchmark: its own address space, so
/// its resident memory is the service's alone (an in-process service would count the
/// benchmark's client and buffers too), and its start-up is timed from the launch.
final class ServiceProcess {
    struct Memory {
        /// VmRSS: resident now.
        let residentMB: Double
        /// VmHWM: the most it has been resident since it started.
        let peakResidentMB: Double
    }

    private let process = Process()
    private let launchedAt: UInt64
    let port: Int

    /// Launches `executable serve --config configPath`, its output appended to `logPath`.
    init(executable: String, configPath: String, port: Int, logPath: String) throws {
        self.port = port
        if !FileManager.default.fileExists(atPath: logPath) {
            _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        }
        guard let log = FileHandle(forWritingAtPath: logPath) else { throw ValidationFailure("cannot write the service's log \(logPath)") }
        log.seekToEndOfFile()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["serve", "--config", configPath, "--log-level", "warning"]
        process.standardOutput = log
        process.standardError = log
        launchedAt = Stopwatch.nanoseconds()
        try process.run()
    }

    /// The path of the running benchmark's own binary, which the child runs.
    static var ownExecutable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// Seconds from the launch until `path` answers 200, asked over a fresh connection
    /// every millisecond (a refused connect costs microseconds, and the pause leaves the
    /// CPU to the service). Fails when the process exits or `timeout` passes first.
    func secondsUntilServing(path: String, timeout: Duration) throws -> Double {
        let deadline = launchedAt + UInt64(timeout.components.seconds) * 1_000_000_000
        while Stopwatch.nanoseconds() < deadline {
            if HTTPProbe.status(port: port, path: path) == 200 {
                return Double(Stopwatch.nanoseconds() - launchedAt) / 1e9
            }
            guard process.isRunning else {
                throw ValidationFailure("the service exited with status \(process.terminationStatus) before serving (see its log)")
            }
            usleep(1000)
        }
        throw ValidationFailure("the service did not answer GET \(path) within \(timeout)")
    }

    /// Seconds since the launch.
    var secondsSinceLaunch: Double { Double(Stopwatch.nanoseconds() - launchedAt) / 1e9 }

    /// Its resident memory, from /proc/PID/status.
    func memory() throws -> Memory {
        let status = try String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)
        func megabytes(_ field: String) -> Double? {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") }),
                  let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Double($0) }) else { return nil }
            return kilobytes / 1024
        }
        guard let resident = megabytes("VmRSS"), let peak = megabytes("VmHWM") else {
            throw ValidationFailure("no VmRSS/VmHWM in /proc/\(process.processIdentifier)/status")
        }
        return Memory(residentMB: resident, peakResidentMB: peak)
    }

    /// CPU seconds it has used (user + system, from /proc/PID/stat): on a machine shared
    /// with other work, the part of a start-up that waiting for a core does not inflate.
    func cpuSeconds() throws -> Double {
        let stat = try String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8)
        // The command name in parentheses may hold spaces; the fields after it are fixed:
        // utime and stime are the 12th and 13th after ")".
        guard let close = stat.lastIndex(of: ")") else { throw ValidationFailure("unreadable /proc/\(process.processIdentifier)/stat") }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else {
            throw ValidationFailure("unreadable /proc/\(process.processIdentifier)/stat")
        }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// SIGTERM, as an operator's stop, then waits for the exit: the graceful shutdown
    /// closes the database before the restart opens it.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}
