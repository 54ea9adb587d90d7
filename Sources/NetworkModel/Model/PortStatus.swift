/// Neutron's port `status` values.
public enum PortStatus {
    public static let active = "ACTIVE"
    public static let down = "DOWN"
    public static let build = "BUILD"
    public static let error = "ERROR"

    /// What `setStatus` accepts (Neutron's agents report these).
    public static let all: Set<String> = [active, down, build, error]
}
