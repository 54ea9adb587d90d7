import Foundation
import EmbeddedNetwork
import HostInventory
import PostgresStore
import Virt

/// Everything `serve` needs, with the embedded defaults of DESIGN §7: SQLite under
/// `./sriov-data`, the embedded network, the simulated hypervisor on a generated fake
/// host (2 NUMA nodes × 2 PFs × 8 VFs on physnet1), noauth on 127.0.0.1:8774.
public struct ServiceConfiguration: Sendable, Hashable {
    public enum HypervisorDriver: String, Sendable, Hashable { case simulated, libvirt }
    public enum NetworkBackend: String, Sendable, Hashable { case embedded, neutron }
    public enum AuthStrategy: String, Sendable, Hashable { case noauth, keystone }
    public enum LogFormat: String, Sendable, Hashable { case text, json }

    /// `[api] listen`, `host:port`.
    public var listenHost = "127.0.0.1"
    public var listenPort = 8774
    /// `[database] url`, `sqlite:PATH` (or `[database] path` beside a `postgres://` URL): the
    /// SQLite file, which holds the compute store unless `databaseURL` names a PostgreSQL, and
    /// the embedded network's tables in either case.
    public var databasePath = "./sriov-data/sriov.sqlite"
    /// `[database] url`, `postgres://user:password@host:port/database`: the compute store in
    /// PostgreSQL (DESIGN §8); nil for SQLite.
    public var databaseURL: PostgresLocation?
    /// `[database] pool_size`: PostgreSQL connections (and the threads that wait on them).
    public var databasePoolSize = 8
    /// `[database] schema`: the PostgreSQL schema that holds the tables (created if missing),
    /// so that several clouds, or a benchmark, can share one database.
    public var databaseSchema = "public"
    /// `[host] name`.
    public var hostName = "compute0"
    /// `[host] sysfs_root`; with `fake_host`, a fake tree is generated there first.
    public var sysfsRoot = "./sriov-data/sys"
    /// `[host] fake_host`: a generated host (`"NODESxPFSxVFS"`, PFs per node), with
    /// `fake_vdpa_pfs` and `fake_card_serial`; nil for a real one.
    public var fakeHost: FakeHost? = FakeHost()
    /// `[pci] device_spec`: JSON strings, as Nova's option.
    public var deviceSpec = [
        #"{"vendor_id": "15b3", "product_id": "101e", "physical_network": "physnet1"}"#,
        #"{"vendor_id": "15b3", "product_id": "101d", "physical_network": "physnet1"}"#,
    ]
    /// `[hypervisor] driver, uri, state_dir, removal_delay, detach_timeout, detach_attempts,
    /// virt_type, num_pcie_ports, console_dir`.
    public var hypervisorDriver = HypervisorDriver.simulated
    /// libvirt's URI, needed with the libvirt driver.
    public var hypervisorURI: String?
    /// libvirt's `<domain type=…>`: `qemu` (TCG) or `kvm`.
    public var virtType = DomainTemplate.VirtType.qemu
    /// Free PCIe root ports in every new domain, for hot-plugged devices (Nova's `num_pcie_ports`).
    public var pciePorts = DomainDefinition.hotplugPorts
    /// Where the libvirt driver writes each guest's serial console (`<uuid>.log`); nil: a pty.
    public var consoleDirectory: String?
    /// `[images]`: what each image boots under the libvirt driver.
    public var images: [ConfiguredImage] = []
    public var hypervisorStateDirectory = "./sriov-data/hypervisor"
    /// How long the simulated guest takes to release a device.
    public var removalDelay: Duration = .milliseconds(20)
    public var detachTimeout: Duration = .seconds(20)
    public var detachAttempts = 8
    /// `[network] backend, url, token, timeout`: the Neutron endpoint root (no `/v2.0`),
    /// the token sent as `X-Auth-Token` (none for a noauth Neutron), and how long one call
    /// to Neutron may take.
    public var networkBackend = NetworkBackend.embedded
    public var networkURL: String?
    public var networkToken: String?
    public var networkTimeout: Duration = .seconds(30)
    /// `[network] bridge`: the host bridge the embedded network binds normal (virtio) ports
    /// to, where the hypervisor plugs their taps.
    public var normalPortBridge = PortBinder.defaultBridge
    /// `[auth] strategy`: `noauth` (DESIGN §7) or `keystone` (tokens validated with Keystone).
    public var authStrategy = AuthStrategy.noauth
    /// `[auth] policy_file`: an operator's policy file (YAML or JSON) overriding Nova's
    /// default rules by name.
    public var policyFile: String?
    /// `[keystone]`; nil when the section is absent.
    public var keystone: KeystoneSettings?
    /// `[log] format`: `text` (swift-log's lines) or `json` (one object per line).
    public var logFormat = LogFormat.text
    /// `[metrics] listen`, `host:port`: where `GET /metrics` answers; nil: no metrics listener.
    public var metricsListen: ListenAddress?
    /// `[audit] interval`: seconds between two audits while the service runs; 0: none.
    public var auditInterval = 600
    /// `[audit] heal`: whether the periodic audit heals what it can prove, or only reports.
    public var auditHeals = true
    /// `[cluster] peer_url`: where the other hosts of the cloud call this one; by default the
    /// API's listen address (none when it listens on every address: then say which).
    public var configuredPeerURL: String?
    /// `[cluster] secret`: what the hosts of one cloud sign their calls to each other with.
    public var clusterSecret: String?
    /// `[cluster] report_interval`: how often the host renews its heartbeat (Nova's name).
    public var reportInterval: Duration = .seconds(10)
    /// `[cluster] service_down_time`: a host whose heartbeat is older is down (Nova's name
    /// and default).
    public var serviceDownTime: Duration = .seconds(60)

