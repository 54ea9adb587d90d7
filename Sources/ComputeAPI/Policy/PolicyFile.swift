import Foundation
import JSONModel

/// An operator's policy file as oslo.policy reads it: a mapping of rule names to check
/// strings, in YAML (what `oslopolicy-sample-generator` writes: `"name": "check"` lines and
/// `#` comments) or JSON. Only that flat mapping is read; anything else in the file is an
/// error naming its line, never silently skipped.
public enum PolicyFile {
    public static func load(path: String) throws(PolicyFileError) -> Policy {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw PolicyFileError(rule: path, "cannot read the policy file: \(error.localizedDescription)")
        }
        return try Policy(overrides: try rules(in: text))
    }

    public static func rules(in text: String) throws(PolicyFileError) -> [String: String] {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("{") { return try jsonRules(trimmed) }
        var rules: [String: String] = [:]
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line == "---" { continue }
            let where_ = "line \(index + 1)"
            guard !rawLine.hasPrefix(" "), !rawLine.hasPrefix("\t") else {
                throw PolicyFileError(rule: where_, "nested YAML is not a policy rule (expected \"rule name\": \"check string\")")
            }
            var rest = Substring(line)
            let name = try scalar(&rest, at: where_, isKey: true)
            rest = rest.drop { $0 == " " }
            guard rest.first == ":" else { throw PolicyFileError(rule: where_, "expected \"rule name\": \"check string\"") }
            rest = rest.dropFirst().drop { $0 == " " }
            var check = ""
            if !rest.isEmpty { check = try scalar(&rest, at: where_, isKey: false) }
            let after = rest.drop { $0 == " " }
            guard after.isEmpty || after.hasPrefix("#") else {
                throw PolicyFileError(rule: where_, "unexpected '\(after)' after the check string of \(name)")
            }
            guard rules[name] == nil else { throw PolicyFileError(rule: name, "is set twice (again at \(where_))") }
            rules[name] = check
        }
        return rules
    }

    /// A quoted ('…' with '' for a quote, or "…" with \" and \\) or plain YAML scalar.
    private static func scalar(_ rest: inout Substring, at where_: String, isKey: Bool) throws(PolicyFileError) -> String {
        guard let quote = rest.first, quote == "'" || quote == "\"" else {
            // A plain scalar: up to ": " for a key, up to " #" for a value.
            if isKey {
                // Rule names have colons of their own: the key ends at ": " or a final ":".
                let colon = rest.range(of: ": ")?.lowerBound ?? (rest.hasSuffix(":") ? rest.index(before: rest.endIndex) : nil)
                guard let colon else { throw PolicyFileError(rule: where_, "expected \"rule name\": \"check string\"") }
                let key = rest[..<colon].trimmingCharacters(in: .whitespaces)
                rest = rest[colon...]
                return key
            }
            let end = rest.range(of: " #")?.lowerBound ?? rest.endIndex
            let value = rest[..<end].trimmingCharacters(in: .whitespaces)
            rest = rest[end...]
            if value.hasPrefix("[") || value.hasPrefix("{") || value.hasPrefix("|") || value.hasPrefix(">") {
                throw PolicyFileError(rule: where_, "a check string must be a single-line string, got '\(value)'")
            }
            return value
        }
        var value = ""
        var index = rest.index(after: rest.startIndex)
        while index < rest.endIndex {
            let character = rest[index]
            if character == quote {
                let next = rest.index(after: index)
                if quote == "'", next < rest.endIndex, rest[next] == "'" {
                    value.append("'")
                    index = rest.index(after: next)
                    continue
                }
                rest = rest[next...]
                return value
            }
            if quote == "\"", character == "\\" {
                let next = rest.index(after: index)
                guard next < rest.endIndex else { break }
                value.append(rest[next])
                index = rest.index(after: next)
                continue
            }
            value.append(character)
            index = rest.index(after: index)
        }
        throw PolicyFileError(rule: where_, "the quoted string is not closed")
    }

    private static func jsonRules(_ text: String) throws(PolicyFileError) -> [String: String] {
        guard let object = JSON.parse(text)?.objectValue else {
            throw PolicyFileError(rule: "(file)", "not a JSON object of rule names to check strings")
        }
        var rules: [String: String] = [:]
        for (name, value) in object {
            guard let check = value.stringValue else { throw PolicyFileError(rule: name, "the check string must be a string") }
            rules[name] = check
        }
        return rules
    }
}
