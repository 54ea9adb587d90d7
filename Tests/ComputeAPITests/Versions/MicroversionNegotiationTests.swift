@testable import ComputeAPI
import Testing

@Suite("Microversion negotiation")
struct MicroversionNegotiationTests {
    private func negotiate(_ standard: String?, _ legacy: String?) -> Result<Microversion, MicroversionError> {
        Microversion.negotiate(standard: standard, legacy: legacy)
    }

    @Test("no header at all is 2.1")
    func defaultVersion() {
        #expect(negotiate(nil, nil) == .success(Microversion(2, 1)))
    }

    @Test("the standard header names the compute version")
    func standard() {
        #expect(negotiate("compute 2.47", nil) == .success(Microversion(2, 47)))
        #expect(negotiate("  COMPUTE   2.60  ", nil) == .success(Microversion(2, 60)))
    }

    @Test("the legacy header is read when the standard one is absent")
    func legacy() {
        #expect(negotiate(nil, "2.70") == .success(Microversion(2, 70)))
        #expect(negotiate(nil, " 2.70 ") == .success(Microversion(2, 70)))
    }

    @Test("the standard header wins over the legacy one")
    func standardWins() {
        #expect(negotiate("compute 2.10", "2.20") == .success(Microversion(2, 10)))
    }

    @Test("a standard header without a compute entry falls back to the legacy one")
    func otherService() {
        #expect(negotiate("placement 1.20", "2.20") == .success(Microversion(2, 20)))
        #expect(negotiate("placement 1.20", nil) == .success(Microversion(2, 1)))
    }

    @Test("the last compute entry of a list wins, as microversion_parse reads it")
    func lastEntryWins() {
        #expect(negotiate("compute 2.5, placement 1.3, compute 2.9", nil) == .success(Microversion(2, 9)))
        #expect(negotiate(nil, "2.3, 2.4") == .success(Microversion(2, 4)))
    }

    @Test("latest is the maximum; other spellings are malformed")
    func latest() {
        #expect(negotiate("compute latest", nil) == .success(Microversion(2, 104)))
        #expect(negotiate(nil, "latest") == .success(Microversion(2, 104)))
        #expect(negotiate("compute Latest", nil) == .failure(.malformed("Latest")))
    }

    @Test("well-formed versions outside 2.1–2.104 are unsupported (406)", arguments: ["2.105", "2.0", "3.0", "1.1", "2.1000"])
    func outOfRange(version: String) {
        let result = negotiate("compute \(version)", nil)
        #expect(result == .failure(.unsupported(Microversion(parsing: version)!)))
        if case .failure(let error) = result { #expect(error.httpStatus == 406) }
    }

    @Test("malformed versions are 400s", arguments: ["2", "abc", "2.1.1", "2.01", "v2.1"])
    func malformed(version: String) {
        let result = negotiate(nil, version)
        #expect(result == .failure(.malformed(version)))
        if case .failure(let error) = result { #expect(error.httpStatus == 400) }
    }

    @Test("an empty legacy header reaches the parser and fails, as in Nova")
    func emptyLegacy() {
        #expect(negotiate(nil, "") == .failure(.malformed("")))
    }

    @Test("Nova's texts")
    func messages() {
        #expect(MicroversionError.unsupported(Microversion(2, 105)).message
            == "Version 2.105 is not supported by the API. Minimum is 2.1 and maximum is 2.104.")
        #expect(MicroversionError.malformed("abc").message
            == "API Version String abc is of invalid format. Must be of format MajorNum.MinorNum.")
    }
}
