import ComputeModel
import Foundation
import JSONModel
import NetworkModel
import PCI
import Store
import Virt

extension AttachRunner {
    /// The claim and the journal row with its release plan, in one transaction. The row's
    /// plan says the guest and the port may hold the device: it is written once, before
    /// the bind, and a restart that finds it open asks both (each answers for itself
    /// whether it holds the device), so no later step writes the journal again.
    mutating func claim() async -> Result<ReleasePlan, ComputeError> {
        let numa = server.numaCells.map(InstanceNUMATopology.init(cells:))
        let serverID = server.id
        let request = request
        let base = journal
        let host = manager.hostName
        let runner = self
        do {
            let (claimed, plan, journal) = try await manager.tracker.update({ engine in
                let address = try engine.claim(request, for: serverID, numa: numa)[0]
                guard let device = engine.device(at: address) else { throw PCIDeviceError.notFound(host: host, address: address) }
                let plan = ReleasePlan(interface: runner.interfaceRecord(of: device, guestDevice: nil), request: request,
                                       guestMayHoldDevice: false, portMayBeBound: false)
                var journal = base
                journal.step = "binding"
                journal.details["pci_slot"] = device.address.description
                journal.plan = plan
                journal.plan?.guestMayHoldDevice = true
                journal.plan?.portMayBeBound = true
                return (device, plan, journal)
            }, record: { claimed, db in
                try JournalRecords.save(claimed.2, in: db)
            })
            self.journal = journal
            device = claimed
            return .success(plan)
        } catch let failure as PCIClaimFailure {
            return .failure(.noDeviceAvailable(failure.message(context: "during interface attach")))
        } catch {
            return .failure(.claimFailed(cause: "\(error)"))
        }
    }

    /// The bound port's `binding:vif_type`, or why the bind failed.
    mutating func bind(_ plan: ReleasePlan) async -> Result<String, NetworkError> {
        guard let device else { return .failure(.badRequest("no claimed device to bind")) }
        if Failpoints.failsHere("attach.bind") { return .failure(.unreachable("failpoint attach.bind")) }
        let binding = PortBinding(
            hostID: manager.hostName, deviceID: server.id.uuidString.lowercased(), deviceOwner: manager.configuration.deviceOwner,
            profile: BindingProfile.keys(for: device), macAddress: device.type == .physicalFunction ? device.macAddress : nil,
            currentProfile: port.bindingProfile)
        do {
            let bound = try await manager.network.bindPort(port.id, binding)
            boundPort = bound
            return .success(bound.vifType)
        } catch {
            return .failure(error)
        }
    }

    /// The guest device built from the bound port (its VLAN) and plugged.
    mutating func plug(_ plan: ReleasePlan) async -> Result<VirtualInterface, ComputeError> {
        guard let device, let boundPort else { return .failure(.inconsistent("no bound port to plug")) }
        do {
            let guest = try GuestDeviceBuilder.device(vnicType: vnicType, macAddress: boundPort.macAddress,
                                                      vlan: GuestDeviceBuilder.vlan(of: boundPort), device: device)
            guestDevice = guest
            if Failpoints.failsHere("attach.plug") { throw HypervisorError.operationFailed("failpoint attach.plug") }
            try await manager.hypervisor.attach(guest, to: server.id)
            return .success(interfaceRecord(of: device, guestDevice: guest))
        } catch let error as ComputeError {
            return .failure(error)
        } catch {
            log.warning("the hypervisor refused the device: \(error)")
            return .failure(.deviceAttachFailed(server: server.id, cause: "\(error)"))
        }
    }

    /// Device allocated, request and interface stored, journal row closed and (when this
    /// attach has its own) the action's event ended: one transaction. Nil on success.
    mutating func commit(_ plan: ReleasePlan) async -> ComputeError? {
        guard let device else { return .inconsistent("nothing to commit") }
        var journal = journal
        journal.step = "succeeded"
        journal.state = .done
        let finished = journal
        let serverID = server.id
        let request = request
        let event = recordsEvent ? (name: Self.eventName, requestID: context.requestID) : nil
        do {
            try await manager.tracker.update({ engine in
                try engine.allocate(device.address, for: serverID)
            }, record: { _, db in
                guard try ServerRecords.exists(serverID, in: db) else { throw StoreError.missing("server \(serverID)") }
                try PCIRequestRecords.insert(request, serverID: serverID, in: db)
                try VIFRecords.insert(plan.interface, in: db)
                try JournalRecords.save(finished, in: db)
                if let event {
                    try InstanceActionRecords.finishEvent(event.name, serverID: serverID, requestID: event.requestID,
                                                          action: "attach_interface", error: nil, in: db)
                }
            })
            self.journal = finished
            return nil
        } catch {
            return .attachRecordFailed(port: port.id, cause: "\(error)")
        }
    }

    /// The interface as the ledger records it: from the guest device once it is built,
    /// from the port and the device before that.
    func interfaceRecord(of device: PCIDevice, guestDevice: GuestDevice?) -> VirtualInterface {
        var vlan: Int?
        var source: String?
        switch guestDevice {
        case .hostdevInterface(_, _, let tagID)?: vlan = tagID
        case .macvtap(_, let netdev, let tagID)?: (vlan, source) = (tagID, netdev)
        case nil where vnicType == .macvtap: source = device.netdevName
        default: break
        }
        let mac: String = switch guestDevice {
        case .hostdevInterface(let mac, _, _)?, .macvtap(let mac, _, _)?, .vdpa(let mac, _)?: mac
        case .hostdevPCI?, nil: vnicType == .directPhysical ? device.macAddress ?? port.macAddress : port.macAddress
        }
        return VirtualInterface(
            portID: port.id, serverID: server.id, networkID: port.networkID, macAddress: mac, vnicType: vnicType.rawValue,
            pciSlot: device.address, pciRequestID: request.requestID, vlan: vlan, sourceDevice: source, tag: tag,
            profileKeys: BindingProfile.keys(for: device).keys.sorted())
    }
}
