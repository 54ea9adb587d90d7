import ComputeModel
import Foundation
import JSONModel
import Testing
@testable import Store

/// Server documents are read through `JSONModel` (`Server(storedJSON:)`), falling back to
/// `JSONDecoder`: both must read every document `JSONColumn` writes as the same server,
/// and the fast reader must hand back (nil) whatever it does not know.
struct ServerStoredJSONTests {
    static var servers: [Server] {
        let now = Date(timeIntervalSince1970: 1_800_000_000.123)
        let bare = Server(id: UUID(), name: "vm", projectID: "p1", userID: "u", flavorID: "1", imageID: nil, vmState: .active,
                          hostName: "compute0", createdAt: now, updatedAt: now)
        var full = Server(
            id: UUID(), name: "vm \"2\"\nü", projectID: "p2", userID: "u2", flavorID: "42", imageID: "image-1", vmState: .error,
            taskState: "deleting", locked: true, lockedReason: "maintenance", hostName: "compute1", numaCells: [0, 1],
            metadata: ["k": "v", "empty": ""], schedulerHints: ["group": ["g1"], "same_host": ["a", "b"]],
            createdAt: Date(timeIntervalSince1970: 1_700_000_000.5), updatedAt: now, launchedAt: Date(timeIntervalSince1970: 0))
        full.lockedBy = .admin
        full.fault = .noValidHost(at: now)
        var emptyHints = bare
        emptyHints.schedulerHints = [:]
        emptyHints.numaCells = []
        emptyHints.lockedBy = .owner
        return [bare, full, emptyHints]
    }

    @Test func readsWhatJSONColumnWritesAsTheDecoderDoes() throws {
        for server in Self.servers {
            let text = try JSONColumn.encode(server)
            let decoded = try JSONColumn.decode(Server.self, from: text)
            #expect(Server(storedJSON: text) == decoded)
            #expect(decoded.id == server.id && decoded.fault == server.fault && decoded.lockedBy == server.lockedBy)
        }
    }

    @Test("a null optional reads as absent, as decodeIfPresent reads it")
    func nullOptionals() throws {
        let server = Self.servers[0]
        var document = try #require(JSON.parse(try JSONColumn.encode(server))?.objectValue)
        for key in ["imageID", "taskState", "lockedReason", "lockedBy", "numaCells", "schedulerHints", "launchedAt", "fault"] {
            document[key] = .null
        }
        let text = JSON.object(document).rendered
        #expect(Server(storedJSON: text) == (try JSONColumn.decode(Server.self, from: text)))
    }

    @Test("what it does not know is left to the decoder", arguments: [
        ("an unknown key", "extra", JSON.string("x")), ("a missing required key", "hostName", nil),
        ("a state it does not know", "vmState", .string("exploded")), ("a number as text", "locked", .string("true")),
        ("a fault without its date", "fault", .object(["code": .int(500), "message": .string("m")])),
        ("metadata that is not text", "metadata", .object(["k": .int(1)])), ("a fractional NUMA cell", "numaCells", .array([.number(0.5)])),
    ])
    func unknownDocuments(what: String, key: String, value: JSON?) throws {
        var document = try #require(JSON.parse(try JSONColumn.encode(Self.servers[1]))?.objectValue)
        document[key] = value
        #expect(Server(storedJSON: JSON.object(document).rendered) == nil, "\(what)")
    }
}
