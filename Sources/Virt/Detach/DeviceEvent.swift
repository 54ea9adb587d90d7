/// The hypervisor's word on a device it was asked to unplug from a live guest
/// (VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED / DEVICE_REMOVAL_FAILED), keyed by device alias.
public enum DeviceEvent: Sendable, Hashable {
    case removed
    case removalFailed
}
