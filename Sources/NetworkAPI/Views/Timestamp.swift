import Foundation

/// Neutron's `created_at`/`updated_at`: `2026-11-25T10:00:00Z` (UTC, whole seconds).
enum Timestamp {
    static func render(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }
}
