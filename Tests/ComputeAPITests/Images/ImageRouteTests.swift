import ComputeModel
import JSONModel
import Testing

@Suite("Image proxy")
struct ImageRouteTests {
    private func harness() async -> APIHarness {
        let harness = APIHarness()
        await harness.service.setImages([Fixtures.image])
        return harness
    }

    @Test("list, detail and show up to 2.35, as Tempest expects")
    func proxy() async throws {
        try await harness().run { api in
            let list = try await api.get("/v2.1/images", version: "2.35")
            TempestSchema.expectConforms(list, to: "list_images", at: "2.1")
            #expect(list.json?["images"]?.arrayValue?.first?["name"] == "cirros-0.6.2")
            let detail = try await api.get("/v2.1/images/detail")
            TempestSchema.expectConforms(detail, to: "list_images_details", at: "2.1")
            let show = try await api.get("/v2.1/images/\(Fixtures.imageID)")
            TempestSchema.expectConforms(show, to: "get_image", at: "2.1")
            let image = try #require(show.json?["image"])
            #expect(image["status"] == "ACTIVE")
            #expect(image["progress"] == 100)
            #expect(image["minRam"] == 64)
            #expect(image["minDisk"] == 1)
            #expect(image["created"] == "2023-11-14T22:13:20Z")
            #expect(image["links"]?.arrayValue?.last == [
                "rel": "alternate", "type": "application/vnd.openstack.image",
                "href": .string("http://localhost/images/\(Fixtures.imageID)"),
            ])
        }
    }

    @Test("filters by name and status")
    func filters() async throws {
        try await harness().run { api in
            let byName = try await api.get("/v2.1/images?name=cirros-0.6.2")
            #expect(byName.json?["images"]?.arrayValue?.count == 1)
            let other = try await api.get("/v2.1/images?name=ubuntu")
            #expect(other.json?["images"] == [])
            let byStatus = try await api.get("/v2.1/images/detail?status=ACTIVE")
            #expect(byStatus.json?["images"]?.arrayValue?.count == 1)
        }
    }

    @Test("from 2.36 the proxy is gone: 404", arguments: ["/v2.1/images", "/v2.1/images/detail", "/v2.1/images/\(Fixtures.imageID)"])
    func deprecated(path: String) async throws {
        try await harness().run { api in
            let response = try await api.get(path, version: "2.36")
            #expect(response.status == 404)
            #expect(response.faultMessage == "The resource could not be found.")
        }
    }

    @Test("an unknown image is Nova's 404")
    func unknown() async throws {
        try await harness().run { api in
            let response = try await api.get("/v2.1/images/nope")
            #expect(response.status == 404)
            #expect(response.faultMessage == "Image not found.")
        }
    }
}
