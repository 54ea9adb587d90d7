import Foundation
import Testing
@testable import PCI

/// §4.8: the PCI request Nova builds from a port.
struct PCIRequestTests {
    func request(_ port: PortPCIContext) throws -> PCIRequest? {
        try PCIRequest.forPort(port)
    }

    @Test(arguments: [VNICType.direct, .macvtap, .virtioForwarder])
    func vfTypesAskForAnyNonPFDeviceOnThePhysnet(_ vnic: VNICType) throws {
        let built = try #require(try request(PortPCIContext(portID: "p1", vnicType: vnic, physicalNetwork: "physnet2", networkType: "vlan")))
        #expect(built.count == 1)
        #expect(built.requesterID == "p1")
        #expect(built.aliasName == nil)
        #expect(built.spec == [["physical_network": .string("physnet2"), "remote_managed": .string("False")]])
        #expect(built.requestedDeviceType == nil)
        #expect(built.numaPolicy == nil)
        #expect(built.effectiveNUMAPolicy == .legacy)
    }

    @Test func directPhysicalAsksForAPF() throws {
        let built = try #require(try request(PortPCIContext(portID: "p", vnicType: .directPhysical, physicalNetwork: "physnet2")))
        #expect(built.spec == [["physical_network": .string("physnet2"), "remote_managed": .string("False"), "dev_type": .string("type-PF")]])
        #expect(built.requestedDeviceType == .physicalFunction)
    }

    @Test func vdpaAsksForAVDPADevice() throws {
        let built = try #require(try request(PortPCIContext(portID: "p", vnicType: .vdpa, physicalNetwork: "physnet4")))
        #expect(built.spec.first?["dev_type"] == .string("vdpa"))
    }

    @Test func remoteManagedSetsTheTagTrue() throws {
        let built = try #require(try request(PortPCIContext(portID: "p", vnicType: .remoteManaged, networkType: "vxlan")))
        #expect(built.spec == [["physical_network": .null, "remote_managed": .string("True")]])
    }

    @Test(arguments: ["vxlan", "gre", "geneve", "VXLAN"])
    func tunnelsCarryNoPhysnet(_ type: String) throws {
        let built = try #require(try request(PortPCIContext(portID: "p", vnicType: .direct, physicalNetwork: "physnet2", networkType: type)))
        #expect(built.spec.first?["physical_network"] == .null)
        #expect(built.physicalNetwork == nil)
    }

    @Test(arguments: [VNICType.normal, .baremetal, .smartNIC])
    func nonSRIOVTypesNeedNoRequest(_ vnic: VNICType) throws {
        #expect(try request(PortPCIContext(portID: "p", vnicType: vnic, physicalNetwork: "physnet2")) == nil)
    }

    @Test(arguments: [VNICType.acceleratorDirect, .acceleratorDirectPhysical])
    func acceleratorPortsAreRefused(_ vnic: VNICType) {
        #expect(throws: PCIRequestError.acceleratorPort(vnicType: vnic)) {
            try request(PortPCIContext(portID: "p", vnicType: vnic))
        }
        #expect(PCIRequestError.acceleratorPort(vnicType: vnic).description == "Feature not supported with Ports that have accelerators.")
    }

    @Test(arguments: [
        (TagValue.bool(true), "True"), (.string("true"), "True"), (.string("YES"), "True"), (.string("1"), "True"),
        (.bool(false), "False"), (.string("false"), "False"), (.string("nonsense"), "False"),
    ])
    func trustedComesFromTheBindingProfile(_ value: TagValue, _ expected: String) throws {
        let built = try #require(try request(PortPCIContext(portID: "p", vnicType: .direct, physicalNetwork: "n", trusted: value)))
        #expect(built.spec.first?["trusted"] == .string(expected))
    }

    @Test func untrustedPortsCarryNoTrustedKey() throws {
        let built = try #require(try request(PortPCIContext(portID: "p", vnicType: .direct, physicalNetwork: "n")))
        #expect(built.spec.first?["trusted"] == nil)
    }

    @Test func portPolicyWinsOverFlavorPolicy() throws {
        let both = try #require(try request(PortPCIContext(portID: "p", vnicType: .direct, portNUMAPolicy: "required", flavorNUMAPolicy: "preferred")))
        #expect(both.numaPolicy == .required)
        let flavorOnly = try #require(try request(PortPCIContext(portID: "p", vnicType: .direct, flavorNUMAPolicy: "socket")))
        #expect(flavorOnly.numaPolicy == .socket)
    }

    @Test func badPoliciesNameTheirField() {
        #expect(throws: PCIRequestError.invalidNUMAPolicy(field: "numa_affinity_policy", value: "strictish")) {
            try request(PortPCIContext(portID: "p", vnicType: .direct, portNUMAPolicy: "strictish"))
        }
        #expect(throws: PCIRequestError.invalidNUMAPolicy(field: "hw:pci_numa_affinity_policy", value: "x")) {
            try request(PortPCIContext(portID: "p", vnicType: .direct, flavorNUMAPolicy: "x"))
        }
        #expect(PCIRequestError.invalidNUMAPolicy(field: "numa_affinity_policy", value: "strictish").description
            == "Invalid numa_affinity_policy 'strictish': expected one of required, legacy, preferred, socket")
    }

    @Test func zeroCountIsRefused() {
        #expect(throws: PCIRequestError.invalidCount(0)) { try PCIRequest(count: 0, spec: [[:]]) }
    }

    @Test func encodesWithNovasKeys() throws {
        let built = try PCIRequest(spec: [["physical_network": .string("physnet2")]], requestID: UUID(uuidString: "00000000-0000-0000-0000-000000000001")!,
                                   requesterID: "port-1", numaPolicy: .required)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(built), as: UTF8.self)
        #expect(json == #"{"count":1,"numa_policy":"required","request_id":"00000000-0000-0000-0000-000000000001","requester_id":"port-1","spec":[{"physical_network":"physnet2"}]}"#)
        #expect(try JSONDecoder().decode(PCIRequest.self, from: Data(json.utf8)) == built)
    }
}
