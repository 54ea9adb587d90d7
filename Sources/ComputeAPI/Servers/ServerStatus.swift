import ComputeModel

/// Nova's `status` of a server from its vm_state and task_state (`common._STATE_MAP`),
/// limited to the task states that change the answer.
enum ServerStatus {
    static func of(_ server: Server) -> String {
        status(vmState: server.vmState, taskState: server.taskState)
    }

    static func status(vmState: VMState, taskState: String?) -> String {
        guard let taskState else { return vmState.apiStatus }
        switch vmState {
        case .active:
            return activeTasks[taskState] ?? vmState.apiStatus
        case .stopped:
            return resizeOrRebuild[taskState] ?? vmState.apiStatus
        case .paused:
            return taskState == "migrating" ? "MIGRATING" : vmState.apiStatus
        case .error:
            return rebuild[taskState] ?? vmState.apiStatus
        default:
            return vmState.apiStatus
        }
    }

    /// Every status Nova's map can produce, which is what `?status=` may ask for.
    static let known: Set<String> = [
        "ACTIVE", "BUILD", "DELETED", "ERROR", "HARD_REBOOT", "MIGRATING", "PASSWORD", "PAUSED", "REBOOT",
        "REBUILD", "RESCUE", "RESIZE", "REVERT_RESIZE", "SHELVED", "SHELVED_OFFLOADED", "SHUTOFF",
        "SOFT_DELETED", "SUSPENDED", "VERIFY_RESIZE",
    ]

    /// Nova shows `progress` only in these statuses.
    static let withProgress: Set<String> = ["ACTIVE", "BUILD", "REBUILD", "RESIZE", "VERIFY_RESIZE", "MIGRATING"]

    private static let rebuild: [String: String] = [
        "rebuilding": "REBUILD", "rebuild_block_device_mapping": "REBUILD", "rebuild_spawning": "REBUILD",
    ]

    private static let resizeOrRebuild: [String: String] = rebuild.merging([
        "resize_prep": "RESIZE", "resize_migrating": "RESIZE", "resize_migrated": "RESIZE", "resize_finish": "RESIZE",
    ]) { first, _ in first }

    private static let activeTasks: [String: String] = resizeOrRebuild.merging([
        "rebooting": "REBOOT", "reboot_pending": "REBOOT", "reboot_started": "REBOOT",
        "rebooting_hard": "HARD_REBOOT", "reboot_pending_hard": "HARD_REBOOT", "reboot_started_hard": "HARD_REBOOT",
        "updating_password": "PASSWORD", "migrating": "MIGRATING",
    ]) { first, _ in first }
}
