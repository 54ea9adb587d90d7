import APICore

/// The API extensions the embedded network implements, as `GET /v2.0/extensions` lists
/// them. Clients decide what to send from this list: `multi-provider` is absent so Nova
/// reads `provider:*` (§5.1), `binding-extended` is absent because there is no
/// `/ports/{id}/bindings` API, `dns-integration` is absent so no `dns_name` is sent, and
/// `security-group` is absent because there are no security groups.
enum ExtensionCatalog {
    struct Extension {
        var alias: String
        var name: String
        var description: String
        var updated: String

        var json: JSON {
            [
                "alias": .string(alias), "name": .string(name), "description": .string(description),
                "updated": .string(updated), "links": [],
            ]
        }
    }

    static let all: [Extension] = [
        Extension(
            alias: "binding", name: "Port Binding",
            description: "Expose port bindings of a virtual port to external application",
            updated: "2014-02-03T10:00:00-00:00"),
        Extension(
            alias: "provider", name: "Provider Network",
            description: "Expose mapping of virtual networks to physical networks", updated: "2012-09-07T10:00:00-00:00"),
        Extension(
            alias: "external-net", name: "Neutron external network",
            description: "Adds external network attribute to network resource.", updated: "2013-01-14T10:00:00-00:00"),
        Extension(
            alias: "port-numa-affinity-policy", name: "Port NUMA affinity policy",
            description: "Expose the port NUMA affinity policy", updated: "2020-07-30T10:00:00-00:00"),
        Extension(
            alias: "network-mtu", name: "Network MTU",
            description: "Provides MTU attribute for a network resource.", updated: "2015-03-25T10:00:00-00:00"),
        Extension(
            alias: "net-mtu-writable", name: "Network MTU (writable)",
            description: "Provides a writable MTU attribute for a network resource.",
            updated: "2017-07-12T00:00:00-00:00"),
        Extension(
            alias: "project-id", name: "project_id field enabled",
            description: "Extension that indicates that project_id field is enabled.",
            updated: "2016-09-09T09:09:09-09:09"),
        Extension(
            alias: "standard-attr-description", name: "standard-attr-description",
            description: "Extension to add descriptions to standard attributes", updated: "2016-02-10T10:00:00-00:00"),
        Extension(
            alias: "standard-attr-timestamp", name: "Resource timestamps",
            description: "Adds created_at and updated_at fields to all Neutron resources that have Neutron standard attributes.",
            updated: "2016-09-12T10:00:00-00:00"),
        Extension(
            alias: "standard-attr-revisions", name: "Resource revision numbers",
            description: "This extension will display the revision number of neutron resources.",
            updated: "2016-04-11T10:00:00-00:00"),
    ]

    static func find(_ alias: String) -> Extension? { all.first { $0.alias == alias } }
}
