import App
import Testing

/// A bad configuration stops start-up with a message naming the key.
struct ServiceConfigurationTests {
    @Test func emptyFileGivesTheEmbeddedDefaults() throws {
        let configuration = try ServiceConfiguration(toml: "")
        #expect(configuration == ServiceConfiguration())
        #expect(configuration.listenHost == "127.0.0.1")
        #expect(configuration.listenPort == 8774)
        #expect(configuration.databasePath == "./sriov-data/sriov.sqlite")
        #expect(configuration.fakeHost == .init(numaNodes: 2, pfCount: 4, vfsPerPF: 8))
        #expect(configuration.detachTimeout == .seconds(20))
        #expect(configuration.detachAttempts == 8)
    }

    @Test func everyKeyIsRead() throws {
        let configuration = try ServiceConfiguration(toml: """
            [api]
            listen = "0.0.0.0:9774"
            [database]
            url = "sqlite:/var/lib/sriov/db.sqlite"
            [host]
            name = "compute7"
            sysfs_root = "/sys"
            [pci]
            device_spec = ['{"vendor_id": "8086", "product_id": "154c", "physical_network": "physnet1"}']
            [hypervisor]
            driver = "simulated"
            state_dir = "/var/lib/sriov/hv"
            removal_delay = 0
            detach_timeout = 2.5
            detach_attempts = 3
            [network]
            backend = "embedded"
            [auth]
            strategy = "noauth"
            """)
        #expect(configuration.listenHost == "0.0.0.0")
        #expect(configuration.listenPort == 9774)
        #expect(configuration.databasePath == "/var/lib/sriov/db.sqlite")
        #expect(configuration.hostName == "compute7")
        #expect(configuration.sysfsRoot == "/sys")
        #expect(configuration.fakeHost == nil)   // a real sysfs root means a real host
        #expect(configuration.deviceSpec.count == 1)
        #expect(configuration.hypervisorStateDirectory == "/var/lib/sriov/hv")
        #expect(configuration.removalDelay == .zero)
        #expect(configuration.detachTimeout == .milliseconds(2500))
        #expect(configuration.detachAttempts == 3)
    }

    @Test func neutronBackendKeysAreRead() throws {
        let configuration = try ServiceConfiguration(toml: """
            [network]
            backend = "neutron"
            url = "http://127.0.0.1:9696"
            token = "secret"
            timeout = "1500ms"
            """)
        #expect(configuration.networkBackend == .neutron)
        #expect(configuration.networkURL == "http://127.0.0.1:9696")
        #expect(configuration.networkToken == "secret")
        #expect(configuration.networkTimeout == .milliseconds(1500))
        let defaults = try ServiceConfiguration(toml: "[network]\nbackend = \"neutron\"\nurl = \"https://neutron.example\"")
        #expect(defaults.networkToken == nil)
        #expect(defaults.networkTimeout == .seconds(30))
    }

    @Test func theEmbeddedNetworksBridgeIsReadWithADefault() throws {
        #expect(try ServiceConfiguration(toml: "[network]\nbridge = \"br-mgmt\"").normalPortBridge == "br-mgmt")
        #expect(try ServiceConfiguration(toml: "[network]\nbackend = \"embedded\"").normalPortBridge == "virbr0")
    }

    @Test(arguments: [("\"30s\"", 30_000), ("\"500ms\"", 500), ("\"2m\"", 120_000), ("\"0.5s\"", 500), ("12", 12_000), ("0.25", 250)])
    func durationsAreSecondsOrStringsWithAUnit(_ value: String, _ milliseconds: Int) throws {
        let configuration = try ServiceConfiguration(toml: "[hypervisor]\ndetach_timeout = \(value)")
        #expect(configuration.detachTimeout == .milliseconds(milliseconds))
    }

