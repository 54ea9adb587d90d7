import App
import ArgumentParser
import Foundation
import Hummingbird
import Logging

/// `sriov-compute serve`: the service, on the embedded defaults or a TOML configuration.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the compute service (Compute API v2.1, Image API v2, and the embedded Networking API v2.0 unless [network] backend is neutron)."
    )

    @OptionGroup var options: ConfigOption

    @Option(name: .customLong("clouds-yaml"), help: "Also write the printed clouds.yaml to this file before listening.")
    var cloudsYAMLPath: String?

    @Option(name: .customLong("log-level"),
            help: "trace, debug, info, notice, warning, error or critical (debug adds a line per Neutron call with its duration).")
    var logLevel: String = "info"

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level: expected one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")), got '\(logLevel)'")
        }
    }

    func run() async throws {
        let configuration = try options.load()
        let logger = configuration.logger(label: "sriov-compute", level: Logger.Level(rawValue: logLevel) ?? .info)
        // Held until the process ends: no tool changes the ledger behind this service's back.
        let lock: ServiceLock
        do {
            lock = try ServiceLock.acquire(database: configuration.databasePath, for: "sriov-compute serve")
        } catch {
            throw ToolRefusal(description: "\(error.description): one service per database")
        }
        let service: SRIOVService
        do {
            service = try await SRIOVService.start(configuration, logger: logger)
        } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        }
        for warning in service.scanWarnings { logger.warning("\(warning)") }
        let devices = await service.manager.tracker.devices
        var banner = "sriov-compute: host \(configuration.hostName), \(devices.count) tracked PCI devices, database \(service.database.location)\n"
        let report = service.recovery
        if report != .init() { banner += "start-up recovery: \(report)\n" }
        banner += "listening on http://\(configuration.listenHost):\(configuration.listenPort)\n"
        if let metrics = configuration.metricsListen { banner += "metrics on http://\(metrics.host):\(metrics.port)/metrics\n" }
        banner += "\n# clouds.yaml for the openstack CLI (export OS_CLOUD=sriov):\n" + service.cloudsYAML() + "\n\n"
        // Written unbuffered: the service runs until killed, and a redirected stdout would
        // otherwise hold the clouds.yaml back.
        FileHandle.standardOutput.write(Data(banner.utf8))
        if let cloudsYAMLPath {
            do {
                try Data((service.cloudsYAML() + "\n").utf8).write(to: URL(fileURLWithPath: cloudsYAMLPath), options: .atomic)
            } catch {
                try? await service.shutdown()
                throw ValidationError("--clouds-yaml: cannot write \(cloudsYAMLPath): \(error.localizedDescription)")
            }
        }
        let audits = Task { await service.runPeriodicAudits() }
        let heartbeats = Task { await service.runHeartbeats() }
        do {
            // The API and the metrics listener run together; when either stops (a signal
            // stops both), so does the service.
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await service.application().runService() }
                if let metrics = service.metricsApplication() {
                    group.addTask { try await metrics.runService() }
                }
                try await group.next()
                group.cancelAll()
            }
        } catch {
            audits.cancel()
            heartbeats.cancel()
            try? await service.shutdown()
            throw error
        }
        audits.cancel()
        heartbeats.cancel()
        try await service.shutdown()
        withExtendedLifetime(lock) {}
    }
}
