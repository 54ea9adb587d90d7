import Testing

@testable import EmbeddedNetwork
import NetworkModel

@Suite("ProviderSegment: ML2 type-driver rules")
struct ProviderSegmentTests {
    func message(_ type: String?, _ physnet: String?, _ segment: Int?) -> String? {
        do {
            _ = try ProviderSegment.validate(type: type, physicalNetwork: physnet, segmentationID: segment)
            return nil
        } catch {
            #expect(error.status == .badRequest)
            #expect(error.type == "InvalidInput")
            return error.message
        }
    }

    @Test("valid segments pass")
    func valid() throws {
        let vlan = try ProviderSegment.validate(type: "vlan", physicalNetwork: "physnet1", segmentationID: 4094)
        #expect(vlan == ProviderSegment(type: .vlan, physicalNetwork: "physnet1", segmentationID: 4094))
        #expect(try ProviderSegment.validate(type: "flat", physicalNetwork: "physnet1", segmentationID: nil).type == .flat)
        #expect(try ProviderSegment.validate(type: "vxlan", physicalNetwork: nil, segmentationID: nil).segmentationID == nil)
    }

    @Test("no provider attributes → a vxlan tenant network")
    func tenantDefault() throws {
        #expect(try ProviderSegment.validate(type: nil, physicalNetwork: nil, segmentationID: nil).type == .vxlan)
    }

    @Test("VLAN rules and messages")
    func vlanMessages() {
        #expect(message("vlan", nil, nil) == "Invalid input for operation: physical_network required for VLAN provider network.")
        #expect(message("vlan", nil, 5) == "Invalid input for operation: segmentation_id requires physical_network for VLAN provider network.")
        #expect(message("vlan", "physnet1", nil) == "Invalid input for operation: Physical network physnet1 requires segmentation_id to be specified when creating a provider network.")
        #expect(message("vlan", "physnet1", 0) == "Invalid input for operation: segmentation_id out of range (1 through 4094).")
        #expect(message("vlan", "physnet1", 4095) == "Invalid input for operation: segmentation_id out of range (1 through 4094).")
    }

    @Test("flat, tunnel and local rules")
    func otherTypes() {
        #expect(message("flat", nil, nil) == "Invalid input for operation: physical_network required for flat provider network.")
        #expect(message("flat", "physnet1", 3) == "Invalid input for operation: segmentation_id prohibited for flat provider network.")
        #expect(message("vxlan", "physnet1", 3) == "Invalid input for operation: physical_network prohibited for vxlan provider network.")
        #expect(message("vxlan", nil, 16_777_216) == "Invalid input for operation: segmentation_id out of range (1 through 16777215).")
        #expect(message("local", nil, 3) == "Invalid input for operation: segmentation_id prohibited for local provider network.")
        #expect(message("ib", nil, nil) == "Invalid input for operation: network_type value 'ib' not supported.")
        #expect(message(nil, "physnet1", nil) == "Invalid input for operation: network_type required.")
    }
}
