/// The tables whose rows are real columns (schema 2): the ledger, the interfaces and the
/// journal, written once for both backends with their column types filled in. SQLite gets
/// them by converting its first schema's JSON rows (`SQLiteStore`); PostgreSQL starts here.
public enum StoreSchema {
    /// What the two dialects spell differently.
    public struct Types: Sendable {
        public var timestamp: String
        public var integer: String
        /// A column definition (with its trailing comma) that numbers rows as inserted, or
        /// "" where the table has one already (SQLite's `rowid`).
        public var insertionOrder: String

        public init(timestamp: String, integer: String, insertionOrder: String) {
            self.timestamp = timestamp
            self.integer = integer
            self.insertionOrder = insertionOrder
        }
    }

    /// CREATE TABLE statements, in dependency order (`vifs` references `servers`).
    public static func columnTables(_ types: Types) -> [String] {
        [
            """
            CREATE TABLE pci_devices (
                \(types.insertionOrder)
                host TEXT NOT NULL, address TEXT NOT NULL, vendor_id TEXT NOT NULL, product_id TEXT NOT NULL,
                device_type TEXT NOT NULL, status TEXT NOT NULL, numa_node \(types.integer), parent_address TEXT,
                instance_uuid TEXT, request_id TEXT, tags TEXT NOT NULL, netdev_name TEXT, mac_address TEXT,
                parent_ifname TEXT, pf_mac_address TEXT, vf_number \(types.integer), card_serial_number TEXT, vdpa_name TEXT,
                quarantine_reason TEXT, quarantined_at \(types.timestamp), remove_when_freed \(types.integer) NOT NULL DEFAULT 0,
                updated_at \(types.timestamp) NOT NULL,
                PRIMARY KEY (host, address))
            """,
            """
            CREATE TABLE vifs (
                \(types.insertionOrder)
                port_id TEXT NOT NULL PRIMARY KEY, server_id TEXT NOT NULL REFERENCES servers (id) ON DELETE CASCADE,
                network_id TEXT NOT NULL, mac_address TEXT NOT NULL, vnic_type TEXT NOT NULL, pci_slot TEXT,
                pci_request_id TEXT, vlan \(types.integer), source_device TEXT, tag TEXT, profile_keys TEXT NOT NULL,
                port_created_by_compute \(types.integer), created_at \(types.timestamp) NOT NULL)
            """,
            """
            CREATE TABLE journal (
                \(types.insertionOrder)
                id TEXT NOT NULL PRIMARY KEY, kind TEXT NOT NULL, server_id TEXT NOT NULL, port_id TEXT, step TEXT NOT NULL,
                state TEXT NOT NULL, request_id TEXT NOT NULL, details TEXT NOT NULL, plan TEXT,
                retry_attempts \(types.integer), retry_next_at \(types.timestamp), retry_reason TEXT,
                created_at \(types.timestamp) NOT NULL, updated_at \(types.timestamp) NOT NULL)
            """,
        ]
    }

    /// Schema 3, the hosts of one cloud (issue 12 item 2): a `nova-compute` service row per
    /// host (`ServiceRecords`), and the host of each server in a column of its own, so that
    /// a host finds its own servers and any host finds a server's. `hostOfDocument` is the
    /// dialect's expression for the document's `hostName` (filling the column of the
    /// servers a single host wrote before).
    public static func clusterStatements(_ types: Types, hostOfDocument: String) -> [String] {
        [
            """
            CREATE TABLE compute_services (
                id TEXT NOT NULL PRIMARY KEY, host TEXT NOT NULL UNIQUE, peer_url TEXT,
                disabled \(types.integer) NOT NULL DEFAULT 0, disabled_reason TEXT, forced_down \(types.integer) NOT NULL DEFAULT 0,
                last_seen_at \(types.timestamp) NOT NULL, created_at \(types.timestamp) NOT NULL, updated_at \(types.timestamp) NOT NULL)
            """,
            "ALTER TABLE servers ADD COLUMN host TEXT",
            "UPDATE servers SET host = \(hostOfDocument)",
            "CREATE INDEX servers_on_host ON servers (host)",
        ]
    }

    /// Schema 4, each host's own rows (issue 12 items 2 and 5): the journal names the host
    /// whose operation a row is (filled from its server's host, so that a row whose server
    /// is already gone still has an owner: a host's recovery and retries take only its
    /// own), and each compute service gets the integer id Nova shows before microversion
    /// 2.53 (`number`), which `serviceNumber` adds in the dialect's way (an identity column,
    /// or a column a trigger fills).
    public static func membershipStatements(serviceNumber: [String]) -> [String] {
        [
            "ALTER TABLE journal ADD COLUMN host TEXT",
            "UPDATE journal SET host = (SELECT host FROM servers WHERE servers.id = journal.server_id)",
            "CREATE INDEX journal_on_host_state ON journal (host, state)",
        ] + serviceNumber
    }

    /// Schema 6, the attach's first read in one statement: each server's flavor id in a
    /// column of its own (filled from the documents, `flavorID`), so that the server, its
    /// flavor and the port's interface row are one join (`ServerRecords.fetch(_:flavorAndInterfaceOf:in:)`).
    public static func serverFlavorStatements(documents: DocumentReading) -> [String] {
        [
            "ALTER TABLE servers ADD COLUMN flavor_id TEXT",
            "UPDATE servers SET flavor_id = \(documents.text("server", "flavorID"))",
        ]
    }

    /// The indexes of those tables (created after them, and after a conversion dropped the
    /// old tables whose indexes had the same names).
    public static let columnIndexes = [
        "CREATE INDEX pci_devices_by_instance ON pci_devices (instance_uuid)",
        "CREATE INDEX vifs_on_server_id ON vifs (server_id)",
        "CREATE INDEX journal_on_state ON journal (state)",
    ]
}
