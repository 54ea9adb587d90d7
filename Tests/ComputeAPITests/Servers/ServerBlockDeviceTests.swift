import TestSupport
import ComputeModel
import JSONModel
import Testing

@Suite("POST /servers with block_device_mapping_v2")
struct ServerBlockDeviceTests {
    private static let image = JSON.string(Fixtures.imageID)
    private static let localImage: JSON = [
        "uuid": image, "boot_index": 0, "source_type": "image", "destination_type": "local", "delete_on_termination": true,
    ]

    private func create(_ server: JSON, version: String = "2.96") async throws -> (APIResponse, CreateServerRequest?) {
        let harness = APIHarness()
        let response = try await harness.run { api in try await api.post("/v2.1/servers", ["server": server], version: version) }
        let calls = await harness.service.calls
        guard case .createServer(let request, _)? = calls.first else { return (response, nil) }
        return (response, request)
    }

    @Test("OSC's body — the image on a local disk, named twice — is an image boot")
    func openstackClient() async throws {
        let (response, request) = try await create([
            "name": "vm9", "flavorRef": "1", "imageRef": Self.image, "networks": "none", "min_count": 1, "max_count": 1,
            "block_device_mapping_v2": [Self.localImage],
        ])
        #expect(response.status == 202)
        #expect(request?.imageID == Fixtures.imageID)
    }

    @Test("the mapping alone names the image")
    func mappingOnly() async throws {
        let (response, request) = try await create(["name": "vm", "flavorRef": "1", "networks": "none",
                                                    "block_device_mapping_v2": [Self.localImage]])
        #expect(response.status == 202)
        #expect(request?.imageID == Fixtures.imageID)
    }

    static let refusals: [(JSON, String)] = [
        ([["source_type": "volume", "destination_type": "volume", "uuid": "abc", "boot_index": 0]],
         "This service boots servers from an image on a local disk only: block_device_mapping_v2 entries must have source_type 'image' and destination_type 'local'."),
        ([["source_type": "image", "destination_type": "local", "uuid": "0f9e8d7c-6b5a-4948-8372-615049382716"]],
         "imageRef and block_device_mapping_v2 name different images."),
        ([["source_type": "disk"]],
         "Invalid input for field/attribute source_type. Value: disk. 'disk' is not one of ['volume', 'image', 'snapshot', 'blank']"),
        ([["boot_index": "first"]], "Invalid input for field/attribute boot_index. Value: first. 'first' does not match '^-?[0-9]+$'"),
    ]

    @Test("volumes, other images and bad entries are refused", arguments: refusals)
    func refused(mappings: JSON, message: String) async throws {
        let (response, request) = try await create(["name": "vm", "flavorRef": "1", "imageRef": Self.image, "networks": "none",
                                                    "block_device_mapping_v2": mappings])
        #expect(response.status == 400)
        #expect(response.faultMessage == message)
        #expect(request == nil)
    }

    @Test("mapping tags exist at 2.32 and from 2.42")
    func tags() async throws {
        let tagged: JSON = ["name": "vm", "flavorRef": "1", "networks": "none",
                            "block_device_mapping_v2": [["source_type": "image", "uuid": Self.image, "tag": "root"]]]
        let before = try await create(tagged, version: "2.41").0
        #expect(before.status == 400)
        let from = try await create(tagged, version: "2.42").0
        #expect(from.status == 202)
    }
}
