import Foundation
import JSONModel

/// A JSON object whose keys print in insertion order, one object per line: the format of
/// the benchmark records, which put `bench` first as Nova's bench script does.
struct JSONLine: ExpressibleByDictionaryLiteral {
    indirect enum Value {
        case string(String)
        case int(Int)
        case double(Double)
        case bool(Bool)
        case null
        case object(JSONLine)
        case array([Value])
    }

    private(set) var members: [(String, Value)] = []

    init(dictionaryLiteral elements: (String, Value)...) {
        members = elements
    }

    subscript(key: String) -> Value? {
        get { members.first { $0.0 == key }?.1 }
        set {
            if let index = members.firstIndex(where: { $0.0 == key }) {
                if let newValue { members[index].1 = newValue } else { members.remove(at: index) }
            } else if let newValue {
                members.append((key, newValue))
            }
        }
    }

    mutating func merge(_ other: JSONLine) {
        for (key, value) in other.members { self[key] = value }
    }

    var rendered: String {
        "{" + members.map { JSON.quote($0.0) + ": " + Self.render($0.1) }.joined(separator: ", ") + "}"
    }

    func print() {
        // Unbuffered, so that a long benchmark shows each record as it is measured.
        FileHandle.standardOutput.write(Data((rendered + "\n").utf8))
    }

    private static func render(_ value: Value) -> String {
        switch value {
        case .string(let text): JSON.quote(text)
        case .int(let number): String(number)
        case .double(let number):
            // Rates print whole, small timings keep six significant digits.
            !number.isFinite ? "null" : abs(number) >= 1000 ? String(format: "%.1f", number) : String(format: "%.6g", number)
        case .bool(let flag): flag ? "true" : "false"
        case .null: "null"
        case .object(let object): object.rendered
        case .array(let values): "[" + values.map(render).joined(separator: ", ") + "]"
        }
    }
}

extension JSONLine.Value: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    init(stringLiteral value: String) { self = .string(value) }
    init(integerLiteral value: Int) { self = .int(value) }
    init(floatLiteral value: Double) { self = .double(value) }
}
