import Testing
@testable import PatternMatching

/// The patterns that make a backtracking engine (Swift's `Regex`, Python's `re`) take
/// exponential time: nested or ambiguous quantifiers that fail at the end. Nothing here
/// is timed; a backtracking engine would simply never finish these rows, which is the
/// failure they guard against. The expected answers are evident from the patterns (and
/// CPython agrees on the rows short enough for it to finish).
struct HostilePatternTests {
    static let cases: [SearchCase] = [
        .init(#"(a+)+$"#, a(22) + "!", false),
        .init(#"(a+)+$"#, "!" + a(22), true),
        .init(#"^(a+)+$"#, a(22) + "!", false),
        .init(#"^(a+)+$"#, a(10_000) + "!", false),
        .init(#"^(a+)+$"#, a(10_000), true),
        .init(#"(a|aa)+$"#, a(30) + "!", false),
        .init(#"(a|aa)+$"#, "!" + a(30), true),
        .init(#"^(a|aa)+$"#, a(30) + "!", false),
        .init(#"^(a|aa)+$"#, a(10_000) + "b", false),
        .init(#"^(a|aa)+$"#, a(10_000), true),
        .init(#"(a*)*b"#, a(30), false),
        .init(#"(a*)*b"#, a(10_000), false),
        .init(#"(a*)*b"#, a(10_000) + "b", true),
        .init(#"(.*a){12}"#, a(11), false),
        .init(#"(.*a){12}"#, a(12), true),
        .init(#"(.*a){12}"#, a(11) + String(repeating: "b", count: 10_000), false),
        .init(#"(.*a){12}"#, String(repeating: "ab", count: 5_000), true),
        .init(#"(x+x+)+y"#, String(repeating: "x", count: 5_000), false),
        .init(#"^(\w+\s?)*$"#, String(repeating: "a name that ends badly ", count: 300) + "!", false),
        // Russ Cox's a?ⁿaⁿ against aⁿ.
        .init(#"^(a?){30}a{30}$"#, a(30), true),
        .init(#"^(a?){30}a{30}$"#, a(29), false),
    ]

    @Test(arguments: cases)
    func answersWithoutBacktracking(_ row: SearchCase) throws {
        let regex = try LinearRegex(row.pattern)
        #expect(regex.search(in: row.text) == row.expected)
    }

    @Test func theSameRegexServesManyTexts() throws {
        let regex = try LinearRegex(#"^(a+)+$"#)
        for length in [0, 1, 2, 31, 64, 1_000] {
            #expect(regex.search(in: a(length)) == (length > 0))
            #expect(!regex.search(in: a(length) + "!"))
        }
    }
}

private func a(_ count: Int) -> String {
    String(repeating: "a", count: count)
}
