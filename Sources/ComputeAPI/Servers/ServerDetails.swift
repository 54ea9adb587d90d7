import ComputeModel
import Foundation
import JSONModel

/// Gathers what a detailed server view needs beyond the `Server` itself — its flavor and
/// its addresses — from the compute service, reading each flavor once per request.
struct ServerDetails {
    let service: any ComputeService
    let context: ComputeModel.RequestContext
    private var flavors: [String: Flavor?] = [:]

    init(service: any ComputeService, context: ComputeModel.RequestContext) {
        self.service = service
        self.context = context
    }

    /// The flavor, or `nil` when it no longer exists (the view then shows `{}`).
    mutating func flavor(_ id: String) async throws -> Flavor? {
        if let cached = flavors[id] { return cached }
        let found: Flavor?
        do throws(ComputeError) {
            found = try await service.flavor(id: id, context: context)
        } catch .flavorNotFound {
            found = nil
        }
        flavors[id] = found
        return found
    }

    /// `{"<network name>": [{"version", "addr", "OS-EXT-IPS:type", "OS-EXT-IPS-MAC:mac_addr"}]}`.
    /// Hidden while the server builds, as in Nova. The MAC comes from the port that holds the
    /// address (the address listing does not carry it).
    func addresses(of server: Server) async throws -> JSON {
        guard server.vmState != .building else { return [:] }
        let byNetwork = try await service.addresses(of: server.id, context: context)
        guard !byNetwork.isEmpty else { return [:] }
        var macByAddress: [String: String] = [:]
        for attachment in try await service.interfaces(of: server.id, context: context) {
            for fixedIP in attachment.fixedIPs ?? [] { macByAddress[fixedIP.ipAddress] = attachment.macAddress }
        }
        var result: [String: JSON] = [:]
        for (network, fixedIPs) in byNetwork {
            result[network] = .array(fixedIPs.map { fixedIP in
                var entry: [String: JSON] = [
                    "version": fixedIP.ipAddress.contains(":") ? 6 : 4,
                    "addr": .string(fixedIP.ipAddress),
                    "OS-EXT-IPS:type": "fixed",
                ]
                if let mac = macByAddress[fixedIP.ipAddress] { entry["OS-EXT-IPS-MAC:mac_addr"] = .string(mac) }
                return .object(entry)
            })
        }
        return .object(result)
    }

    /// The detailed view of one server.
    mutating func view(_ server: Server, in view: ServerView, isShow: Bool) async throws -> JSON {
        let flavor = view.version.supports(.v2(47)) ? try await self.flavor(server.flavorID) : nil
        return view.detail(server, flavor: flavor, addresses: try await addresses(of: server), isShow: isShow)
    }
}
