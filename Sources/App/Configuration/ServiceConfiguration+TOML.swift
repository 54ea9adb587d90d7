import EmbeddedNetwork
import Foundation
import NetworkModel
import NeutronClient
import PCI
import PostgresStore
import TOMLKit
import Virt

extension ServiceConfiguration {
    /// The keys each section accepts; anything else stops start-up.
    static let knownKeys: [String: Set<String>] = [
        "api": ["listen"],
        "database": ["url", "path", "pool_size", "schema"],
        "host": ["name", "sysfs_root", "fake_host", "fake_vdpa_pfs", "fake_card_serial"],
        "pci": ["device_spec"],
        "hypervisor": [
            "driver", "uri", "state_dir", "removal_delay", "detach_timeout", "detach_attempts", "virt_type", "num_pcie_ports", "console_dir",
        ],
        // Image ids as keys, each an inline table (ServiceConfiguration+Images.swift).
        "images": [],
        "network": ["backend", "url", "token", "timeout", "bridge"],
        "auth": ["strategy", "policy_file"],
        "keystone": keystoneKeys,
        "audit": ["interval", "heal"],
        "metrics": ["listen"],
        "log": ["format"],
        "cluster": ["peer_url", "secret", "report_interval", "service_down_time"],
    ]

    /// Reads a TOML file over the defaults. Unknown sections or keys, and bad values, are
    /// errors naming `section.key`.
    public init(tomlFile path: String) throws(ConfigurationError) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationError(key: "--config", "cannot read \(path): \(error.localizedDescription)")
        }
        try self.init(toml: text)
    }

    public init(toml text: String) throws(ConfigurationError) {
        self.init()
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigurationError(key: "(file)", "not valid TOML at line \(error.source.begin.line): \(error.description)")
        } catch {
            throw ConfigurationError(key: "(file)", "not valid TOML: \(error)")
        }
        for section in root.keys {
            guard let allowed = Self.knownKeys[section] else {
                throw ConfigurationError(key: section, "unknown section (known: \(Self.knownKeys.keys.sorted().joined(separator: ", ")))")
            }
            guard let table = root[section]?.table else { throw ConfigurationError(key: section, "must be a table, e.g. [\(section)]") }
            if section == "images" {
                try applyImages(table)
                continue
            }
            for key in table.keys where !allowed.contains(key) {
                throw ConfigurationError(key: "\(section).\(key)", "unknown key (known in [\(section)]: \(allowed.sorted().joined(separator: ", ")))")
            }
            try apply(section, table)
        }
        try checkKeystone()
        if hypervisorDriver == .libvirt, hypervisorURI == nil {
            throw ConfigurationError(key: "hypervisor.uri", "required with driver = \"libvirt\", e.g. \"qemu:///system\"")
        }
    }

    /// `fake_vdpa_pfs` and `fake_card_serial` shape the generated host, so they need one;
    /// the layout is checked here, before start-up writes a single file.
    private mutating func applyFakeHostDetails(_ reader: TOMLSectionReader) throws(ConfigurationError) {
        for key in ["fake_vdpa_pfs", "fake_card_serial"] where reader.table.contains(key: key) {
            guard fakeHost != nil else {
                throw ConfigurationError(key: "host.\(key)", "describes the generated host, but there is none (sysfs_root is set without fake_host)")
            }
        }
        guard var host = fakeHost else { return }
        if let count = try reader.int("fake_vdpa_pfs", range: 0...host.pfCount) { host.vdpaPFs = count }
        if let serial = try reader.string("fake_card_serial") { host.cardSerialPattern = serial }
        do {
            try host.layout.validate()
        } catch {
            throw ConfigurationError(key: reader.table.contains(key: "fake_card_serial") ? "host.fake_card_serial" : "host.fake_host", error.description)
        }
        fakeHost = host
    }

    private mutating func apply(_ section: String, _ table: TOMLTable) throws(ConfigurationError) {
        let reader = TOMLSectionReader(section: section, table: table)
        switch section {
        case "api":
            if let listen = try reader.listenAddress("listen", example: "127.0.0.1:8774") {
                listenHost = listen.host
                listenPort = listen.port
            }
        case "metrics":
            metricsListen = try reader.listenAddress("listen", example: "127.0.0.1:9180")
        case "database":
            if let url = try reader.string("url") {
                let postgres: PostgresLocation?
                do {
                    postgres = try PostgresLocation(url: url)
                } catch {
                    throw ConfigurationError(key: "database.url", error.description)
                }
                if let postgres {
                    databaseURL = postgres
                } else {
                    guard url.hasPrefix("sqlite:"), url.count > "sqlite:".count else {
                        throw ConfigurationError(key: "database.url", "expected sqlite:PATH or postgres://user:password@host:port/database, got '\(url)'")
                    }
                    databasePath = String(url.dropFirst("sqlite:".count))
                }
            }
            if let path = try reader.string("path") {
                guard !path.isEmpty else { throw ConfigurationError(key: "database.path", "must be the SQLite file's path, got ''") }
                guard databaseURL != nil || !table.contains(key: "url") else {
                    throw ConfigurationError(key: "database.path", "url = \"sqlite:PATH\" names the file already: give one of them")
                }
                databasePath = path
            }
            if let size = try reader.int("pool_size", range: 1...64) { databasePoolSize = size }
            if let schema = try reader.string("schema") {
                guard let first = schema.first, first == "_" || first.isLetter,
                      schema.allSatisfy({ $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }), schema.count <= 63
                else { throw ConfigurationError(key: "database.schema", "expected a PostgreSQL name (letters, digits, _), got '\(schema)'") }
                databaseSchema = schema
            }
        case "host":
            if let name = try reader.string("name") {
                guard !name.isEmpty, !name.contains(" ") else { throw ConfigurationError(key: "host.name", "must be a non-empty name without spaces") }
                hostName = name
            }
            if let root = try reader.string("sysfs_root") { sysfsRoot = root }
            fakeHost = try reader.fakeHost("fake_host") ?? (table.contains(key: "sysfs_root") ? nil : fakeHost)
            try applyFakeHostDetails(reader)
        case "pci":
            if let specs = try reader.strings("device_spec") {
                do {
                    _ = try DeviceSpecList(jsonStrings: specs, host: nil)
                } catch {
                    throw ConfigurationError(key: "pci.device_spec", error.description)
                }
                deviceSpec = specs
            }
        case "hypervisor":
            if let driver = try reader.enumeration("driver", HypervisorDriver.self) { hypervisorDriver = driver }
            if let uri = try reader.string("uri") {
                guard uri.contains(":///") || uri.contains("://") else {
                    throw ConfigurationError(key: "hypervisor.uri", "expected a libvirt URI such as qemu:///system, got '\(uri)'")
                }
                hypervisorURI = uri
            }
            if let type = try reader.enumeration("virt_type", DomainTemplate.VirtType.self) { virtType = type }
            if let ports = try reader.int("num_pcie_ports", range: DomainTemplate.pciePortRange) { pciePorts = ports }
            if let directory = try reader.string("console_dir") {
                guard directory.hasPrefix("/") else {
                    throw ConfigurationError(key: "hypervisor.console_dir", "must be an absolute path (libvirtd opens it), got '\(directory)'")
                }
                consoleDirectory = directory
            }
            if let directory = try reader.string("state_dir") { hypervisorStateDirectory = directory }
            if let delay = try reader.duration("removal_delay", allowZero: true) { removalDelay = delay }
            if let timeout = try reader.duration("detach_timeout", allowZero: false) { detachTimeout = timeout }
            if let attempts = try reader.int("detach_attempts", range: 1...100) { detachAttempts = attempts }
        case "network":
            if let backend = try reader.enumeration("backend", NetworkBackend.self) { networkBackend = backend }
            if let url = try reader.string("url") {
                if let problem = NeutronConfiguration.problem(withURL: url) { throw ConfigurationError(key: "network.url", problem) }
                networkURL = url
            }
            if let token = try reader.string("token") {
                guard !token.isEmpty, !token.contains(where: \.isNewline) else {
                    throw ConfigurationError(key: "network.token", "must be a non-empty token on one line")
                }
                networkToken = token
            }
            if let timeout = try reader.duration("timeout", allowZero: false) { networkTimeout = timeout }
            if let bridge = try reader.string("bridge") {
                guard !bridge.isEmpty, bridge.utf8.count <= 15, !bridge.contains(where: { $0 == "/" || $0 == ":" || $0.isWhitespace }) else {
                    throw ConfigurationError(key: "network.bridge", "must be a host bridge name of 1 to 15 characters without '/', ':' or spaces")
                }
                normalPortBridge = bridge
            }
            try checkNetworkKeys(table)
        case "auth":
            if let strategy = try reader.enumeration("strategy", AuthStrategy.self) { authStrategy = strategy }
            if let path = try reader.line("policy_file") { policyFile = path }
        case "keystone":
            try applyKeystone(reader)
        case "log":
            if let format = try reader.enumeration("format", LogFormat.self) { logFormat = format }
        case "audit":
            if let interval = try reader.int("interval", range: 0...86_400) { auditInterval = interval }
            if let heal = try reader.bool("heal") { auditHeals = heal }
        case "cluster":
            try applyCluster(reader)
        default:
            break
        }
    }

    /// `[cluster]`: the peer URL and the secret the hosts' calls to each other carry, and the
    /// heartbeat's timing (a host is down once its heartbeat is `service_down_time` old, which
    /// must leave room for more than one missed report).
    private mutating func applyCluster(_ reader: TOMLSectionReader) throws(ConfigurationError) {
        if let url = try reader.string("peer_url") {
            guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), let host = parsed.host, !host.isEmpty,
                  parsed.path.isEmpty || parsed.path == "/", parsed.query == nil
            else {
                throw ConfigurationError(key: "cluster.peer_url", "expected the URL other hosts reach this host's API at, such as http://10.0.0.5:8774, got '\(url)'")
            }
            configuredPeerURL = url.hasSuffix("/") ? String(url.dropLast()) : url
        }
        if let secret = try reader.string("secret") {
            guard secret.utf8.count >= 16, !secret.contains(where: \.isNewline) else {
                throw ConfigurationError(key: "cluster.secret", "must be at least 16 characters on one line (the same on every host of the cloud)")
            }
            clusterSecret = secret
        }
        if let interval = try reader.duration("report_interval", allowZero: false) { reportInterval = interval }
        if let downTime = try reader.duration("service_down_time", allowZero: false) { serviceDownTime = downTime }
        guard serviceDownTime > reportInterval * 2 else {
            throw ConfigurationError(key: "cluster.service_down_time",
                                     "must be more than twice report_interval (\(reportInterval)): one late heartbeat must not mark a host down")
        }
    }

    /// The Neutron keys belong to the Neutron backend, which cannot run without a URL.
    private func checkNetworkKeys(_ table: TOMLTable) throws(ConfigurationError) {
        switch networkBackend {
        case .neutron:
            guard networkURL != nil else {
                throw ConfigurationError(
                    key: "network.url", "required with backend = \"neutron\" (the Neutron endpoint root, e.g. http://127.0.0.1:9696)")
            }
            if table.contains(key: "bridge") {
                throw ConfigurationError(key: "network.bridge", "only used with backend = \"embedded\" (Neutron's binding names the bridge)")
            }
        case .embedded:
            for key in ["url", "token", "timeout"] where table.contains(key: key) {
                throw ConfigurationError(key: "network.\(key)", "only used with backend = \"neutron\" (the embedded network has no endpoint)")
            }
        }
    }
}
