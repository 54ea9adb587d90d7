import ComputeModel
import Foundation
import Logging
import NetworkModel
import PCI
import Store
import Synchronization
import Virt

/// The compute service of one host: servers, flavors, and the attach and detach of ports
/// with exact PCI accounting. Operations on one server are serialised; different servers
/// run in parallel. Hypervisor and network calls never run inside the resource tracker.
public final class ComputeManager: ComputeService {
    public let configuration: ComputeConfiguration
    let database: any ComputeStore
    public let tracker: ResourceTracker
    let network: any NetworkService
    let hypervisor: any Hypervisor
    let logger: Logger
    /// Serialises everything that changes one server (attach, the start and end of a
    /// detach, lifecycle actions, delete).
    let serverLocks = KeyedLock<UUID>()
    /// Serialises the attaches of one port (taken after the server's lock, never before):
    /// two servers attaching the same port at once both passed the port's checks under
    /// their own server locks, and the loser's undo unbound the winner's port.
    let portLocks = KeyedLock<String>()
    /// Whose each server is and where it runs, for the API's lookup before an operation.
    let serverOwners = ServerOwners()
    /// Detaches that run after their 202; tests and benchmarks wait on them.
    public let backgroundTasks = BackgroundTasks()
    /// The loop that takes up quarantined journal rows (`startRetries`), and what wakes it.
    let retryLoop = Mutex<Task<Void, Never>?>(nil)
    let retryDoorbell = RetryDoorbell()
    /// The audits run since start: the last report and the totals.
    public let audits = AuditLog()

    public init(
        configuration: ComputeConfiguration, database: any ComputeStore, tracker: ResourceTracker,
        network: any NetworkService, hypervisor: any Hypervisor, logger: Logger
    ) {
        self.configuration = configuration
        self.database = database
        self.tracker = tracker
        self.network = network
        self.hypervisor = hypervisor
        self.logger = logger
    }

    var hostName: String { configuration.hostName }

    // MARK: Database access with errors the API understands

    /// A read of the shared database (the cluster's decorator reads where servers run with it).
    public func read<T: Sendable>(_ body: @escaping @Sendable (StoreTransaction) throws -> T) async throws(ComputeError) -> T {
        do {
            return try await database.read(body)
        } catch let error as ComputeError {
            throw error
        } catch is CancellationError {
            throw .cancelled
        } catch {
            throw .databaseFailed(writing: false, cause: "\(error)")
        }
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (StoreTransaction) throws -> T) async throws(ComputeError) -> T {
        do {
            return try await database.write(body)
        } catch let error as ComputeError {
            throw error
        } catch is CancellationError {
            throw .cancelled
        } catch {
            throw .databaseFailed(writing: true, cause: "\(error)")
        }
    }

    /// `body`'s result with its error as a `ComputeError` (an unforeseen one as an internal
    /// error with its cause): how work inside the locks' untyped closures hands back its
    /// outcome.
    static func outcome<T: Sendable>(_ body: () async throws -> T) async -> Result<T, ComputeError> {
        do {
            return .success(try await body())
        } catch let error as ComputeError {
            return .failure(error)
        } catch {
            return .failure(.unexpected(cause: "\(error)"))
        }
    }

    // MARK: Lookups and checks shared by every operation

    /// The server if the caller may see it (its project, or an admin); not found otherwise, so
    /// other projects' servers are indistinguishable from missing ones.
    func visibleServer(_ id: UUID, context: RequestContext) async throws(ComputeError) -> Server {
        try await read { db in try Self.visibleServer(id, context: context, in: db) }
    }

    static func visibleServer(_ id: UUID, context: RequestContext, in db: StoreTransaction) throws -> Server {
        try visible(try ServerRecords.fetch(id, in: db), id, context: context)
    }

    /// The server `id` as read, when the caller may see it; not found otherwise (another
    /// project's server is answered as one that does not exist).
    static func visible(_ server: Server?, _ id: UUID, context: RequestContext) throws(ComputeError) -> Server {
        guard let server, context.isAdmin || server.projectID == context.projectID else { throw .serverNotFound(id) }
        return server
    }

    /// Nova's `check_instance_lock`: admins bypass the lock.
    static func requireUnlocked(_ server: Server, context: RequestContext) throws(ComputeError) {
        if server.locked && !context.isAdmin {
            throw .serverLocked(server.id)
        }
    }

    /// Nova's `check_instance_state`.
    static func requireState(_ server: Server, _ allowed: Set<VMState>, operation: String) throws(ComputeError) {
        if let task = server.taskState {
            throw .invalidState(server: server.id, operation: operation, state: .task(task))
        }
        guard allowed.contains(server.vmState) else {
            throw .invalidState(server: server.id, operation: operation, state: .vm(server.vmState))
        }
    }

    // MARK: Instance actions

    func recordAction(_ action: String, server: UUID, context: RequestContext, event: String? = nil) async throws(ComputeError) {
        let host = hostName
        try await write { db in try Self.recordAction(action, server: server, context: context, event: event, host: host, in: db) }
    }

    /// The action is written with its first event, or, when the request has the action
    /// already (a boot's attach), only the event is added: writes nobody reads, in the
    /// statements that decide it (`InstanceActionRecords.record`). `startTime`: when the
    /// operation began, if before this write. `failure`: the event is written finished, as
    /// `Error` with this reason (an operation refused before its action was written).
    static func recordAction(
        _ action: String, server: UUID, context: RequestContext, event: String?, host: String,
        startTime: Date? = nil, failure: String? = nil, in db: StoreTransaction
    ) throws {
        let now = Date()
        let start = startTime ?? now
        let events = event.map {
            [InstanceAction.Event(name: $0, startTime: start, finishTime: failure == nil ? nil : now,
                                  result: failure == nil ? nil : "Error", details: failure, hostName: host)]
        }
        try InstanceActionRecords.record(
            InstanceAction(action: action, instanceUUID: server, requestID: context.requestID, userID: context.userID,
                           projectID: context.projectID, startTime: start, updatedAt: now,
                           message: failure == nil ? nil : "Error", events: events ?? []),
            in: db)
    }

    func finishEvent(_ event: String, action: String, server: UUID, requestID: String, error: String?) async {
        do {
            try await database.write { db in
                try InstanceActionRecords.finishEvent(event, serverID: server, requestID: requestID, action: action, error: error, in: db)
            }
        } catch {
            logger.error("could not record the end of \(event) for \(server): \(error)")
        }
    }
}

extension Result where Failure == ComputeError {
    /// The error, if the work failed.
    var error: ComputeError? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
