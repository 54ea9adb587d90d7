import APICore
@testable import ComputeAPI
import Foundation
import JSONModel
import Testing

/// Findings of the outside hostile-input test (issue 10) at the compute API: each request
/// here killed the process, answered 500, or took seconds before its fix.
@Suite("Hostile input")
struct HostileInputTests {
    static let bootFields = #""name": "vm", "flavorRef": "1", "imageRef": "", "networks": "none""#

    /// `1e30` in an integer field trapped in `Int(_:)` ("Double value cannot be converted to
    /// Int because the result would be greater than Int.max") and the service exited.
    @Test("out-of-range numbers in integer fields answer 400, as Nova", arguments: [
        (#"{"server": {\#(bootFields), "min_count": -1e30}}"#,
         "Invalid input for field/attribute min_count. Value: -1e+30. -1000000000000000019884624838656 is less than the minimum of 1"),
        (#"{"server": {\#(bootFields), "max_count": -1e30}}"#,
         "Invalid input for field/attribute max_count. Value: -1e+30. -1000000000000000019884624838656 is less than the minimum of 1"),
        // Valid for the schema, as in Nova (where the quota then refuses it); one server per request here.
        (#"{"server": {\#(bootFields), "min_count": 1e30}}"#,
         "This service creates one server per request: min_count and max_count must be 1."),
        (#"{"server": {\#(bootFields), "max_count": 1e30}}"#,
         "This service creates one server per request: min_count and max_count must be 1."),
        (#"{"server": {\#(bootFields), "min_count": 1e308, "max_count": 1e308}}"#,
         "This service creates one server per request: min_count and max_count must be 1."),
    ])
    func hugeCounts(body: String, message: String) async throws {
        try await APIHarness().run { api in
            let response = try await api.send(.post, "/v2.1/servers", version: "2.37", raw: body)
            #expect(response.status == 400)
            #expect(response.faultMessage == message)
        }
    }

    @Test("an admin flavor with ram 1e30 answers Nova's maximum message")
    func hugeFlavorRAM() async throws {
        try await APIHarness().run { api in
            let response = try await api.send(.post, "/v2.1/flavors", version: "2.1",
                                              raw: #"{"flavor": {"name": "f", "ram": 1e30, "vcpus": 1, "disk": 0}}"#)
            #expect(response.status == 400)
            #expect(response.faultMessage
                == "Invalid input for field/attribute ram. Value: 1e+30. 1000000000000000019884624838656 is greater than the maximum of 2147483647")
        }
    }

    @Test("whole numbers beyond Int print every digit, as Python's int()", arguments: [
        (1e30, "1000000000000000019884624838656"),
        (-1e30, "-1000000000000000019884624838656"),
        (9_223_372_036_854_775_808.0, "9223372036854775808"),
        (-9_223_372_036_854_775_808.0, "-9223372036854775808"),
        (4096.0, "4096"),
    ])
    func pythonIntegers(value: Double, text: String) {
        #expect(PythonRepr.integer(value) == text)
    }

    /// Over 1 MiB answered 500 (`NIOTooManyBytesError`).
    @Test("a body over 1 MiB answers 413 in Nova's fault shape")
    func oversizedBody() async throws {
        try await APIHarness().run { api in
            let padding = String(repeating: "a", count: RequestLimits.maximumBodyBytes)
            let response = try await api.send(.post, "/v2.1/servers", version: "2.1",
                                              raw: #"{"server": {"name": "\#(padding)"}}"#)
            #expect(response.status == 413)
            #expect(response.faultName == "overLimit")
            #expect(response.json?["overLimit"]?["code"] == 413)
            #expect(response.faultMessage == "Request is too large.")
        }
    }

    /// 40,000 keys took 3–4 s to refuse (quadratic in the key count); over the limit the
    /// parse stops at the first key too many.
    @Test("a body with more keys than the limit is refused naming the limit")
    func tooManyKeys() async throws {
        try await APIHarness().run { api in
            let keys = (0..<40_000).map { #""k\#($0)": 1"# }.joined(separator: ", ")
            let response = try await api.send(.post, "/v2.1/servers", version: "2.1", raw: #"{"server": {\#(keys)}}"#)
            #expect(response.status == 400)
            #expect(response.faultMessage == "The request body has more than 10000 object keys.")
        }
    }

    @Test("a body nested deeper than the limit is refused naming the limit")
    func tooDeep() async throws {
        try await APIHarness().run { api in
            let depth = JSONLimits.requestBody.maximumDepth + 1
            let body = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            let response = try await api.send(.post, "/v2.1/servers", version: "2.37", raw: body)
            #expect(response.status == 400)
            #expect(response.faultMessage == "The request body nests objects and arrays more than 32 levels deep.")
        }
    }

    /// Under the limit, a body with thousands of keys is validated whole: the key order
    /// scan and the schema's patterns stay linear.
    @Test("thousands of keys under the limit still get Nova's validation message")
    func manyKeysUnderTheLimit() async throws {
        try await APIHarness().run { api in
            let keys = (0..<9_000).map { #""k\#($0)": "v""# }.joined(separator: ", ") + #", "bad/key": "v""#
            let response = try await api.send(.post, "/v2.1/servers", version: "2.37",
                                              raw: #"{"server": {\#(Self.bootFields), "metadata": {\#(keys)}}}"#)
            #expect(response.status == 400)
            #expect(response.faultMessage?.hasPrefix("Invalid input for field/attribute metadata.") == true)
        }
    }
}
