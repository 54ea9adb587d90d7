import ComputeModel
import Foundation
import Synchronization

/// The owners of the servers the API has asked about (`ComputeManager.serverOwner`): the
/// API looks one up before every operation, for its policy and its routing, and the
/// operation reads the server again under its lock — so the lookup is answered from here
/// after the first, without a statement (on PostgreSQL a round trip).
///
/// Safe to keep: a server never changes project, user or host. A server deleted meanwhile
/// is forgotten by the host that deletes it; one deleted by another host stays until the
/// next clear, and an operation on it is answered as on any server that is gone, by the
/// operation's own read (not found). At most `capacity` servers are kept; the whole is
/// cleared when full (each is looked up again on its next operation).
final class ServerOwners: Sendable {
    static let capacity = 50_000
    private let owners = Mutex<[UUID: ServerOwner]>([:])

    func owner(of id: UUID) -> ServerOwner? {
        owners.withLock { $0[id] }
    }

    func keep(_ owner: ServerOwner) {
        owners.withLock { owners in
            if owners.count >= Self.capacity { owners.removeAll(keepingCapacity: true) }
            owners[owner.id] = owner
        }
    }

    func forget(_ id: UUID) {
        _ = owners.withLock { $0.removeValue(forKey: id) }
    }
}
