import Testing

@testable import EmbeddedNetwork
import NetworkModel

@Suite("PortAttributes")
struct PortAttributesTests {
    @Test("an unknown vnic type is a 400 listing the accepted values")
    func unknownVNICType() throws {
        #expect {
            try PortAttributes.vnicType("sriov")
        } throws: { error in
            guard let fault = error as? NetworkFault else { return false }
            return fault.status == .badRequest
                && fault.message.hasPrefix("Invalid input for binding:vnic_type. Reason: 'sriov' is not in ['normal', 'direct', 'macvtap', 'direct-physical'")
        }
        #expect(try PortAttributes.vnicType("direct-physical") == .directPhysical)
    }

    @Test("numa_affinity_policy accepts the four policies and nil")
    func numaPolicy() throws {
        #expect(try PortAttributes.numaAffinityPolicy("socket") == "socket")
        #expect(try PortAttributes.numaAffinityPolicy(nil) == nil)
        #expect(throws: NetworkFault.invalidAttribute("numa_affinity_policy", reason: "'strict' is not in ['None', 'required', 'legacy', 'preferred', 'socket']")) {
            try PortAttributes.numaAffinityPolicy("strict")
        }
    }

    @Test("mac_address is normalised or refused")
    func mac() throws {
        #expect(try PortAttributes.macAddress("52-54-00-AA-BB-CC") == "52:54:00:aa:bb:cc")
        #expect(throws: NetworkFault.invalidAttribute("mac_address", reason: "'zz' is not a valid MAC address")) {
            try PortAttributes.macAddress("zz")
        }
    }
}
