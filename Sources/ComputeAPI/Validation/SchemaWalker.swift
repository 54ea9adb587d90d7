import JSONModel

/// The recursive walk behind `SchemaValidator`: one keyword at a time, in schema order,
/// stopping at the first violation.
struct SchemaWalker {
    typealias Path = [SchemaViolation.PathElement]

    func check(_ value: JSON, _ schema: Schema, path: Path) -> SchemaViolation? {
        for keyword in schema.keywords {
            if let violation = check(value, keyword, schema: schema, path: path) { return violation }
        }
        return nil
    }

    func fail(_ path: Path, _ value: JSON, _ message: String) -> SchemaViolation {
        SchemaViolation(path: path, instance: value, instanceText: PythonRepr.str(value),
                        message: message)
    }

    private func check(_ value: JSON, _ keyword: Schema.Keyword, schema: Schema, path: Path) -> SchemaViolation? {
        let repr = { PythonRepr.repr(value) }
        switch keyword {
        case .type(let types):
            guard !types.contains(where: { Self.matches(value, $0) }) else { return nil }
            let names = types.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            return fail(path, value, "\(repr()) is not of type \(names)")

        case .properties(let properties):
            guard let members = value.objectValue else { return nil }
            for (name, subschema) in properties {
                guard let member = members[name] else { continue }
                if let violation = check(member, subschema, path: path + [.key(name)]) { return violation }
            }
            return nil

        case .required(let names):
            guard let members = value.objectValue else { return nil }
            guard let missing = names.first(where: { members[$0] == nil }) else { return nil }
            return fail(path, value, "\(PythonRepr.quoted(missing)) is a required property")

        case .additionalProperties(let allowed):
            return checkAdditional(value, allowed: allowed, schema: schema, path: path)

        case .patternProperties(let patterns):
            guard let members = value.objectValue else { return nil }
            for key in members.keys.sorted() {
                for (pattern, subschema) in patterns where Self.search(pattern, in: key) {
                    if let violation = check(members[key]!, subschema, path: path + [.key(key)]) { return violation }
                }
            }
            return nil

        case .items(let itemSchema):
            guard let items = value.arrayValue else { return nil }
            for (index, item) in items.enumerated() {
                if let violation = check(item, itemSchema, path: path + [.index(index)]) { return violation }
            }
            return nil

        case .minItems(let minimum):
            guard let items = value.arrayValue, items.count < minimum else { return nil }
            return fail(path, value, repr() + (minimum == 1 ? " should be non-empty" : " is too short"))

        case .maxItems(let maximum):
            guard let items = value.arrayValue, items.count > maximum else { return nil }
            return fail(path, value, repr() + (maximum == 0 ? " is expected to be empty" : " is too long"))

        case .minLength(let minimum):
            // Python counts code points, not grapheme clusters.
            guard let text = value.stringValue, text.unicodeScalars.count < minimum else { return nil }
            return fail(path, value, repr() + (minimum == 1 ? " should be non-empty" : " is too short"))

        case .maxLength(let maximum):
            guard let text = value.stringValue, text.unicodeScalars.count > maximum else { return nil }
            return fail(path, value, repr() + (maximum == 0 ? " is expected to be empty" : " is too long"))

        case .pattern(let pattern):
            guard let text = value.stringValue, !Self.search(pattern, in: text) else { return nil }
            return fail(path, value, "\(repr()) does not match \(PythonRepr.quoted(pattern))")

        case .enumeration(let choices):
            guard !choices.contains(where: { Self.pythonEqual($0, value) }) else { return nil }
            return fail(path, value, "\(repr()) is not one of \(PythonRepr.list(choices))")

        case .format(let format):
            // Formats constrain strings only.
            guard let text = value.stringValue, !format.accepts(text) else { return nil }
            if format == .name {
                return SchemaViolation(path: path, instance: value, instanceText: text,
                                       message: SchemaFormat.invalidNameMessage, replacesWholeMessage: true)
            }
            return fail(path, value, "\(repr()) is not a '\(format.rawValue)'")

        case .oneOf(let branches):
            let valid = branches.filter { SchemaValidator.isValid(value, $0) }.count
            if valid == 1 { return nil }
            if valid == 0 { return fail(path, value, "\(repr()) is not valid under any of the given schemas") }
            return fail(path, value, "\(repr()) is valid under each of \(branches.count) schemas")

        case .anyOf(let branches):
            guard !branches.contains(where: { SchemaValidator.isValid(value, $0) }) else { return nil }
            return fail(path, value, "\(repr()) is not valid under any of the given schemas")

        case .minimum(let bound):
            // Nova converts strings (and truncates floats) with int()/float() first, and the
            // message shows the converted number.
            guard let number = Self.novaNumber(value), number.value < bound else { return nil }
            return fail(path, value, "\(number.repr) is less than the minimum of \(Self.boundRepr(bound))")

        case .exclusiveMinimum(let bound):
            // Not overridden by Nova: applies to JSON numbers only.
            guard let number = Self.jsonNumber(value), number <= bound else { return nil }
            return fail(path, value, "\(repr()) is less than or equal to the minimum of \(Self.boundRepr(bound))")

        case .maximum(let bound):
            guard let number = Self.novaNumber(value), number.value > bound else { return nil }
            return fail(path, value, "\(number.repr) is greater than the maximum of \(Self.boundRepr(bound))")
        }
    }

    private func checkAdditional(_ value: JSON, allowed: Bool, schema: Schema, path: Path) -> SchemaViolation? {
        guard !allowed, let members = value.objectValue else { return nil }
        var declared = Set<String>()
        var patterns: [String] = []
        for keyword in schema.keywords {
            if case .properties(let properties) = keyword { declared.formUnion(properties.map(\.name)) }
            if case .patternProperties(let list) = keyword { patterns += list.map(\.pattern) }
        }
        let extras = members.keys
            .filter { key in !declared.contains(key) && !patterns.contains { Self.search($0, in: key) } }
            .sorted()
        guard !extras.isEmpty else { return nil }
        let joined = extras.map(PythonRepr.quoted).joined(separator: ", ")
        if !patterns.isEmpty {
            let verb = extras.count == 1 ? "does" : "do"
            let regexes = patterns.sorted().map(PythonRepr.quoted).joined(separator: ", ")
            return fail(path, value, "\(joined) \(verb) not match any of the regexes: \(regexes)")
        }
        let verb = extras.count == 1 ? "was" : "were"
        return fail(path, value, "Additional properties are not allowed (\(joined) \(verb) unexpected)")
    }
}
