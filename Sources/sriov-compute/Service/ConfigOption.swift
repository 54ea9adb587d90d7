import App
import ArgumentParser

/// `--config FILE`, shared by the commands that read the service's configuration.
struct ConfigOption: ParsableArguments {
    @Option(name: .long, help: "A TOML configuration file (DESIGN §7). Without it: the embedded defaults under ./sriov-data.")
    var config: String?

    func load() throws -> ServiceConfiguration {
        guard let config else { return ServiceConfiguration() }
        do {
            return try ServiceConfiguration(tomlFile: config)
        } catch {
            throw ValidationError(error.description)
        }
    }
}
