import ArgumentParser

@main
struct SRIOVCompute: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sriov-compute",
        abstract: "A compute service that attaches and detaches SR-IOV interfaces to running servers.",
        subcommands: [ServeCommand.self, DemoCommand.self, PCICommand.self, AuditCommand.self, FakeSysfsCommand.self, InventoryCommand.self, BenchCommand.self]
    )
}