    @Test func neutronURLWithoutAScheme() throws {
        let error = try #require(refusal("[network]\nbackend = \"neutron\"\nurl = \"127.0.0.1:9696\""))
        #expect(error.problem == "expected an http:// or https:// URL such as http://127.0.0.1:9696, got '127.0.0.1:9696'")
    }

    @Test func auditKeysAreReadAndZeroTurnsThePeriodicAuditOff() throws {
        #expect(ServiceConfiguration().auditInterval == 600)
        #expect(ServiceConfiguration().auditHeals)
        let configuration = try ServiceConfiguration(toml: "[audit]\ninterval = 0\nheal = false")
        #expect(configuration.auditInterval == 0)
        #expect(!configuration.auditHeals)
        let error = try #require(refusal("[audit]\ninterval = -1"))
        #expect(error.problem == "must be between 0 and 86400, got -1")
    }

    @Test func clusterKeysAreReadAndThePeerURLDefaultsToTheListenAddress() throws {
        let defaults = ServiceConfiguration()
        #expect(defaults.peerURL == "http://127.0.0.1:8774")
        #expect(defaults.clusterSecret == nil)
        #expect(defaults.reportInterval == .seconds(10))
        #expect(defaults.serviceDownTime == .seconds(60))
        #expect(try ServiceConfiguration(toml: "[api]\nlisten = \"0.0.0.0:8774\"").peerURL == nil)
        let configuration = try ServiceConfiguration(toml: """
            [cluster]
            peer_url = "http://10.0.0.5:8774/"
            secret = "0123456789abcdef"
            report_interval = "2s"
            service_down_time = "5s"
            """)
        #expect(configuration.peerURL == "http://10.0.0.5:8774")
        #expect(configuration.clusterSecret == "0123456789abcdef")
        #expect(configuration.reportInterval == .seconds(2))
        #expect(configuration.serviceDownTime == .seconds(5))
    }

    @Test func fakeHostIsNodesByPFsPerNodeByVFs() throws {
        let configuration = try ServiceConfiguration(toml: "[host]\nfake_host = \"2x3x16\"")
        #expect(configuration.fakeHost == .init(numaNodes: 2, pfCount: 6, vfsPerPF: 16))
    }

    @Test func metricsListenIsOffUntilConfigured() throws {
        #expect(ServiceConfiguration().metricsListen == nil)
        let configuration = try ServiceConfiguration(toml: "[metrics]\nlisten = \"0.0.0.0:9180\"")
        #expect(configuration.metricsListen == .init(host: "0.0.0.0", port: 9180))
    }

