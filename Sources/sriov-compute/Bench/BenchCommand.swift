import ArgumentParser

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks that print one JSON object per line.",
        subcommands: [BenchPCICommand.self, BenchAttachCommand.self, BenchValidationCommand.self, BenchRecoveryCommand.self, BenchMetricsCommand.self,
                      BenchTokensCommand.self, BenchJSONCommand.self, BenchClusterCommand.self, BenchStoreCommand.self]
    )
}
