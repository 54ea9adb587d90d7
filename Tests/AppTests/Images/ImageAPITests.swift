import Foundation
import JSONModel
import Testing

/// The read-only Image API v2 at `/image`, in Glance's shapes, which the clients use to
/// resolve `--image NAME`.
struct ImageAPITests {
    static let cirros = "c3a9b0b4-5e6f-4a0e-9d6b-0f8f3b0a1c01"

    @Test func versionDocumentAtTheRootAndUnderVersions() async throws {
        try await ServiceHarness.make().run { api in
            let root = try await api.call(.get, "/image")
            #expect(root.status == 300)
            let current = try #require(root.json?["versions"]?.arrayValue?.first)
            #expect(current["id"] == "v2.16")
            #expect(current["status"] == "CURRENT")
            #expect(current["links"]?.arrayValue?.first?["href"]?.stringValue?.hasSuffix("/image/v2/") == true)
            let versions = try await api.call(.get, "/image/versions")
            #expect(versions.status == 200)
            #expect(versions.json == root.json)
        }
    }

    @Test func listAndShowInGlanceShape() async throws {
        try await ServiceHarness.make().run { api in
            let list = try await api.call(.get, "/image/v2/images")
            #expect(list.status == 200)
            #expect(list.json?["schema"] == "/v2/schemas/images")
            #expect(list.json?["first"] == "/v2/images")
            #expect(list.json?["next"] == nil)
            let image = try #require(list.json?["images"]?.arrayValue?.first)
            #expect(image == [
                "id": .string(Self.cirros), "name": "cirros-0.6.2", "status": "active", "visibility": "public",
                "protected": false, "os_hidden": false, "tags": [], "container_format": "bare", "disk_format": "qcow2",
                "min_disk": 1, "min_ram": 64, "size": nil, "virtual_size": nil, "checksum": nil, "os_hash_algo": nil,
                "os_hash_value": nil, "owner": nil, "created_at": "2023-11-14T22:13:20Z", "updated_at": "2023-11-14T22:13:20Z",
                "self": .string("/v2/images/\(Self.cirros)"), "file": .string("/v2/images/\(Self.cirros)/file"),
                "schema": "/v2/schemas/image",
            ])
            let show = try await api.call(.get, "/image/v2/images/\(Self.cirros)")
            #expect(show.status == 200)
            #expect(show.json == image)
        }
    }

    @Test(arguments: [
        ("name=cirros-0.6.2", 1), ("name=ubuntu", 0), ("status=active", 1), ("status=queued", 0),
        ("id=in:\(cirros),other", 1), ("id=other", 0), ("visibility=public", 1), ("visibility=private", 0),
        ("marker=\(cirros)", 0), ("marker=unknown", 0), ("limit=5", 1), ("sort_key=name&member_status=all", 1),
    ])
    func filtersAndPaging(_ query: String, _ count: Int) async throws {
        try await ServiceHarness.make().run { api in
            let list = try await api.call(.get, "/image/v2/images?\(query)")
            #expect(list.status == 200)
            #expect(list.json?["images"]?.arrayValue?.count == count)
        }
    }

    @Test func aLimitThatCutsTheListLinksTheNextPage() async throws {
        try await ServiceHarness.make().run { api in
            let page = try await api.call(.get, "/image/v2/images?limit=0&name=cirros-0.6.2")
            #expect(page.json?["images"] == [])
            #expect(page.json?["first"] == "/v2/images?limit=0&name=cirros-0.6.2")
            #expect(page.json?["next"] == nil)
        }
    }

    @Test func unknownImageIs404InGlanceShape() async throws {
        try await ServiceHarness.make().run { api in
            let reply = try await api.call(.get, "/image/v2/images/nope")
            #expect(reply.status == 404)
            #expect(reply.json == [
                "message": "No image found with ID nope<br /><br />\n\n\n", "code": "404 Not Found", "title": "Not Found",
            ])
        }
    }
}
