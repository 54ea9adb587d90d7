import Logging

extension ServiceConfiguration {
    /// The service's logger in the configured format, on standard error. Not the process-wide
    /// `LoggingSystem.bootstrap`: the libraries' loggers come from this one (Hummingbird's
    /// request loggers, the libvirt driver's), and tests run several services in one process.
    public func logger(label: String, level: Logger.Level) -> Logger {
        var logger = switch logFormat {
        case .text: Logger(label: label)
        case .json: Logger(label: label) { label in JSONLogHandler(label: label) }
        }
        logger.logLevel = level
        return logger
    }
}
