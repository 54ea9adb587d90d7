import JSONModel
import Testing

@Suite("JSON objects keep their key order")
struct JSONObjectTests {
    @Test("a parsed object keeps the text's order at every level, and writes it back")
    func parsedOrder() throws {
        let text = #"{"b": [1, {"y": 2, "x": {"q\"\u0041": null}}], "a": true}"#
        let object = try #require(JSON.parse(text)?.objectValue)
        #expect(object.keys == ["b", "a"])
        let inner = try #require(object["b"]?.arrayValue?[1].objectValue)
        #expect(inner.keys == ["y", "x"])
        #expect(inner["x"]?.objectValue?.keys == ["q\"A"])
        #expect(JSON.parse(text)?.rendered == #"{"b": [1, {"y": 2, "x": {"q\"A": null}}], "a": true}"#)
    }

    @Test("a repeated key keeps its first position and takes its last value, as Python's dict")
    func repeatedKey() throws {
        let object = try #require(JSON.parse(#"{"a": 1, "b": 2, "a": 3}"#)?.objectValue)
        #expect(object.keys == ["a", "b"])
        #expect(object["a"] == 3)
        #expect(object.count == 2)
    }

    @Test("lookups, updates and removals stay right on both sides of the index threshold", arguments: [3, 8, 9, 40])
    func lookups(count: Int) {
        var object = JSONObject((0..<count).map { ("k\($0)", JSON.int($0)) })
        #expect(object.keys == (0..<count).map { "k\($0)" })
        for index in 0..<count { #expect(object["k\(index)"] == .int(index)) }
        #expect(object["absent"] == nil)
        object["k0"] = "first"
        #expect(object.keys.first == "k0" && object["k0"] == "first")
        #expect(object.removeValue(forKey: "k1") == .int(1))
        #expect(object["k1"] == nil && object.count == count - 1)
        #expect(object.removeValue(forKey: "k1") == nil)
        object["k1"] = .int(1)
        #expect(object.keys.last == "k1" && object["k1"] == .int(1))
        for index in 2..<max(2, count) { #expect(object["k\(index)"] == .int(index)) }
        object["k2"] = nil
        #expect(object["k2"] == nil && !object.keys.contains("k2"))
    }

    @Test("equality and hashing ignore the order, as for a dictionary")
    func equality() {
        let forward: JSON = ["a": 1, "b": [2]]
        let backward: JSON = ["b": [2], "a": 1]
        #expect(forward == backward)
        #expect(Set([forward, backward]).count == 1)
        #expect(forward != ["a": 1, "b": [3]])
        #expect(forward != ["a": 1])
    }

    @Test("a dictionary's members are taken sorted; merge and filter keep the order")
    func bridging() {
        let fromDictionary = JSONObject(["z": 1, "a": 2, "m": 3] as [String: JSON])
        #expect(fromDictionary.keys == ["a", "m", "z"])
        #expect(fromDictionary.dictionary == ["z": 1, "a": 2, "m": 3])
        var line: JSONObject = ["bench": "x", "n": 1]
        line.merge(["n": 2, "extra": true])
        #expect(line.keys == ["bench", "n", "extra"] && line["n"] == 2)
        #expect(line.filter { $0.key != "n" }.keys == ["bench", "extra"])
        #expect(JSON.object(line).rendered == #"{"bench": "x", "n": 2, "extra": true}"#)
    }
}
