import App
import Foundation
import Testing

/// The clouds.yaml `serve` prints: every endpoint the clients look up.
struct CloudsYAMLTests {
    @Test func embeddedNetworkIsServedHere() async throws {
        let harness = try await ServiceHarness.make()
        let yaml = harness.service.cloudsYAML(port: 8774)
        try await harness.run { _ in }
        #expect(yaml == """
            clouds:
              sriov:
                auth_type: none
                auth:
                  endpoint: http://127.0.0.1:8774/
                compute_endpoint_override: http://127.0.0.1:8774/v2.1
                network_endpoint_override: http://127.0.0.1:8774/networking
                image_endpoint_override: http://127.0.0.1:8774/image
                image_api_version: '2'
                identity_api_version: '3'
                region_name: RegionOne
            """)
    }

    @Test func neutronBackendPointsTheClientsAtNeutronAndServesNoNetworkAPI() async throws {
        let harness = try await ServiceHarness.make(neutronURL: "http://127.0.0.1:9696/")
        let yaml = harness.service.cloudsYAML(port: 8774)
        try await harness.run { api in
            let networks = try await api.call(.get, "/v2.0/networks")
            let networkRoot = try await api.call(.get, "/networking")
            let images = try await api.call(.get, "/image/v2/images")
            #expect(networks.status == 404)
            #expect(networkRoot.status == 404)
            #expect(images.status == 200)
        }
        #expect(yaml.contains("    network_endpoint_override: http://127.0.0.1:9696\n"))
        #expect(yaml.contains("    image_endpoint_override: http://127.0.0.1:8774/image\n"))
    }
}
