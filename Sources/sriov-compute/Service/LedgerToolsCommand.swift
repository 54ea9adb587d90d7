import App
import ArgumentParser
import Logging

/// How the commands that change the ledger while the service is stopped open it.
enum LedgerToolsCommand {
    /// Refusals (no database, the service running, a bad configuration) end the command
    /// with their message, without the usage text a wrong command line gets.
    static func open(_ configuration: ServiceConfiguration, tool: String, exclusive: Bool = true) async throws -> LedgerTools {
        var logger = Logger(label: tool)
        logger.logLevel = .error
        do {
            return try await LedgerTools.open(configuration, tool: tool, exclusive: exclusive, logger: logger)
        } catch let error as ServiceLockError {
            throw ToolRefusal(description: error.description)
        } catch let error as ConfigurationError {
            throw ToolRefusal(description: error.description)
        }
    }
}

/// Why a tool would not run; ArgumentParser prints it as `Error: …` and exits 1.
struct ToolRefusal: Error, CustomStringConvertible {
    let description: String
}
