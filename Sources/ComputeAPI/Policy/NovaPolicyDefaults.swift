/// Nova's default rules (`nova/policies/*.py`) for the routes this service has, by Nova's
/// rule names and with Nova's check strings; an operator's policy file overrides any of
/// them by name. The `os-pci-devices` and `os-sriov-audit` rules are this service's own,
/// admin-only like Nova's other inventory APIs (hypervisors, services); so is
/// `os-interface-fit:show`, the attach's pre-flight, for whoever may attach.
enum NovaPolicyDefaults {
    static let admin = "rule:context_is_admin"
    static let projectMemberOrAdmin = "rule:project_member_or_admin"
    static let projectReaderOrAdmin = "rule:project_reader_or_admin"
    static let serviceOrAdmin = "rule:service_or_admin"
    static let any = "@"

    static let base: [String: String] = [
        "context_is_admin": "role:admin",
        "admin_or_owner": "is_admin:True or project_id:%(project_id)s",
        "admin_api": "is_admin:True",
        "project_manager_api": "role:manager and project_id:%(project_id)s",
        "project_member_api": "role:member and project_id:%(project_id)s",
        "project_reader_api": "role:reader and project_id:%(project_id)s",
        "project_manager_or_admin": "rule:project_manager_api or rule:context_is_admin",
        "project_member_or_admin": "rule:project_member_api or rule:context_is_admin",
        "project_reader_or_admin": "rule:project_reader_api or rule:context_is_admin",
        "service_api": "role:service",
        "service_or_admin": "rule:service_api or rule:context_is_admin",
    ]

    static let api: [String: String] = [
        "os_compute_api:servers:index": projectReaderOrAdmin,
        "os_compute_api:servers:detail": projectReaderOrAdmin,
        "os_compute_api:servers:index:get_all_tenants": admin,
        "os_compute_api:servers:detail:get_all_tenants": admin,
        "os_compute_api:servers:show": projectReaderOrAdmin,
        "os_compute_api:servers:create": projectMemberOrAdmin,
        "os_compute_api:servers:create:forced_host": admin,
        "os_compute_api:servers:delete": projectMemberOrAdmin,
        "os_compute_api:servers:start": projectMemberOrAdmin,
        "os_compute_api:servers:stop": projectMemberOrAdmin,
        "os_compute_api:servers:reboot": projectMemberOrAdmin,
        "os_compute_api:servers:rebuild": projectMemberOrAdmin,
        "os_compute_api:os-console-output": projectMemberOrAdmin,
        "os_compute_api:os-lock-server:lock": projectMemberOrAdmin,
        "os_compute_api:os-lock-server:unlock": projectMemberOrAdmin,
        "os_compute_api:os-lock-server:unlock:unlock_override": admin,
        "os_compute_api:os-pause-server:pause": projectMemberOrAdmin,
        "os_compute_api:os-pause-server:unpause": projectMemberOrAdmin,
        "os_compute_api:os-suspend-server:suspend": projectMemberOrAdmin,
        "os_compute_api:os-suspend-server:resume": projectMemberOrAdmin,
        "os_compute_api:os-attach-interfaces:list": projectReaderOrAdmin,
        "os_compute_api:os-attach-interfaces:show": projectReaderOrAdmin,
        "os_compute_api:os-attach-interfaces:create": projectMemberOrAdmin,
        "os_compute_api:os-attach-interfaces:delete": projectMemberOrAdmin,
        "os_compute_api:os-interface-fit:show": projectMemberOrAdmin,
        "os_compute_api:os-instance-actions:list": projectReaderOrAdmin,
        "os_compute_api:os-instance-actions:show": projectReaderOrAdmin,
        "os_compute_api:os-instance-actions:events": admin,
        "os_compute_api:os-flavor-manage:create": admin,
        "os_compute_api:os-flavor-manage:delete": admin,
        "os_compute_api:os-flavor-extra-specs:index": projectReaderOrAdmin,
        "os_compute_api:os-flavor-extra-specs:show": projectReaderOrAdmin,
        "os_compute_api:os-flavor-extra-specs:create": admin,
        "os_compute_api:os-flavor-extra-specs:update": admin,
        "os_compute_api:os-flavor-extra-specs:delete": admin,
        "os_compute_api:os-server-external-events:create": serviceOrAdmin,
        "os_compute_api:os-hypervisors:list": admin,
        "os_compute_api:os-hypervisors:list-detail": admin,
        "os_compute_api:os-hypervisors:show": admin,
        "os_compute_api:os-hypervisors:search": admin,
        "os_compute_api:os-hypervisors:servers": admin,
        "os_compute_api:os-services:list": admin,
        "os_compute_api:os-services:update": admin,
        "os_compute_api:os-services:delete": admin,
        "os_compute_api:os-availability-zone:list": any,
        "os_compute_api:os-availability-zone:detail": admin,
        "os_compute_api:os-aggregates:index": admin,
        "os_compute_api:os-pci-devices:index": admin,
        "os_compute_api:os-pci-devices:release": admin,
        "os_compute_api:os-sriov-audit:show": admin,
        "os_compute_api:os-sriov-audit:run": admin,
    ]

    static var all: [String: String] { base.merging(api) { _, rule in rule } }
}
