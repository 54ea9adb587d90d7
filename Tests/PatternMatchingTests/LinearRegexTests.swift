import Testing
@testable import PatternMatching

/// The value itself and the compiled program behind it.
struct LinearRegexTests {
    @Test func limits() {
        #expect(LinearRegex.maximumPatternLength == 1_024)
        #expect(LinearRegex.maximumProgramSize == 20_000)
    }

    /// Matching is on scalars, so "é" and "e\u{301}", equal as `String`s, are different
    /// patterns.
    @Test func equalityComparesScalars() throws {
        let precomposed = try LinearRegex("caf\u{E9}")
        let decomposed = try LinearRegex("cafe\u{301}")
        #expect(precomposed == (try LinearRegex("caf\u{E9}")))
        #expect(precomposed != decomposed)
        #expect(Set([precomposed, decomposed, try LinearRegex("caf\u{E9}")]).count == 2)
        #expect(precomposed.search(in: "caf\u{E9}") && !precomposed.search(in: "cafe\u{301}"))
    }

    @Test func sharedAcrossTasks() async throws {
        let regex = try LinearRegex(#"^vm-\d+$"#)
        let answers = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<8 { group.addTask { regex.search(in: "vm-\(index)") } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(answers == Array(repeating: true, count: 8))
    }

    /// The parser and the compiler recurse on nesting; the longest pattern can nest 512
    /// groups deep.
    @Test func deepestNestingCompiles() throws {
        let nested = String(repeating: "(", count: 512) + String(repeating: ")", count: 512)
        #expect(try LinearRegex(nested).search(in: ""))
        let alternatives = String(repeating: "(a|", count: 255) + "b" + String(repeating: ")", count: 255)
        #expect(try LinearRegex(alternatives).search(in: "b"))
    }

    /// The size check runs on `instructionCount` before emitting; it is only sound if
    /// the count is exactly what `emit` writes.
    @Test(arguments: [
        "", "a", "abc|de|", "(a|b)*c", "a+", "(ab)?", "a{3}", "a{2,}", "a{2,5}", "a{,3}", "a{0}", "(a*)*",
        "((a{2}){3}){4}", "(?:x|y{2,3}|){5}", "()*", "(){3}", "(|a)+", "^a$", #"\bx\B"#, "[a-z]{4}",
    ])
    func programSizeIsPredictedExactly(_ pattern: String) throws {
        var parser = LinearRegex.Parser(pattern)
        let node = try parser.parse()
        let program = try LinearRegex.Program(compiling: node, ignoresCase: false)
        #expect(program.instructions.count == node.instructionCount + 1)
    }

    @Test func equalClassesAreStoredOnce() throws {
        var parser = LinearRegex.Parser(#"[a-z]\d[a-z]{50}\d"#)
        let program = try LinearRegex.Program(compiling: try parser.parse(), ignoresCase: false)
        #expect(program.classes.count == 2)
    }
}
