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
    /// whether it holds the device), so no later step writes the journal again. A `normal`
    /// port claims nothing: its row alone, with the same plan for its binding and its
    /// guest interface.
    mutating func claim() async -> Result<ReleasePlan, ComputeError> {
        guard let request else { return await recordWithoutClaim() }
        let numa = server.numaCells.map(InstanceNUMATopology.init(cells:))
        let serverID = server.id
        let base = journal
        let host = manager.hostName
        let runner = self
        let recordAction = actionRecord()
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
                try recordAction(db)
            })
            self.journal = journal
            device = claimed
            unrecordedActionStart = nil
            return .success(plan)
        } catch let failure as PCIClaimFailure {
            return .failure(.noDeviceAvailable(failure.message(context: "during interface attach")))
        } catch {
            return .failure(.claimFailed(cause: "\(error)"))
        }
    }

    /// A `normal` port's journal row (the plan without a device), which the claim's
    /// transaction writes for the others.
    private mutating func recordWithoutClaim() async -> Result<ReleasePlan, ComputeError> {
        let plan = ReleasePlan(interface: interfaceRecord(of: nil, guestDevice: nil), request: nil,
                               guestMayHoldDevice: false, portMayBeBound: false)
        var journal = journal
        journal.step = "binding"
        journal.plan = plan
        journal.plan?.guestMayHoldDevice = true
        journal.plan?.portMayBeBound = true
        let row = journal
        let recordAction = actionRecord()
        do throws(ComputeError) {
            try await manager.write { db in
                try JournalRecords.save(row, in: db)
                try recordAction(db)
            }
            self.journal = row
            unrecordedActionStart = nil
            return .success(plan)
        } catch {
            return .failure(error)
        }
    }

    /// Writes the attach's action and event in the claim's transaction, if not written yet.
    private func actionRecord() -> @Sendable (StoreTransaction) throws -> Void {
        guard let startTime = unrecordedActionStart else { return { _ in } }
        let (serverID, context, host) = (server.id, context, manager.hostName)
        return { db in
            try ComputeManager.recordAction("attach_interface", server: serverID, context: context, event: Self.eventName, host: host,
                                            startTime: startTime, in: db)
        }
    }

    /// The bound port's `binding:vif_type`, or why the bind failed. A `normal` port is
    /// bound as Nova binds it: host, device and owner, no profile keys.
    mutating func bind(_ plan: ReleasePlan) async -> Result<String, NetworkError> {
        guard device != nil || request == nil else { return .failure(.badRequest("no claimed device to bind")) }
        if Failpoints.failsHere("attach.bind") { return .failure(.unreachable("failpoint attach.bind")) }
        let binding = PortBinding(
            hostID: manager.hostName, deviceID: server.id.uuidString.lowercased(), deviceOwner: manager.configuration.deviceOwner,
            profile: device.map(BindingProfile.keys(for:)) ?? [:],
            macAddress: device?.type == .physicalFunction ? device?.macAddress : nil, currentProfile: port.bindingProfile)
        do {
            let bound = try await manager.network.bindPort(port.id, binding)
            boundPort = bound
            return .success(bound.vifType)
        } catch {
            return .failure(error)
        }
    }

    enum PlugResult {
        case plugged(VirtualInterface)
        /// The hypervisor refused or erred plugging the interface it was asked for.
        case failed(ComputeError, asked: VirtualInterface)
        /// No guest device could be built: nothing was asked of the hypervisor.
        case refused(ComputeError)
    }

    /// The guest device built from the bound port (its VLAN; a normal port's bridge) and plugged.
    mutating func plug(_ plan: ReleasePlan) async -> PlugResult {
        guard let boundPort, device != nil || request == nil else { return .refused(.inconsistent("no bound port to plug")) }
        let guest: GuestDevice
        do throws(ComputeError) {
            guest = if let device {
                try GuestDeviceBuilder.device(vnicType: vnicType, macAddress: boundPort.macAddress,
                                              vlan: GuestDeviceBuilder.vlan(of: boundPort), device: device)
            } else {
                try GuestDeviceBuilder.bridgeDevice(for: boundPort)
            }
        } catch {
            return .refused(error)
        }
        guestDevice = guest
        let asked = interfaceRecord(of: device, guestDevice: guest)
        do {
            if Failpoints.failsHere("attach.plug") { throw HypervisorError.operationFailed("failpoint attach.plug") }
            try await manager.hypervisor.attach(guest, to: server.id)
            return .plugged(asked)
        } catch {
            log.warning("the hypervisor refused the device: \(error)")
            return .failed(.deviceAttachFailed(server: server.id, cause: "\(error)"), asked: asked)
        }
    }

    /// Device allocated, request and interface stored, journal row closed and (when this
    /// attach has its own) the action's event ended: one transaction of writes that nobody
    /// waits for. Nil on success. A server deleted meanwhile is refused by the database
    /// (the interface row references its server); only then is the server looked for, so
    /// that the failure names it as before.
    mutating func commit(_ plan: ReleasePlan) async -> ComputeError? {
        guard device != nil || request == nil else { return .inconsistent("nothing to commit") }
        let device = device
        var journal = journal
        journal.step = "succeeded"
        journal.state = .done
        let finished = journal
        let serverID = server.id
        let request = request
        let event = recordsEvent ? (name: Self.eventName, requestID: context.requestID) : nil
        do {
            try await manager.tracker.update({ engine in
                if let device { try engine.allocate(device.address, for: serverID) }
            }, record: { _, db in
                if let request { try PCIRequestRecords.insert(request, serverID: serverID, in: db) }
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
            // A read that fails says nothing: the commit's own error stands.
            let gone = (try? await manager.read { db in try ServerRecords.exists(serverID, in: db) }) == false
            return .attachRecordFailed(port: port.id, cause: gone ? "\(StoreError.missing("server \(serverID)"))" : "\(error)")
        }
    }

    /// The interface as the ledger records it: from the guest device once it is built,
    /// from the port and the device (none for a normal port) before that.
    func interfaceRecord(of device: PCIDevice?, guestDevice: GuestDevice?) -> VirtualInterface {
        var vlan: Int?
        var source: String?
        switch guestDevice {
        case .hostdevInterface(_, _, let tagID)?: vlan = tagID
        case .macvtap(_, let netdev, let tagID)?: (vlan, source) = (tagID, netdev)
        case .bridge(_, let bridge, _, _)?: source = bridge
        case nil where vnicType == .macvtap: source = device?.netdevName
        default: break
        }
        let mac: String = switch guestDevice {
        case .hostdevInterface(let mac, _, _)?, .macvtap(let mac, _, _)?, .vdpa(let mac, _)?, .bridge(let mac, _, _, _)?: mac
        case .hostdevPCI?, nil: vnicType == .directPhysical ? device?.macAddress ?? port.macAddress : port.macAddress
        }
        return VirtualInterface(
            portID: port.id, serverID: server.id, networkID: port.networkID, macAddress: mac, vnicType: vnicType.rawValue,
            pciSlot: device?.address, pciRequestID: request?.requestID, vlan: vlan, sourceDevice: source, tag: tag,
            profileKeys: device.map { BindingProfile.keys(for: $0).keys.sorted() } ?? [],
            portCreatedByCompute: portCreatedByCompute ? true : nil)
    }
}
