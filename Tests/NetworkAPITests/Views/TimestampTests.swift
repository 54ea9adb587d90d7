import Foundation
import Testing

@testable import NetworkAPI

@Suite("Timestamp")
struct TimestampTests {
    @Test("renders Neutron's UTC format with whole seconds")
    func format() {
        #expect(Timestamp.render(Date(timeIntervalSince1970: 1_795_600_000)) == "2026-11-25T09:46:40Z")
        #expect(Timestamp.render(Date(timeIntervalSince1970: 0.9)) == "1970-01-01T00:00:00Z")
    }
}
