import Compute
import ComputeModel
import Foundation
import NetworkModel
import Store
import Testing

/// The API looks up a server's owner before each operation (`ComputeManager.serverOwner`):
/// read once, then answered without the database (a server never changes project, user or
/// host), with the visibility of a read; the operation's own read still decides whether the
/// server is there.
struct ServerOwnerTests {
    @Test func anOwnerIsReadOnceThenKnownAndAnOperationStillReadsTheServer() async throws {
        let host = try await ComputeHost.make()
        defer { host.remove() }
        let server = try await host.boot()
        let owner = try await host.manager.serverOwner(id: server.id, context: ComputeHost.admin)
        #expect(owner == ServerOwner(id: server.id, projectID: "admin", userID: "admin", hostName: server.hostName))
        // Its row gone behind the manager's back: the owner is still known (no read), and
        // the operation reads the server itself and finds it gone.
        try await host.database.write { db in try ServerRecords.delete(server.id, in: db) }
        #expect(try await host.manager.serverOwner(id: server.id, context: ComputeHost.admin) == owner)
        let port = try await host.directPort()
        await #expect(throws: ComputeError.serverNotFound(server.id)) {
            try await host.manager.attachInterface(AttachInterfaceRequest(portID: port), to: server.id, context: ComputeHost.admin)
        }
        #expect(await host.vfStatus() == .available)
    }

    @Test func anotherProjectsServerIsNotFoundKnownOrNot() async throws {
        let host = try await ComputeHost.make()
        defer { host.remove() }
        let server = try await host.boot()
        let stranger = RequestContext(userID: "u2", projectID: "other", isAdmin: false, requestID: "req-2")
        await #expect(throws: ComputeError.serverNotFound(server.id)) {
            try await host.manager.serverOwner(id: server.id, context: stranger)
        }
        _ = try await host.manager.serverOwner(id: server.id, context: ComputeHost.admin)
        await #expect(throws: ComputeError.serverNotFound(server.id)) {
            try await host.manager.serverOwner(id: server.id, context: stranger)
        }
        await #expect(throws: ComputeError.serverNotFound(UUID(uuidString: "00000000-0000-0000-0000-000000000001")!)) {
            try await host.manager.serverOwner(id: UUID(uuidString: "00000000-0000-0000-0000-000000000001")!, context: ComputeHost.admin)
        }
    }

    /// A server this host deletes is forgotten: the next lookup reads, and finds nothing.
    @Test func aServerDeletedHereIsForgotten() async throws {
        let host = try await ComputeHost.make()
        defer { host.remove() }
        let server = try await host.boot()
        _ = try await host.manager.serverOwner(id: server.id, context: ComputeHost.admin)
        try await host.manager.deleteServer(id: server.id, context: ComputeHost.admin)
        await host.manager.backgroundTasks.waitUntilIdle()
        await #expect(throws: ComputeError.serverNotFound(server.id)) {
            try await host.manager.serverOwner(id: server.id, context: ComputeHost.admin)
        }
    }
}
