import GRDB
import NetworkModel

/// The embedded network's tables, in the service's one database. Names carry a `net_`
/// prefix so they cannot collide with the compute store's tables; migration identifiers
/// carry `networking-` so the app can run them on its own migrator.
enum NetworkingMigrations {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("networking-v1") { db in
            try db.create(table: "net_networks") { table in
                table.primaryKey("id", .text)
                table.column("name", .text).notNull()
                table.column("project_id", .text).notNull().indexed()
                table.column("status", .text).notNull()
                table.column("admin_state_up", .boolean).notNull()
                table.column("shared", .boolean).notNull()
                table.column("external", .boolean).notNull()
                table.column("mtu", .integer).notNull()
                table.column("network_type", .text).notNull()
                table.column("physical_network", .text)
                table.column("segmentation_id", .integer)
                table.column("description", .text).notNull()
                table.column("created_at", .datetime).notNull()
                table.column("updated_at", .datetime).notNull()
                table.column("revision_number", .integer).notNull()
            }
            try db.create(table: "net_subnets") { table in
                table.primaryKey("id", .text)
                // Subnets go with their network; a network with ports is never deleted.
                table.column("network_id", .text).notNull().indexed()
                    .references("net_networks", onDelete: .cascade)
                table.column("name", .text).notNull()
                table.column("project_id", .text).notNull()
                table.column("ip_version", .integer).notNull()
                table.column("cidr", .text).notNull()
                table.column("gateway_ip", .text)
                /// JSON: `[{"start": …, "end": …}]`.
                table.column("allocation_pools", .text).notNull()
                table.column("enable_dhcp", .boolean).notNull()
                /// JSON: `["8.8.8.8"]`.
                table.column("dns_nameservers", .text).notNull()
                table.column("description", .text).notNull()
                table.column("created_at", .datetime).notNull()
                table.column("updated_at", .datetime).notNull()
                table.column("revision_number", .integer).notNull()
            }
            try db.create(table: "net_ports") { table in
                table.primaryKey("id", .text)
                // RESTRICT: deleting a network that still has ports is NetworkInUse.
                table.column("network_id", .text).notNull().indexed()
                    .references("net_networks", onDelete: .restrict)
                table.column("name", .text).notNull()
                table.column("project_id", .text).notNull().indexed()
                table.column("mac_address", .text).notNull()
                table.column("status", .text).notNull()
                table.column("admin_state_up", .boolean).notNull()
                table.column("device_id", .text).notNull().indexed()
                table.column("device_owner", .text).notNull()
                table.column("binding_host_id", .text).notNull()
                table.column("vnic_type", .text).notNull()
                /// JSON object.
                table.column("binding_profile", .text).notNull()
                table.column("vif_type", .text).notNull()
                /// JSON object.
                table.column("vif_details", .text).notNull()
                table.column("numa_affinity_policy", .text)
                table.column("description", .text).notNull()
                table.column("created_at", .datetime).notNull()
                table.column("updated_at", .datetime).notNull()
                table.column("revision_number", .integer).notNull()
                // Neutron's constraint: a MAC is unique within its network.
                table.uniqueKey(["network_id", "mac_address"])
            }
            try db.create(table: "net_ip_allocations") { table in
                table.column("subnet_id", .text).notNull().references("net_subnets", onDelete: .restrict)
                table.column("ip_address", .text).notNull()
                table.column("port_id", .text).notNull().indexed().references("net_ports", onDelete: .cascade)
                /// Keeps `fixed_ips` in the order they were requested.
                table.column("position", .integer).notNull()
                // An address is handed out once per subnet.
                table.primaryKey(["subnet_id", "ip_address"])
            }
        }
    }
}
