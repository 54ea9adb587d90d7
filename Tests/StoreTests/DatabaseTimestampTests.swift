import Foundation
import GRDB
import SQLiteStore
import Testing

@Suite struct DatabaseTimestampTests {
    /// GRDB's own text for the same date, which rows written before this type hold.
    static func grdbText(_ date: Date) -> String? {
        String.fromDatabaseValue(date.databaseValue)
    }

    @Test(arguments: [
        0, 1, -1, 0.0005, -0.0005, -626_589_231.9705, 0.9999, 59.999, 951_782_400, 951_868_799.9995, 1_700_000_000.123, 4_102_444_799.999,
        -2_208_988_800, 253_402_300_799,
    ])
    func writesTheTextGRDBWrites(_ seconds: Double) {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(DatabaseTimestamp(date).text == Self.grdbText(date))
    }

    @Test func writesTheTextGRDBWritesForManyDates() {
        var generator = SystemRandomNumberGenerator()
        var differing: [String] = []
        for index in 0..<4_000 {
            // Half of them a millisecond and a half: ICU rounds a half up, also before 1970.
            let milliseconds = Double(Int64.random(in: -3_000_000_000_000...5_000_000_000_000, using: &generator))
                + (index % 2 == 0 ? 0.5 : Double.random(in: 0..<1, using: &generator))
            let date = Date(timeIntervalSince1970: milliseconds / 1000)
            if DatabaseTimestamp(date).text != Self.grdbText(date) { differing.append("\(date.timeIntervalSince1970)") }
        }
        #expect(differing.prefix(5) == [], "\(differing.count) of 4,000 differ")
    }

    @Test func readsBackAsTheDateToTheMillisecond() throws {
        let database = try DatabaseQueue()
        let date = Date(timeIntervalSince1970: 1_765_000_000.25)
        let read = try database.read { db in try Date.fetchOne(db, sql: "SELECT ?", arguments: [DatabaseTimestamp(date)]) }
        #expect(read == date)
        #expect(DatabaseTimestamp.fromDatabaseValue(DatabaseTimestamp(date).databaseValue) == DatabaseTimestamp(date))
    }
}
