import ComputeModel
import Foundation
import JSONModel
import Networking
import PCI
import Store
import Virt

/// Executes an `AttachSaga` against the ledger, the network and the hypervisor, writing
/// the journal with every step. Runs under the server's lock.
struct AttachRunner: Sendable {
    static let eventName = "compute_attach_interface"

    let manager: ComputeManager
    let server: Server
    let port: NetworkPort
    let vnicType: VNICType
    let request: PCIRequest
    let tag: String?
    let context: RequestContext
    var journal: JournalEntry
    var device: PCIDevice?
    var profile: [String: JSON] = [:]
    var guestDevice: GuestDevice?
    var boundPort: NetworkPort?
    /// Whether the bind update may have reached the network, so the undo must take it back.
    var portMayBeBound = false
    /// False when the attach is part of a boot, whose own event reports it.
    var recordsEvent = true
    /// An undo failed and the device was quarantined: the undo is retried in the background.
    var quarantined = false

    init(manager: ComputeManager, server: Server, port: NetworkPort, vnicType: VNICType, request: PCIRequest, tag: String?, context: RequestContext) {
        self.manager = manager
        self.server = server
        self.port = port
        self.vnicType = vnicType
        self.request = request
        self.tag = tag
        self.context = context
        journal = JournalEntry(kind: .attach, serverID: server.id, portID: port.id, step: AttachSaga.State.claiming.rawValue,
                               details: ["request_id": request.requestID.uuidString], requestID: context.requestID)
    }

    /// `recordEvent` is false when the attach is part of a boot, whose own event reports it.
    mutating func run(recordEvent: Bool = true) async throws(ComputeError) -> InterfaceAttachment {
        recordsEvent = recordEvent
        var saga = AttachSaga()
        var action = saga.start()
        while true {
            switch action {
            case .claimDevice: action = saga.handle(await claim())
            case .bindPort: action = saga.handle(await bind())
            case .plugDevice: action = saga.handle(await plug())
            case .commit: action = saga.handle(await commit())
            case .unplugDevice: action = saga.handle(await unplug())
            case .unbindPort: action = saga.handle(await unbind())
            case .freeClaim: action = saga.handle(await freeClaim())
            case .quarantineClaim(let reason): action = saga.handle(await quarantineClaim(reason))
            case .finishSucceeded:
                // The commit ended the event already.
                return attachmentView()
            case .finishFailed(let error, let leftovers):
                // The event's details are the admin's traceback (as in Nova): the cause
                // (libvirt's refusal, say) belongs there, never in the client's answer.
                var details = error.cause.map { error.message + "\n" + $0 } ?? error.message
                if !leftovers.isEmpty { details += " (undo incomplete: " + leftovers.joined(separator: "; ") + ")" }
                if recordEvent {
                    await manager.finishEvent(Self.eventName, action: "attach_interface", server: server.id, requestID: context.requestID, error: details)
                }
                if quarantined {
                    let manager = manager, portID = port.id, serverID = server.id
                    await manager.backgroundTasks.start { await manager.retryUndoOfAttach(portID: portID, serverID: serverID) }
                }
                throw error
            }
        }
    }

    // MARK: Steps

    /// The claim and the journal row that says how to undo everything after it, in one
    /// transaction: what recovery needs to find the guest device and unbind the port is
    /// known once the device is, so no later step has to write the journal again.
    mutating func claim() async -> AttachSaga.Event {
        let numa = server.numaCells.map(InstanceNUMATopology.init(cells:))
        let serverID = server.id
        let request = request
        let base = journal
        let vnicType = vnicType
        let mac = port.macAddress
        let host = manager.hostName
        do {
            let (claimed, journal) = try await manager.tracker.update({ engine in
                let address = try engine.claim(request, for: serverID, numa: numa)[0]
                guard let device = engine.device(at: address) else { throw PCIDeviceError.notFound(host: host, address: address) }
                return (device, Self.journal(base, claiming: device, vnicType: vnicType, mac: mac))
            }, record: { claimed, db in
                try JournalRecords.save(claimed.1, in: db)
            })
            self.journal = journal
            device = claimed
            profile = BindingProfile.keys(for: claimed)
            return .stepSucceeded
        } catch let failure as PCIClaimFailure {
            return .stepFailed(.badRequest(failure.message(context: "during interface attach")))
        } catch {
            return .stepFailed(.internalError("PCI claim failed.", kind: "PciDeviceRequestFailed", cause: "\(error)"))
        }
    }

    /// The journal of a claimed device: its slot, and how recovery rebuilds the guest
    /// device (vnic type, MAC; lookup ignores the VLAN) and unbinds the port (profile keys).
    static func journal(_ base: JournalEntry, claiming device: PCIDevice, vnicType: VNICType, mac: String) -> JournalEntry {
        var journal = base
        journal.step = AttachSaga.State.binding.rawValue
        journal.details["pci_slot"] = device.address.description
        journal.details["vnic_type"] = vnicType.rawValue
        journal.details["mac"] = mac
        journal.details["profile_keys"] = BindingProfile.keys(for: device).keys.sorted().joined(separator: ",")
        return journal
    }
}
