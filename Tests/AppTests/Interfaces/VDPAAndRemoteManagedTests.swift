import App
import Foundation
import JSONModel
import Testing
import Virt

/// Nova's `VDPAServersTest` and `RemoteManagedServersTest` (nova-behavior §7.2, §7.3)
/// through the whole service, on a generated host configured as an operator would:
/// `[host] fake_host = "1x2x1"`, `fake_vdpa_pfs = 1`, `fake_card_serial = "MT0000X000{pf}"`,
/// and a `[pci] device_spec` that names the remote-managed card by its PF's netdev.
///
/// PF 0 (0000:01:00.0, `ens0f0np0`, serial MT0000X0000) has VF 0000:02:00.0, tracked as
/// remote-managed on tunnel networks; PF 1 (0000:03:00.0) has VF 0000:04:00.0, the parent
/// of the vDPA device vdpa0, tracked on physnet2.
@Suite(.serialized)
struct VDPAAndRemoteManagedTests {
    static let remoteManagedVF = "0000:02:00.0"
    static let vdpaVF = "0000:04:00.0"

    static func harness() async throws -> ServiceHarness {
        try await ServiceHarness.make(fakeHost: .init(numaNodes: 1, pfCount: 2, vfsPerPF: 1, vdpaPFs: 1, cardSerialPattern: "MT0000X000{pf}")) {
            $0.deviceSpec = [
                #"{"devname": "ens0f0np0", "vendor_id": "15b3", "product_id": "101e", "remote_managed": "true", "physical_network": null}"#,
                #"{"vendor_id": "15b3", "product_id": "101e", "physical_network": "physnet2"}"#,
            ]
        }
    }

    @Test func remoteManagedAttachSendsNovasProfileAndDetachClearsIt() async throws {
        try await Self.harness().run { api in
            let tunnel = try await api.createNetwork(physnet: nil, type: "geneve", segmentationID: 1000)
            let port = try await api.createPort(network: tunnel, vnicType: "remote-managed")
            let server = try await api.boot()

            let attached = try await api.attach(server, port: port)
            #expect(attached.status == 200)
            let bound = try await api.port(port)
            #expect(bound["binding:profile"] == [
                "pci_vendor_info": "15b3:101e", "pci_slot": .string(Self.remoteManagedVF), "physical_network": nil,
                "pf_mac_address": "b8:ce:f6:00:01:00", "vf_num": 0, "card_serial_number": "MT0000X0000",
            ])
            #expect(bound["binding:vif_type"] == "ovs")
            #expect(bound["device_id"] == .string(server))
            #expect(try await api.pciStatuses()[Self.remoteManagedVF] == "allocated")
            // The DPU does the plumbing: the guest gets the VF as a hostdev interface (§6).
            let live = try await api.service.hypervisor.domainXML(of: UUID(uuidString: server)!, live: true)
            #expect(try DeviceLocator.devices(inDomainXML: live).map(\.device.pciAddress?.description) == [Self.remoteManagedVF])

            #expect(try await api.detach(server, port: port).status == 202)
            let unbound = try await api.port(port)
            #expect(unbound["binding:profile"] == [:])
            #expect(unbound["device_id"] == "")
            #expect(try await api.pciStatuses()[Self.remoteManagedVF] == "available")
        }
    }

    @Test func vdpaAttachPlugsTheVhostDeviceAndDetachFreesIt() async throws {
        try await Self.harness().run { api in
            let net = try await api.createNetwork()
            let port = try await api.createPort(network: net, vnicType: "vdpa")
            let server = try await api.boot()

            let attached = try await api.attach(server, port: port)
            #expect(attached.status == 200)
            let bound = try await api.port(port)
            #expect(bound["binding:profile"] == ["pci_vendor_info": "15b3:101e", "pci_slot": .string(Self.vdpaVF), "physical_network": "physnet2"])
            #expect(bound["device_id"] == .string(server))
            let devices = try await api.call(.get, "/v2.1/os-pci-devices").json?["pci_devices"]?.arrayValue ?? []
            let vdpa = try #require(devices.first { $0["address"] == .string(Self.vdpaVF) })
            #expect(vdpa["status"] == "allocated")
            #expect(vdpa["dev_type"] == "vdpa")
            let live = try await api.service.hypervisor.domainXML(of: UUID(uuidString: server)!, live: true)
            #expect(live.contains("<interface type=\"vdpa\">") && live.contains("/dev/vhost-vdpa-0"))

            #expect(try await api.detach(server, port: port).status == 202)
            #expect(try await api.port(port)["binding:profile"] == [:])
            #expect(try await api.pciStatuses()[Self.vdpaVF] == "available")
            #expect(!(try await api.service.hypervisor.domainXML(of: UUID(uuidString: server)!, live: true)).contains("vhost-vdpa"))
        }
    }

    /// A `direct` port may take neither a remote-managed VF nor a vDPA device (Nova's pool
    /// filters, §4.5): on this host it finds nothing, and nothing changes.
    @Test func aDirectPortTakesNeitherARemoteManagedVFNorAVDPADevice() async throws {
        try await Self.harness().run { api in
            let net = try await api.createNetwork()
            let port = try await api.createPort(network: net, vnicType: "direct")
            let server = try await api.boot()
            let before = try await api.pciStatuses()

            let refused = try await api.attach(server, port: port)
            #expect(refused.status == 400)
            #expect(refused.faultMessage?.hasPrefix("Failed to claim PCI device for \(server) during interface attach: ") == true)
            #expect(try await api.pciStatuses() == before)
            #expect(try await api.port(port)["binding:profile"] == [:])
            #expect(try await api.interfacePortIDs(server) == [])
        }
    }
}
