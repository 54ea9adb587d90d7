import Foundation
import JSONModel
import PCI
import Store
import Testing

/// The journal's plan is written through `JSONModel` and read back with the store's
/// `JSONDecoder`: it must be the document `JSONEncoder` writes for the same plan, and read
/// back as that plan.
struct ReleasePlanStoredJSONTests {
    static var plans: [ReleasePlan] {
        get throws {
            let server = UUID()
            let full = VirtualInterface(
                portID: "port-\"1\"", serverID: server, networkID: "net", macAddress: "fa:16:3e:00:00:01", vnicType: "macvtap",
                pciSlot: PCIAddress("0000:02:00.1"), pciRequestID: UUID(), vlan: 4094, sourceDevice: "enp2s0v1", tag: "nic/ü\n1",
                profileKeys: ["pci_slot", "physical_network", "pci_vendor_info"], portCreatedByCompute: false)
            let bare = VirtualInterface(portID: "port-2", serverID: server, networkID: "net", macAddress: "fa:16:3e:00:00:02",
                                        vnicType: "direct", pciSlot: nil, pciRequestID: nil, vlan: nil, sourceDevice: nil, tag: nil, profileKeys: [])
            let every = try PCIRequest(
                count: 2, spec: [["physical_network": .string("physnet1"), "trusted": .bool(true), "numa": .int(-1), "none": .null,
                                  "capabilities": .list(["a", "b"])], [:]],
                requesterID: "port-1", aliasName: "a1", numaPolicy: .preferred)
            let plain = try PCIRequest(spec: [["physical_network": .null]])
            return [
                ReleasePlan(interface: full, request: every, guestMayHoldDevice: true, portMayBeBound: false),
                ReleasePlan(interface: bare, request: plain, guestMayHoldDevice: false, portMayBeBound: true),
                ReleasePlan(interface: bare, request: nil, guestMayHoldDevice: false, portMayBeBound: false),
            ]
        }
    }

    @Test func theColumnHoldsTheDocumentJSONEncoderWrites() throws {
        for plan in try Self.plans {
            let encoded = try #require(JSON.parse(try JSONColumn.encode(plan)))
            #expect(JSON.parse(plan.storedJSON) == encoded)
        }
    }

    @Test func pciRequestsAreTheDocumentJSONEncoderWritesAndReadBack() throws {
        for request in try Self.plans.compactMap(\.request) {
            #expect(JSON.parse(request.storedJSON.rendered) == JSON.parse(try JSONColumn.encode(request)))
            #expect(try JSONColumn.decode(PCIRequest.self, from: request.storedJSON.rendered) == request)
        }
    }

    @Test func theColumnReadsBackAsTheSamePlan() throws {
        for plan in try Self.plans {
            #expect(try JSONColumn.decode(ReleasePlan.self, from: plan.storedJSON) == plan)
        }
    }
}
