import Foundation
import JSONModel
import Testing

/// Issue 10, finding 8: an owner could unlock a server an admin had locked (202); Nova
/// records who locked it (`locked_by`) and lets only an admin lift an admin's lock.
struct LockOwnershipTests {
    static let owner = "alice:demo"

    @Test func anOwnerCannotUnlockWhatAnAdminOfAnotherProjectLocked() async throws {
        let harness = try await ServiceHarness.make()
        try await harness.run { api in
            let member = api.as(Self.owner)
            let server = try await member.boot()
            #expect(try await api.call(.post, "/v2.1/servers/\(server)/action", ["lock": ["locked_reason": "audit"]]).status == 202)
            let refused = try await member.call(.post, "/v2.1/servers/\(server)/action", ["unlock": .null])
            #expect(refused.status == 403)
            #expect(refused.faultMessage == "Policy doesn't allow os_compute_api:os-lock-server:unlock:unlock_override to be performed.")
            #expect(try await api.server(server)["locked"] == true)
            // Refused before anything was recorded, as Nova's policy check is.
            #expect(try await api.actions(server).compactMap { $0["action"]?.stringValue }.filter { $0 == "unlock" } == [])
            // Relocking by the owner does not take the admin's lock over.
            #expect(try await member.call(.post, "/v2.1/servers/\(server)/action", ["lock": .null]).status == 202)
            #expect(try await member.call(.post, "/v2.1/servers/\(server)/action", ["unlock": .null]).status == 403)
            // The admin lifts it.
            #expect(try await api.call(.post, "/v2.1/servers/\(server)/action", ["unlock": .null]).status == 202)
            #expect(try await api.server(server)["locked"] == false)
        }
    }

    @Test func anOwnerUnlocksItsOwnLockAndAnAdminAnyLock() async throws {
        let harness = try await ServiceHarness.make()
        try await harness.run { api in
            let member = api.as(Self.owner)
            let server = try await member.boot()
            #expect(try await member.call(.post, "/v2.1/servers/\(server)/action", ["lock": .null]).status == 202)
            #expect(try await member.call(.post, "/v2.1/servers/\(server)/action", ["unlock": .null]).status == 202)
            #expect(try await member.call(.post, "/v2.1/servers/\(server)/action", ["lock": .null]).status == 202)
            #expect(try await api.call(.post, "/v2.1/servers/\(server)/action", ["unlock": .null]).status == 202)
            #expect(try await member.server(server)["locked"] == false)
        }
    }
}
