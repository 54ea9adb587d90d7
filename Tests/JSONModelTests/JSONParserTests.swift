import Foundation
import JSONModel
import Testing

@Suite("JSON parsing")
struct JSONParserTests {
    @Test("scalars, arrays and objects read as their cases")
    func values() {
        #expect(JSON.parse(#"{"a": [1, 2.5, "x", true, false, null], "b": {}}"#) ==
            .object(["a": .array([.int(1), .number(2.5), .string("x"), .bool(true), .bool(false), .null]), "b": .object([:])]))
        #expect(JSON.parse("[]") == .array([]))
        #expect(JSON.parse(" \t\r\n 7 \n") == .int(7))
        #expect(JSON.parse(#""text""#) == .string("text"))
    }

    @Test("whole numbers that fit an Int are ints, as JSONDecoder reads them", arguments: [
        ("0", JSON.int(0)), ("-0", .int(0)), ("42", .int(42)), ("-17", .int(-17)), ("1.0", .int(1)), ("1e2", .int(100)),
        ("2E+1", .int(20)), ("1.5", .number(1.5)), ("-2.25e-2", .number(-0.0225)),
        ("12345678901234567890", .number(12345678901234567890.0)), ("9223372036854775807", .int(Int.max)),
    ])
    func numbers(text: String, expected: JSON) {
        #expect(JSON.parse(text) == expected)
    }

    @Test("escapes, including a surrogate pair and the solidus")
    func escapes() {
        #expect(JSON.parse(#""a\"b\\c\/d\b\f\n\r\t""#) == .string("a\"b\\c/d\u{08}\u{0C}\n\r\t"))
        #expect(JSON.parse(#""\u00e9\u0000\ud83d\ude00""#) == .string("é\u{0}😀"))
        #expect(JSON.parse(#""naïve ✓""#) == .string("naïve ✓"))
    }

    @Test("text that is not exactly one JSON value is refused", arguments: [
        "", " ", "[1,]", "{\"a\":1,}", "01", "1.", ".5", "-", "+1", "nul", "tru", "\"a\tb\"", "\"open", "[1 2]", "{\"a\" 1}",
        "{1: 2}", "1 2", "[", "]", "{\"a\":}", "\"\\x\"", "\"\\u12\"", "\"\\ud83d\"", "\"\\ud83d\\u0041\"", "1e", "1e+", "NaN",
        "Infinity", "1e400", "[1]x",
    ])
    func refused(text: String) {
        #expect(JSON.parse(text) == nil)
    }

    @Test("invalid UTF-8 inside a string is refused")
    func invalidUTF8() {
        #expect(JSON.parse(Data([0x22, 0xC3, 0x28, 0x22])) == nil)
        #expect(JSON.parse(Data([0x22, 0xC3, 0xA9, 0x22])) == .string("é"))
    }

    @Test("nesting deeper than the limit is refused instead of exhausting the stack")
    func depth() {
        let limit = 512
        let deepest = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
        #expect(JSON.parse(deepest) != nil)
        let tooDeep = String(repeating: "[", count: limit + 1) + String(repeating: "]", count: limit + 1)
        #expect(JSON.parse(tooDeep) == nil)
        #expect(JSON.parse(String(repeating: "[", count: 100_000)) == nil)
    }

    @Test("a later duplicate key wins")
    func duplicateKeys() {
        #expect(JSON.parse(#"{"a": 1, "a": 2}"#) == .object(["a": .int(2)]))
    }

    @Test("what is rendered parses back to the same value")
    func roundTrip() {
        let value: JSON = [
            "name": "vm \"1\"\n", "ids": [1, -2, 3], "ratio": .number(0.125), "nested": ["flag": true, "none": nil],
            "unicode": "ü😀\u{1}",
        ]
        #expect(JSON.parse(value.rendered) == value)
    }

    @Test("quoting escapes what JSON requires, byte for byte, and copies everything else as it is", arguments: [
        ("", #""""#), ("plain", #""plain""#), (#"a"b\c"#, #""a\"b\\c""#), ("\n\r\t", #""\n\r\t""#),
        ("\u{1}x\u{1f}", #""\u0001x\u001f""#), ("\r\n", #""\r\n""#), ("é\"ü😀\u{7f}/", "\"é\\\"ü😀\u{7f}/\""),
        ("<domain type='kvm'>\n  <name>vm</name>\n</domain>", #""<domain type='kvm'>\n  <name>vm</name>\n</domain>""#),
    ])
    func quoting(text: String, quoted: String) {
        #expect(JSON.quote(text) == quoted)
        #expect(JSON.parse(quoted) == .string(text))
    }

    @Test("agrees with JSONSerialization on a mixed document")
    func agreesWithFoundation() throws {
        let text = #"{"port": {"id": "p1", "fixed_ips": [{"ip_address": "10.0.0.5"}], "binding:profile": {"pci_slot": "0000:81:00.1", "physical_network": "physnet1"}, "mtu": 1500}}"#
        let foundation = try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let parsed = try #require(JSON.parse(text))
        let port = try #require(foundation["port"] as? [String: Any])
        #expect(parsed["port"]?["id"] == .string(port["id"] as! String))
        #expect(parsed["port"]?["mtu"] == .int(port["mtu"] as! Int))
        #expect(parsed["port"]?["binding:profile"]?["pci_slot"] == "0000:81:00.1")
        #expect(parsed["port"]?["fixed_ips"]?.arrayValue?.first?["ip_address"] == "10.0.0.5")
    }
}
