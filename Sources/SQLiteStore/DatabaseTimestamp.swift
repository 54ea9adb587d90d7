import Foundation
import GRDB

/// A date as the database stores it: GRDB's text format, `yyyy-MM-dd HH:mm:ss.SSS` in UTC,
/// written here with integer arithmetic.
///
/// Why not bind `Date` itself: GRDB formats it with a `DateFormatter`, whose
/// `en_US_POSIX` locale loads ICU's data the first time (5.3 MB of resident memory and its
/// CPU, in the middle of start-up, for the host row's timestamp). The text is the same
/// (to the nearest millisecond, a half up, as ICU rounds `SSS`), so rows written before
/// read the same and GRDB still decodes them as `Date`.
public struct DatabaseTimestamp: DatabaseValueConvertible, Sendable, Equatable {
    public let date: Date

    public init(_ date: Date) {
        self.date = date
    }

    public var text: String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000 + 0.5).rounded(.down))
        let (days, millisecondOfDay) = Self.floorDivision(milliseconds, 86_400_000)
        let (year, month, day) = Self.civilDate(daysSince1970: days)
        let second = millisecondOfDay / 1000
        var text = ""
        text.reserveCapacity(23)
        Self.append(year, width: 4, to: &text)
        text += "-"
        Self.append(month, width: 2, to: &text)
        text += "-"
        Self.append(day, width: 2, to: &text)
        text += " "
        Self.append(second / 3600, width: 2, to: &text)
        text += ":"
        Self.append(second / 60 % 60, width: 2, to: &text)
        text += ":"
        Self.append(second % 60, width: 2, to: &text)
        text += "."
        Self.append(millisecondOfDay % 1000, width: 3, to: &text)
        return text
    }

    public var databaseValue: DatabaseValue { text.databaseValue }

    public static func fromDatabaseValue(_ value: DatabaseValue) -> DatabaseTimestamp? {
        Date.fromDatabaseValue(value).map(DatabaseTimestamp.init)
    }

    private static func floorDivision(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let quotient = value / divisor - (value % divisor < 0 ? 1 : 0)
        return (quotient, value - quotient * divisor)
    }

    /// Howard Hinnant's `civil_from_days`: the proleptic Gregorian date of a day count.
    private static func civilDate(daysSince1970 days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468
        let era = floorDivision(shifted, 146_097).quotient
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func append(_ value: Int64, width: Int, to text: inout String) {
        let digits = String(value)
        if digits.count < width { text += String(repeating: "0", count: width - digits.count) }
        text += digits
    }
}
