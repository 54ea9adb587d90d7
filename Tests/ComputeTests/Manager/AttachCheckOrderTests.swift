import Compute
import ComputeModel
import Foundation
import NetworkModel
import Testing

/// The attach reads the port from the network while it reads the server from the ledger;
/// its checks still answer in Nova's order, the server's before the port's.
struct AttachCheckOrderTests {
    static let user = RequestContext(userID: "u", projectID: "admin", isAdmin: false, requestID: "req-order")

    @Test func aMissingServerIsAnsweredBeforeAMissingPort() async throws {
        let host = try await ComputeHost.make()
        defer { host.remove() }
        let missing = UUID()
        await #expect(throws: ComputeError.serverNotFound(missing)) {
            try await host.manager.attachInterface(AttachInterfaceRequest(portID: "no-such-port"), to: missing, context: ComputeHost.admin)
        }
    }

    @Test func aLockedServerIsAnsweredBeforeAMissingPortAndRecordsNoAction() async throws {
        let host = try await ComputeHost.make()
        defer { host.remove() }
        let server = try await host.boot()
        try await host.manager.perform(.lock(reason: nil), on: server.id, context: ComputeHost.admin)
        await #expect(throws: ComputeError.serverLocked(server.id)) {
            try await host.manager.attachInterface(AttachInterfaceRequest(portID: "no-such-port"), to: server.id, context: Self.user)
        }
        let actions = try await host.manager.instanceActions(of: server.id, context: ComputeHost.admin).map(\.action)
        #expect(!actions.contains("attach_interface"))
    }

    /// Past the server's checks, the port's own: not found, the action recorded as failed.
    @Test func aMissingPortOfAGoodServerIsNotFoundAndRecorded() async throws {
        let host = try await ComputeHost.make()
        defer { host.remove() }
        let server = try await host.boot()
        await #expect(throws: ComputeError.portNotFound("no-such-port")) {
            try await host.manager.attachInterface(AttachInterfaceRequest(portID: "no-such-port"), to: server.id, context: ComputeHost.admin)
        }
        let attach = try await host.manager.instanceActions(of: server.id, context: ComputeHost.admin).first { $0.action == "attach_interface" }
        #expect(attach?.message == "Error" && attach?.events.first?.result == "Error")
    }
}
