import App

/// The error a configuration text stops start-up with, or nil when it is accepted.
func refusal(_ toml: String) -> ConfigurationError? {
    do {
        _ = try ServiceConfiguration(toml: toml)
        return nil
    } catch {
        return error
    }
}