    /// Where the other hosts call this one: `[cluster] peer_url`, else the listen address
    /// unless it is a wildcard.
    public var peerURL: String? {
        if let configuredPeerURL { return configuredPeerURL }
        guard !["0.0.0.0", "::", "[::]"].contains(listenHost) else { return nil }
        return "http://\(listenHost.contains(":") && !listenHost.hasPrefix("[") ? "[\(listenHost)]" : listenHost):\(listenPort)"
    }

    public struct ListenAddress: Sendable, Hashable {
        public var host: String
        public var port: Int

        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }
    }

    /// A fake host: `pfCount` PFs (PF p on NUMA node p mod `numaNodes`), `vfsPerPF` VFs
    /// each, Mellanox ids by default; the VFs of the last `vdpaPFs` PFs are vDPA devices,
    /// and with `cardSerialPattern` every PF has a VPD serial (`{pf}`: the PF's number),
    /// which remote-managed ports need.
    public struct FakeHost: Sendable, Hashable {
        public var numaNodes: Int
        public var pfCount: Int
        public var vfsPerPF: Int
        public var vdpaPFs: Int
        public var cardSerialPattern: String?
        public var vendorID = "15b3"
        public var pfProductID = "101d"
        public var vfProductID = "101e"

        public init(numaNodes: Int = 2, pfCount: Int = 4, vfsPerPF: Int = 8, vdpaPFs: Int = 0, cardSerialPattern: String? = nil) {
            self.numaNodes = numaNodes
            self.pfCount = pfCount
            self.vfsPerPF = vfsPerPF
            self.vdpaPFs = vdpaPFs
            self.cardSerialPattern = cardSerialPattern
        }

        /// The sysfs tree this host is written as: one socket, netdevs on every VF.
        public var layout: FakeHostLayout {
            FakeHostLayout(pfCount: pfCount, vfsPerPF: vfsPerPF, numaNodes: numaNodes, sockets: 1, vendorID: vendorID,
                           pfProductID: pfProductID, vfProductID: vfProductID, vpdSerialPattern: cardSerialPattern, vdpaPFs: vdpaPFs)
        }
    }

    /// An `[images]` entry: `ID = { name = …, kernel = …, initrd = …, cmdline = … }` or
    /// `ID = { name = …, disk = …, format = … }`.
    public struct ConfiguredImage: Sendable, Hashable {
        public var id: String
        public var name: String
        public var boot: DomainTemplate.BootSource

        public init(id: String, name: String, boot: DomainTemplate.BootSource) {
            self.id = id
            self.name = name
            self.boot = boot
        }
    }

    public init() {}

    /// Every path under one data folder (the demo and the tests use a temporary one).
    public static func embedded(dataDirectory: String, port: Int = 8774) -> ServiceConfiguration {
        var configuration = ServiceConfiguration()
        configuration.databasePath = dataDirectory + "/sriov.sqlite"
        configuration.sysfsRoot = dataDirectory + "/sys"
        configuration.hypervisorStateDirectory = dataDirectory + "/hypervisor"
        configuration.listenPort = port
        return configuration
    }
}
