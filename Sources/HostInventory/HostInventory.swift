import PCI

/// The one-call entry point: scan a sysfs tree.
public enum HostInventory {
    public static let defaultRoot = "/sys"

    public static func scan(root: String = defaultRoot) throws(InventoryError) -> HostSnapshot {
        try SysfsScanner(root: root).scan()
    }
}
