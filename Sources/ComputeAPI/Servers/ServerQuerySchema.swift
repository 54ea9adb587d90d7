/// Nova's query-string schemas for `GET /servers[/detail]` (`schemas/servers.py`): every
/// known parameter is a list of strings; `limit` must be a non-negative integer; unknown
/// parameters are accepted until 2.75 and refused from it.
enum ServerQuerySchema {
    /// Joined-table names Nova keeps in the schema only to refuse them later with
    /// "Invalid filter field".
    static let joinedTables: Set<String> = [
        "block_device_mapping", "services", "metadata", "system_metadata", "info_cache", "security_groups",
        "pci_devices",
    ]

    private static let base = [
        "user_id", "project_id", "tenant_id", "launch_index", "image_ref", "image", "kernel_id", "ramdisk_id",
        "hostname", "key_name", "power_state", "vm_state", "task_state", "host", "node", "flavor",
        "reservation_id", "launched_at", "terminated_at", "availability_zone", "name", "display_name",
        "description", "display_description", "locked_by", "uuid", "root_device_name", "config_drive",
        "access_ip_v4", "access_ip_v6", "auto_disk_config", "progress", "sort_key", "sort_dir", "all_tenants",
        "soft_deleted", "deleted", "status", "changes-since", "ip", "ip6", "created_at",
    ]

    static func index(for version: Microversion) -> Schema {
        var names = base + joinedTables.sorted()
        if version.supports(.v2(26)) { names += ["tags", "tags-any", "not-tags", "not-tags-any"] }
        if version.supports(.v2(66)) { names.append("changes-before") }
        if version.supports(.v2(73)) { names.append("locked") }
        var properties = names.map { (name: $0, schema: stringList) }
        properties.append((name: "limit", schema: Schema([.type([.array]), .items(.integerOrString(minimum: 0))])))
        properties.append((name: "marker", schema: stringList))
        return Schema([
            .type([.object]),
            .properties(properties),
            .additionalProperties(!version.supports(.v2(75))),
            // Private names pass the schema so that the handler can refuse them by name.
            .patternProperties([(pattern: "^_", schema: stringList)]),
        ])
    }

    /// `parameter_types.common_query_param`.
    static let stringList = Schema([.type([.array]), .items(Schema([.type([.string])]))])
}
