import ComputeModel
import Foundation
import Store

extension ComputeManager {
    /// What `network-changed` found for one interface of the server.
    public enum PortRefresh: Sendable, Hashable {
        /// The port still names the server as it was plugged.
        case unchanged(port: String)
        /// The port still names the server, but what the guest device was built from
        /// (MAC, VLAN) differs now; the guest keeps what was plugged.
        case differs(port: String, what: String)
        /// The port no longer exists or names another server; `network-vif-deleted`
        /// (or the audit) releases the device, never this event.
        case gone(port: String, why: String)
        /// The network could not be asked.
        case unknown(port: String, error: String)
    }

    /// Nova's `network-changed` refreshes the instance's network info cache. Here the
    /// interface list and the server's addresses are read from the network on every
    /// request, so they are never stale; the one copy kept is the interface row, which
    /// holds what the guest device was built from (MAC, VLAN) and must keep it to find
    /// that device again. So the event re-reads the port (`tag`) or every port of the
    /// server, compares it with that row, and reports what changed in the log; nothing is
    /// freed or rewritten on its word.
    @discardableResult
    func refreshPorts(_ portID: String?, serverID: UUID) async -> [PortRefresh] {
        let vifs: [VirtualInterface]
        do {
            vifs = try await read { db in try VIFRecords.fetchAll(serverID: serverID, in: db) }
        } catch {
            logger.error("network-changed for \(serverID): the interfaces could not be read: \(error)")
            return []
        }
        var refreshes: [PortRefresh] = []
        for vif in vifs where portID == nil || vif.portID == portID {
            let refresh = await refresh(vif)
            logger.info("network-changed for \(serverID): \(refresh)")
            refreshes.append(refresh)
        }
        return refreshes
    }

    private func refresh(_ vif: VirtualInterface) async -> PortRefresh {
        let port: NetworkPort
        do {
            port = try await network.port(id: vif.portID)
        } catch .portNotFound {
            return .gone(port: vif.portID, why: "the port no longer exists")
        } catch {
            return .unknown(port: vif.portID, error: error.description)
        }
        guard port.deviceID.lowercased() == vif.serverID.uuidString.lowercased() else {
            return .gone(port: vif.portID, why: "the port names device \(port.deviceID.isEmpty ? "none" : port.deviceID)")
        }
        var changes: [String] = []
        if port.macAddress.lowercased() != vif.macAddress.lowercased() {
            changes.append("MAC \(vif.macAddress) → \(port.macAddress)")
        }
        // Only a guest device that carries a VLAN (a VF's hostdev or macvtap) was built from it.
        let vlan = GuestDeviceBuilder.vlan(of: port)
        if let plugged = vif.vlan, vlan != plugged {
            changes.append("VLAN \(plugged) → \(vlan.map(String.init) ?? "none")")
        }
        return changes.isEmpty ? .unchanged(port: vif.portID) : .differs(port: vif.portID, what: changes.joined(separator: ", "))
    }
}
