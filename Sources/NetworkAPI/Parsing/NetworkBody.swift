import APICore
import EmbeddedNetwork
import NetworkModel

/// `{"network": {...}}` → `NetworkCreate` / `NetworkUpdate`.
enum NetworkBody {
    static let provider: Set<String> = ["provider:network_type", "provider:physical_network", "provider:segmentation_id"]
    static let generated: Set<String> = ["status", "subnets", "created_at", "updated_at", "revision_number"]

    static func create(_ body: Result<JSON?, JSONBodyError>) throws(NetworkFault) -> NetworkCreate {
        let attributes = try ResourceBody.parse(
            body, resource: "network",
            schema: .init(
                allowed: Set(["name", "tenant_id", "project_id", "admin_state_up", "shared", "router:external", "mtu",
                    "description"]).union(provider),
                // Neutron's `id` is allow_post False: the service makes every id.
                readOnly: generated.union(["id"])),
            method: .post)
        return NetworkCreate(
            name: try attributes.string("name") ?? "",
            projectID: try attributes.projectID(), adminStateUp: try attributes.bool("admin_state_up") ?? true,
            shared: try attributes.bool("shared") ?? false, external: try attributes.bool("router:external") ?? false,
            mtu: try attributes.int("mtu"), description: try attributes.string("description") ?? "",
            networkType: try attributes.string("provider:network_type"),
            physicalNetwork: try attributes.string("provider:physical_network"),
            segmentationID: try attributes.int("provider:segmentation_id"))
    }

    /// Provider attributes cannot change (ML2: "Plugin does not support updating provider
    /// attributes"); for a non-admin that is a policy refusal first.
    static func update(_ body: Result<JSON?, JSONBodyError>, caller: NetworkCaller) throws(NetworkFault) -> NetworkUpdate {
        let attributes = try ResourceBody.parse(
            body, resource: "network",
            schema: .init(
                allowed: Set(["name", "admin_state_up", "shared", "router:external", "mtu", "description"]).union(provider),
                readOnly: generated.union(["id", "tenant_id", "project_id"])),
            method: .put)
        if let key = provider.sorted().first(where: attributes.has) {
            guard caller.isAdmin else { throw .policyNotAuthorized("update_network:\(key)") }
            throw .invalidInput("Plugin does not support updating provider attributes")
        }
        return NetworkUpdate(
            name: try attributes.string("name"), adminStateUp: try attributes.bool("admin_state_up"),
            shared: try attributes.bool("shared"), external: try attributes.bool("router:external"),
            mtu: try attributes.int("mtu"), description: try attributes.string("description"))
    }
}
