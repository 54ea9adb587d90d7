import Foundation
import GRDB
import NetworkModel

/// The network backend that runs inside the service: Neutron's networks, subnets and
/// ports with the binding extension, persisted in the service's database, binding like
/// ML2 with sriovnicswitch and openvswitch (see `PortBinder`).
///
/// Every change runs in one write transaction, and GRDB serialises writers, so MAC and IP
/// uniqueness checks cannot race with each other.
public final class EmbeddedNetworkService: NetworkService, Sendable {
    let database: any DatabaseWriter
    /// The NIC Switch agents; the app updates them when the host's device_spec changes.
    public let agents: BindingAgents
    let macGenerator: MACAddressGenerator
    /// The host bridge normal ports are bound to (`binding:vif_details.bridge_name`).
    public let bridge: String
    /// Tells the compute service about deleted ports, as Neutron's Nova notifier does.
    public let notifier = PortEventNotifier()

    public init(database: any DatabaseWriter, agents: BindingAgents, macGenerator: MACAddressGenerator = .random,
                bridge: String = PortBinder.defaultBridge) {
        self.database = database
        self.agents = agents
        self.macGenerator = macGenerator
        self.bridge = bridge
    }

    /// Adds this module's migrations (identifiers `networking-…`, tables `net_…`) to the
    /// app's migrator, which runs them on the shared database.
    public static func registerMigrations(in migrator: inout DatabaseMigrator) {
        NetworkingMigrations.register(in: &migrator)
    }

    /// Runs only this module's migrations: for tools and tests that own the database.
    public static func migrate(_ database: any DatabaseWriter) throws {
        var migrator = DatabaseMigrator()
        registerMigrations(in: &migrator)
        try migrator.migrate(database)
    }

    // MARK: Transactions

    /// Runs `body` in a write transaction; a thrown fault rolls it back and reaches the
    /// caller unchanged, anything else is a storage failure.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(NetworkFault) -> T {
        do {
            return try await database.write(body)
        } catch let fault as NetworkFault {
            throw fault
        } catch {
            throw .storage(error)
        }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(NetworkFault) -> T {
        do {
            return try await database.read(body)
        } catch let fault as NetworkFault {
            throw fault
        } catch {
            throw .storage(error)
        }
    }

    /// Neutron's timestamps have second precision; truncating keeps a value read back
    /// from the database equal to the one returned when it was written.
    static func now() -> Date {
        Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
    }

    static func newID() -> String { UUID().uuidString.lowercased() }
}
