import JSONModel
import Testing

@testable import NeutronClient
import NetworkModel

/// The physnet Nova's `_get_physnet_tunneled_info` finds (nova-behavior §5.1).
struct ProviderSegmentsTests {
    @Test func singleSegmentNetworkCarriesTheProviderAttributes() throws {
        let segment = try ProviderSegments(network: [
            "provider:network_type": "vlan", "provider:physical_network": "physnet1", "provider:segmentation_id": 101,
        ], networkID: "n").chosen
        #expect(segment == .init(networkType: "vlan", physicalNetwork: "physnet1", segmentationID: 101))
    }

    @Test func tunnelNetworkHasNoPhysnet() throws {
        let segment = try ProviderSegments(network: [
            "provider:network_type": "vxlan", "provider:physical_network": nil, "provider:segmentation_id": 5,
        ], networkID: "n").chosen
        #expect(segment.physicalNetwork == nil)
        #expect(segment.networkType == "vxlan")
    }

    @Test func multiProviderNetworkUsesTheFirstSegmentWithAPhysnet() throws {
        let segment = try ProviderSegments(network: [
            "segments": [
                ["provider:network_type": "vxlan", "provider:physical_network": nil, "provider:segmentation_id": 9],
                ["provider:network_type": "vlan", "provider:physical_network": "", "provider:segmentation_id": 10],
                ["provider:network_type": "vlan", "provider:physical_network": "physnet3", "provider:segmentation_id": 11],
                ["provider:network_type": "flat", "provider:physical_network": "physnet4"],
            ],
        ], networkID: "n").chosen
        #expect(segment == .init(networkType: "vlan", physicalNetwork: "physnet3", segmentationID: 11))
    }

    @Test func segmentsWithoutAnyPhysnetAreRefusedNamingTheNetwork() {
        #expect(throws: NetworkError.badRequest("None of the segments of network n7 provides a physical_network")) {
            try ProviderSegments(network: [
                "segments": [["provider:network_type": "geneve", "provider:physical_network": nil, "provider:segmentation_id": 3]],
            ], networkID: "n7")
        }
    }

    @Test func emptySegmentListFallsBackToTheNetworksOwnAttributes() throws {
        let segment = try ProviderSegments(network: [
            "segments": [], "provider:network_type": "flat", "provider:physical_network": "physnet1",
        ], networkID: "n").chosen
        #expect(segment.physicalNetwork == "physnet1")
    }
}
