import Foundation
#if canImport(Glibc)
import Glibc
#endif
import JSONModel
import Logging

/// `[log] format = "json"`: one JSON object per line on standard error, for log shippers.
/// Each line has the time (UTC, milliseconds), the level, the logger's label, the message
/// and every metadata key (an operation's lines carry `request_id`, `server_id`, `port_id`
/// and `pci_slot`), the call's own metadata over the logger's.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    let label: String
    let write: @Sendable (String) -> Void

    public init(label: String, write: @escaping @Sendable (String) -> Void = JSONLogHandler.standardError) {
        self.label = label
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var object: [String: JSON] = [:]
        for (key, value) in metadata { object[key] = Self.json(value) }
        for (key, value) in event.metadata ?? [:] { object[key] = Self.json(value) }
        object["time"] = .string(Self.timestamp(Date()))
        object["level"] = .string(event.level.rawValue)
        object["logger"] = .string(label)
        object["message"] = .string(event.message.description)
        if let error = event.error { object["error"] = .string(String(describing: error)) }
        write(JSON.object(object).rendered + "\n")
    }

    static func json(_ value: Logger.MetadataValue) -> JSON {
        switch value {
        case .string(let text): .string(text)
        case .stringConvertible(let value): .string(value.description)
        case .array(let values): .array(values.map(json))
        case .dictionary(let members): .object(members.mapValues(json))
        }
    }

    /// `2026-12-06T08:41:18.123Z`: gmtime, without a formatter object to share between threads.
    static func timestamp(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        var whole = time_t(seconds.rounded(.down))
        var parts = tm()
        gmtime_r(&whole, &parts)
        let milliseconds = min(999, Int(((seconds - seconds.rounded(.down)) * 1000).rounded()))
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let fraction = milliseconds < 10 ? "00\(milliseconds)" : milliseconds < 100 ? "0\(milliseconds)" : "\(milliseconds)"
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)).\(fraction)Z"
    }

    /// One `write(2)` per line, so that lines from several threads never interleave (a
    /// line under PIPE_BUF is written whole to a pipe; stderr is unbuffered).
    @Sendable public static func standardError(_ line: String) {
        var bytes = Array(line.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(2, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { if errno == EINTR { continue }; return }
                offset += written
            }
        }
    }
}
