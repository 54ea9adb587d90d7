import Foundation

/// The two timestamp spellings Nova's responses use, both in UTC.
enum NovaTime {
    /// `utils.isotime`: `2024-05-01T12:00:00Z` (server and image `created`/`updated`).
    static func iso(_ date: Date) -> String {
        let parts = components(date)
        return "\(parts.date)T\(parts.time)Z"
    }

    /// A naive datetime as Nova's JSON serializer writes it: `2024-05-01T12:00:00.000000`
    /// (instance actions and events, `OS-SRV-USG:launched_at`).
    static func primitive(_ date: Date) -> String {
        let parts = components(date)
        return "\(parts.date)T\(parts.time).\(String(parts.microseconds).leftPadded(to: 6))"
    }

    private static func components(_ date: Date) -> (date: String, time: String, microseconds: Int) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let wholeSeconds = date.timeIntervalSince1970.rounded(.down)
        let micros = min(999_999, Int(((date.timeIntervalSince1970 - wholeSeconds) * 1_000_000).rounded()))
        let day = String(c.year!).leftPadded(to: 4) + "-" + two(c.month!) + "-" + two(c.day!)
        let time = two(c.hour!) + ":" + two(c.minute!) + ":" + two(c.second!)
        return (day, time, micros)
    }

    private static func two(_ value: Int) -> String { String(value).leftPadded(to: 2) }
}
