import ComputeModel
import Foundation
import JSONModel
import Networking
import PCI
import Store
import Virt

extension AttachRunner {
    mutating func bind() async -> AttachSaga.Event {
        guard let device else { return .stepFailed(.internalError("no claimed device to bind")) }
        let binding = PortBinding(
            hostID: manager.hostName, deviceID: server.id.uuidString.lowercased(), deviceOwner: manager.configuration.deviceOwner,
            profile: profile, macAddress: device.type == .physicalFunction ? device.macAddress : nil,
            currentProfile: port.bindingProfile)
        do {
            let bound = try await manager.network.bindPort(port.id, binding)
            // The saga's unbind takes the update back: it was applied even when no
            // driver could bind.
            portMayBeBound = true
            guard bound.vifType != VIFType.bindingFailed, bound.vifType != VIFType.unbound else {
                return .stepFailed(.internalError(
                    "Binding failed for port \(port.id), please check neutron logs for more information.", kind: "PortBindingFailed"))
            }
            boundPort = bound
            let vlan = GuestDeviceBuilder.vlan(of: bound)
            guestDevice = try GuestDeviceBuilder.device(vnicType: vnicType, macAddress: bound.macAddress, vlan: vlan, device: device)
            journal.step = AttachSaga.State.plugging.rawValue
            return .stepSucceeded
        } catch let error as NetworkError {
            // Refused (nothing sent) or refused by Neutron (nothing applied): there is
            // nothing to take back. A timeout or a 5xx may have landed.
            switch error {
            case .unreachable, .portNotFound, .networkNotFound, .badRequest, .conflict: portMayBeBound = false
            case .timedOut, .unavailable: portMayBeBound = true
            }
            return .stepFailed(ComputeManager.mapNetworkError(error))
        } catch let error as ComputeError {
            return .stepFailed(error)
        } catch {
            return .stepFailed(.internalError("Unexpected error.", cause: "\(error)"))
        }
    }

    mutating func plug() async -> AttachSaga.Event {
        guard let guestDevice else { return .stepFailed(.internalError("no guest device to plug")) }
        do {
            try await manager.hypervisor.attach(guestDevice, to: server.id)
            // Not journalled: recovery looks for the device in the domain either way.
            journal.step = AttachSaga.State.committing.rawValue
            return .stepSucceeded
        } catch {
            manager.logger.warning("attach of \(port.id) to \(server.id) failed in the hypervisor: \(error)")
            return .stepFailed(.internalError(
                "Failed to attach network adapter device to \(server.id.uuidString.lowercased()).", kind: "InterfaceAttachFailed",
                cause: "\(error)"))
        }
    }

    /// Device allocated, request and VIF stored, journal closed: one transaction.
    mutating func commit() async -> AttachSaga.Event {
        guard let device, guestDevice != nil else { return .stepFailed(.internalError("nothing to commit")) }
        let vif = interfaceRecord(of: device)
        var journal = journal
        journal.step = AttachSaga.State.succeeded.rawValue
        journal.state = .done
        let serverID = server.id
        let request = request
        // The action's event ends in the same transaction (when this attach has its own).
        let event = recordsEvent ? (name: Self.eventName, requestID: context.requestID) : nil
        do {
            try await manager.tracker.update({ engine in
                try engine.allocate(device.address, for: serverID)
            }, record: { _, db in
                guard try ServerRecords.exists(serverID, in: db) else { throw StoreError.missing("server \(serverID)") }
                try PCIRequestRecords.insert(request, serverID: serverID, in: db)
                try VIFRecords.insert(vif, in: db)
                try JournalRecords.save(journal, in: db)
                if let event {
                    try InstanceActionRecords.finishEvent(event.name, serverID: serverID, requestID: event.requestID,
                                                          action: "attach_interface", error: nil, in: db)
                }
            })
            self.journal = journal
            return .stepSucceeded
        } catch {
            return .stepFailed(.internalError("Failed to record the attach of \(port.id).", kind: "InterfaceAttachFailed", cause: "\(error)"))
        }
    }

    // MARK: Undo

    mutating func unplug() async -> AttachSaga.Event {
        guard let guestDevice else { return .stepSucceeded }
        do {
            let outcome = try await manager.hypervisor.detach(guestDevice, from: server.id, policy: manager.configuration.detachPolicy)
            switch outcome {
            case .removed, .notFound, .domainGone: return .stepSucceeded
            case .removalFailed(let reason): return .stepFailed(.internalError(reason))
            case .timedOut(let attempts): return .stepFailed(.internalError("guest did not release the device after \(attempts) attempts"))
            }
        } catch {
            return .stepFailed(.internalError("the hypervisor could not detach the device", cause: "\(error)"))
        }
    }

    mutating func unbind() async -> AttachSaga.Event {
        guard portMayBeBound else { return .stepSucceeded }
        do {
            _ = try await manager.network.unbindPort(port.id, removingProfileKeys: Array(profile.keys))
            return .stepSucceeded
        } catch .portNotFound {
            // Deleted in the network meanwhile: nothing is bound any more.
            return .stepSucceeded
        } catch {
            return .stepFailed(.internalError("the network could not unbind the port", cause: error.description))
        }
    }

    mutating func freeClaim() async -> AttachSaga.Event {
        guard let device else { return .stepSucceeded }
        var journal = journal
        journal.state = .rolledBack
        journal.step = AttachSaga.State.failed.rawValue
        let serverID = server.id
        do {
            try await manager.tracker.update({ engine in
                try engine.free(device.address, instance: serverID)
            }, record: { _, db in try JournalRecords.save(journal, in: db) })
            self.journal = journal
            return .stepSucceeded
        } catch {
            return .stepFailed(.internalError("the ledger could not free the claim", cause: "\(error)"))
        }
    }

    /// The port as the binding left it (what Nova's show after the attach would read).
    /// The interface as the ledger records it: from the guest device when it was built,
    /// from the port and the device when the attach failed before that.
    func interfaceRecord(of device: PCIDevice) -> VirtualInterface {
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
            profileKeys: Array(profile.keys).sorted())
    }

    /// An undo failed: the device stays the server's, quarantined with the reason, and
    /// the interface is recorded as a commit records it, so that a detach of the port (or
    /// the server's delete) finishes the undo once the guest or the network lets it.
    mutating func quarantineClaim(_ reason: String) async -> AttachSaga.Event {
        guard let device else { return .stepSucceeded }
        let vif = interfaceRecord(of: device)
        var journal = journal
        journal.state = .failed
        journal.step = AttachSaga.State.failed.rawValue
        journal.details["reason"] = reason
        let serverID = server.id
        let request = request
        do {
            try await manager.tracker.update({ engine in
                try engine.allocate(device.address, for: serverID)
                try engine.quarantine(device.address, instance: serverID, reason: reason)
            }, record: { _, db in
                try PCIRequestRecords.insert(request, serverID: serverID, in: db)
                try VIFRecords.insert(vif, in: db)
                try JournalRecords.save(journal, in: db)
            })
            self.journal = journal
            quarantined = true
            manager.logger.error("attach of \(port.id) to \(serverID) could not be undone; \(device.address) quarantined: \(reason)")
            return .stepSucceeded
        } catch {
            return .stepFailed(.internalError("the ledger could not record the quarantine", cause: "\(error)"))
        }
    }

    func attachmentView() -> InterfaceAttachment {
        ComputeManager.attachment(for: boundPort ?? port, tag: tag)
    }
}