    @Test func fakeHostCanHaveVDPACardsAndCardSerials() throws {
        let configuration = try ServiceConfiguration(toml: "[host]\nfake_host = \"1x2x4\"\nfake_vdpa_pfs = 1\nfake_card_serial = \"MT0000X000{pf}\"")
        #expect(configuration.fakeHost == .init(numaNodes: 1, pfCount: 2, vfsPerPF: 4, vdpaPFs: 1, cardSerialPattern: "MT0000X000{pf}"))
        #expect(try refusal("[host]\nfake_host = \"1x2x4\"\nfake_vdpa_pfs = 3")?.problem == "must be between 0 and 2, got 3")
        #expect(try refusal("[host]\nfake_card_serial = \"MT–{pf}\"")?.problem
            == "invalid fake host layout: VPD serial \"MT–3\" must be 1–255 printable ASCII characters")
    }

    /// A remote-managed `devname` names a netdev of the host, which the configuration is
    /// read before: it is checked at start-up against the scanned host, not refused here.
    @Test func remoteManagedDevnameIsLeftForStartUp() throws {
        let spec = #"{"devname": "ens1f0np0", "product_id": "101e", "remote_managed": "true", "physical_network": null}"#
        let configuration = try ServiceConfiguration(toml: "[pci]\ndevice_spec = ['\(spec)']")
        #expect(configuration.deviceSpec == [spec])
    }

    @Test(arguments: [
        ("[apii]\nlisten = \"x\"", "apii"),
        ("[api]\nport = 1", "api.port"),
        ("[api]\nlisten = \"localhost\"", "api.listen"),
        ("[api]\nlisten = \"127.0.0.1:70000\"", "api.listen"),
        ("[api]\nlisten = 8774", "api.listen"),
        ("[database]\nurl = \"postgres://x\"", "database.url"),
        ("[database]\nurl = \"mysql://u:p@h/db\"", "database.url"),
        ("[database]\nurl = \"postgres://u:p@127.0.0.1:5432\"", "database.url"),
        ("[database]\npool_size = 0", "database.pool_size"),
        ("[database]\npath = \"\"", "database.path"),
        ("[database]\nurl = \"sqlite:/a.sqlite\"\npath = \"/b.sqlite\"", "database.path"),
        ("[database]\npool_size = 65", "database.pool_size"),
        ("[database]\nschema = \"a-b\"", "database.schema"),
        ("[database]\nschema = \"1st\"", "database.schema"),
        ("[host]\nname = \"\"", "host.name"),
        ("[host]\nfake_host = \"2x2\"", "host.fake_host"),
        ("[host]\nfake_vdpa_pfs = -1", "host.fake_vdpa_pfs"),
        ("[host]\nfake_vdpa_pfs = \"all\"", "host.fake_vdpa_pfs"),
        ("[host]\nsysfs_root = \"/sys\"\nfake_vdpa_pfs = 1", "host.fake_vdpa_pfs"),
        ("[host]\nsysfs_root = \"/sys\"\nfake_card_serial = \"MT\"", "host.fake_card_serial"),
        ("[host]\nfake_card_serial = \"\"", "host.fake_card_serial"),
        ("[pci]\ndevice_spec = ['{\"vendor_id\": \"80860\"}']", "pci.device_spec"),
        ("[pci]\ndevice_spec = [1]", "pci.device_spec"),
        ("[hypervisor]\ndriver = \"xen\"", "hypervisor.driver"),
        ("[hypervisor]\ndetach_timeout = 0", "hypervisor.detach_timeout"),
        ("[hypervisor]\ndetach_timeout = \"20 parsecs\"", "hypervisor.detach_timeout"),
        ("[hypervisor]\ndetach_timeout = \"s\"", "hypervisor.detach_timeout"),
        ("[hypervisor]\ndetach_timeout = true", "hypervisor.detach_timeout"),
        ("[hypervisor]\ndetach_attempts = 0", "hypervisor.detach_attempts"),
        ("[network]\nbackend = \"ovn\"", "network.backend"),
        ("[network]\nbackend = \"neutron\"", "network.url"),
        ("[network]\nbackend = \"neutron\"\nurl = \"127.0.0.1:9696\"", "network.url"),
        ("[network]\nbackend = \"neutron\"\nurl = \"http://\"", "network.url"),
        ("[network]\nbackend = \"neutron\"\nurl = \"http://n:9696/?x=1\"", "network.url"),
        ("[network]\nbackend = \"neutron\"\nurl = 9696", "network.url"),
        ("[network]\nbackend = \"neutron\"\nurl = \"http://n:9696\"\ntoken = \"\"", "network.token"),
        ("[network]\nbackend = \"neutron\"\nurl = \"http://n:9696\"\ntoken = 5", "network.token"),
        ("[network]\nbackend = \"neutron\"\nurl = \"http://n:9696\"\ntimeout = \"0s\"", "network.timeout"),
        ("[network]\nbackend = \"neutron\"\nurl = \"http://n:9696\"\ntimeout = \"soon\"", "network.timeout"),
        ("[network]\nbackend = \"neutron\"\nurl = \"http://n:9696\"\ntimeout = \"2h\"", "network.timeout"),
        ("[network]\nbackend = \"neutron\"\nurl = \"http://n:9696\"\nregion = \"r\"", "network.region"),
        ("[network]\nurl = \"http://n:9696\"", "network.url"),
        ("[network]\nbackend = \"embedded\"\ntoken = \"t\"", "network.token"),
        ("[network]\ntimeout = \"30s\"", "network.timeout"),
        ("[network]\nbridge = \"\"", "network.bridge"),
        ("[network]\nbridge = \"br-0123456789abc\"", "network.bridge"),
        ("[network]\nbridge = \"br 0\"", "network.bridge"),
        ("[network]\nbridge = 5", "network.bridge"),
        ("[network]\nbackend = \"neutron\"\nurl = \"http://n:9696\"\nbridge = \"br0\"", "network.bridge"),
        ("[auth]\nstrategy = \"kerberos\"", "auth.strategy"),
        ("[audit]\ninterval = -1", "audit.interval"),
        ("[audit]\ninterval = 86401", "audit.interval"),
        ("[audit]\ninterval = \"10m\"", "audit.interval"),
        ("[audit]\ninterval = 2.5", "audit.interval"),
        ("[audit]\nheal = \"yes\"", "audit.heal"),
        ("[audit]\nevery = 60", "audit.every"),
        ("[cluster]\npeer_url = \"10.0.0.5:8774\"", "cluster.peer_url"),
        ("[cluster]\npeer_url = \"http://10.0.0.5:8774/v2.1\"", "cluster.peer_url"),
        ("[cluster]\nsecret = \"short\"", "cluster.secret"),
        ("[cluster]\nreport_interval = 0", "cluster.report_interval"),
        ("[cluster]\nreport_interval = \"30s\"\nservice_down_time = \"60s\"", "cluster.service_down_time"),
        ("[cluster]\nservice_down_time = 15", "cluster.service_down_time"),
        ("[cluster]\nmembers = 3", "cluster.members"),
        ("[metrics]\nlisten = \"9180\"", "metrics.listen"),
        ("[metrics]\nport = 9180", "metrics.port"),
        ("api = 1", "api"),
        ("[api\nlisten=", "(file)"),
    ])
    func badValuesNameTheirKey(_ toml: String, _ key: String) throws {
        let error = try #require(refusal(toml))
        #expect(error.key == key)
        #expect(error.description.hasPrefix("invalid configuration: \(key): "))
    }

    @Test func aPostgresURLNamesTheComputeStoreAndABadOneHidesItsPassword() throws {
        let configuration = try ServiceConfiguration(toml: "[database]\nurl = \"postgres://nova:pw@10.0.0.5:6432/cloud\"\npool_size = 4\nschema = \"region_1\"")
        #expect(configuration.databaseURL?.description == "postgres://nova:***@10.0.0.5:6432/cloud")
        #expect(configuration.databasePoolSize == 4 && configuration.databaseSchema == "region_1")
        #expect(configuration.databasePath == ServiceConfiguration().databasePath)
        // The embedded network's SQLite file beside a PostgreSQL compute store.
        let beside = try ServiceConfiguration(toml: "[database]\nurl = \"postgres://nova:pw@10.0.0.5/cloud\"\npath = \"/var/lib/sriov/network.sqlite\"")
        #expect(beside.databasePath == "/var/lib/sriov/network.sqlite" && beside.databaseURL != nil)
        let error = try #require(refusal("[database]\nurl = \"postgres://nova:hunter2@127.0.0.1/\""))
        #expect(error.description == "invalid configuration: database.url: no database name after the host in 'postgres://nova:***@127.0.0.1/'")
    }

    @Test func badDeviceSpecCarriesNovasMessage() throws {
        let error = try #require(refusal("[pci]\ndevice_spec = ['{\"vendor_id\": \"80860\"}']"))
        #expect(error.problem == "Invalid [pci]device_spec config: property vendor_id (80860) is greater than the maximum allowable value (FFFF).")
    }
}
