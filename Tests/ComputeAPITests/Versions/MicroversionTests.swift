@testable import ComputeAPI
import Testing

@Suite("Microversion value")
struct MicroversionTests {
    @Test("parses X.Y as Nova's regular expression does", arguments: [
        ("2.1", Microversion(2, 1)), ("2.0", Microversion(2, 0)), ("2.96", Microversion(2, 96)),
        ("10.100", Microversion(10, 100)), ("3.0", Microversion(3, 0)),
    ])
    func parsesValid(text: String, expected: Microversion) {
        #expect(Microversion(parsing: text) == expected)
    }

    @Test("refuses everything else", arguments: [
        "2", "2.", ".1", "2.01", "02.1", "0.1", "2.1.1", " 2.1", "2.1 ", "", "a.b", "-2.1", "2.-1", "2,1", "latest",
        "+2.1", "2.1a", "１.２", "99999999999.1",
    ])
    func refusesInvalid(text: String) {
        #expect(Microversion(parsing: text) == nil)
    }

    @Test("orders numerically, not as text")
    func ordering() {
        #expect(Microversion(2, 9) < Microversion(2, 10))
        #expect(Microversion(2, 96) > Microversion(2, 9))
        #expect(Microversion(3, 0) > Microversion(2, 96))
        #expect(!(Microversion(2, 47) < Microversion(2, 47)))
        #expect([Microversion(2, 10), Microversion(2, 2), Microversion(2, 1)].sorted()
            == [Microversion(2, 1), Microversion(2, 2), Microversion(2, 10)])
    }

    @Test("supports means at least")
    func supports() {
        #expect(Microversion(2, 47).supports(.v2(47)))
        #expect(Microversion(2, 70).supports(.v2(47)))
        #expect(!Microversion(2, 46).supports(.v2(47)))
    }

    @Test("prints X.Y and knows the served range")
    func description() {
        #expect(Microversion(2, 70).description == "2.70")
        #expect(Microversion.minimum.description == "2.1")
        #expect(Microversion.maximum.description == "2.104")
    }
}
