@testable import ComputeAPI
import JSONModel
import Testing

/// Keyword behaviour not already pinned by the route tests' Nova texts.
@Suite("Schema validator")
struct SchemaValidatorTests {
    private func message(_ value: JSON, _ schema: Schema) -> String? {
        SchemaValidator.firstViolation(of: value, against: schema)?.bodyMessage
    }

    @Test("numeric strings meet Nova's minimum and maximum after conversion")
    func novaNumbers() {
        let positive = Schema.integerOrString(minimum: 1)
        #expect(message("5", positive) == nil)
        #expect(message(["n": "0"], .object([(name: "n", schema: positive)]))
            == "Invalid input for field/attribute n. Value: 0. 0 is less than the minimum of 1")
        #expect(message(.number(0.5), Schema([.minimum(1)])) == "0 is less than the minimum of 1")
        #expect(message("abc", Schema([.minimum(1)])) == nil)
        #expect(message(.number(2.5), Schema([.maximum(2)])) == nil)
        #expect(message("3", Schema([.maximum(2)])) == "3 is greater than the maximum of 2")
    }

    @Test("1.0 counts as an integer; booleans are not numbers")
    func types() {
        #expect(message(.number(1.0), Schema([.type([.integer])])) == nil)
        #expect(message(true, Schema([.type([.integer, .number])])) == "True is not of type 'integer', 'number'")
    }

    @Test("enum compares numbers by value and keeps booleans apart")
    func enumeration() {
        #expect(message(.number(1.0), Schema([.enumeration([1])])) == nil)
        #expect(message(true, Schema([.enumeration([1])])) == "True is not one of [1]")
    }

    @Test("oneOf refuses values valid under several branches")
    func oneOf() {
        let both = Schema([.oneOf([Schema([.type([.string])]), Schema([.maxLength(3)])])])
        #expect(message("ab", both) == "'ab' is valid under each of 2 schemas")
        #expect(message("abcd", both) == nil)
    }

    @Test("lengths count code points, and the short and long texts follow jsonschema 4")
    func lengths() {
        #expect(message("é", Schema([.maxLength(1)])) == nil)
        #expect(message("ab", Schema([.minLength(3)])) == "'ab' is too short")
        #expect(message("a", Schema([.maxLength(0)])) == "'a' is expected to be empty")
        #expect(message([1], Schema([.maxItems(0)])) == "[1] is expected to be empty")
        #expect(message([1], Schema([.minItems(2)])) == "[1] is too short")
    }

    @Test("the first violation in schema order wins")
    func order() {
        let schema = Schema.object([(name: "b", schema: .uuid), (name: "a", schema: .uuid)], required: ["c", "d"])
        #expect(message(["a": "x", "b": "y"], schema) == "Invalid input for field/attribute b. Value: y. 'y' is not a 'uuid'")
        let id = JSON.string(Fixtures.portID)
        #expect(message(["a": id, "b": id], schema) == "'c' is a required property")
        #expect(message(["a": id, "b": id, "c": 1, "d": 2, "e": 3], schema)
            == "Additional properties are not allowed ('c', 'd', 'e' were unexpected)")
    }

    @Test("query messages name the parameter")
    func query() {
        let schema = Schema([.type([.object]), .properties([(name: "limit", schema: Schema([.items(.integerOrString(minimum: 0))]))])])
        let violation = SchemaValidator.firstViolation(of: ["limit": ["x"]], against: schema)
        #expect(violation?.queryMessage == "Invalid input for query parameters limit. Value: x. 'x' does not match '^[0-9]*$'")
    }
}
