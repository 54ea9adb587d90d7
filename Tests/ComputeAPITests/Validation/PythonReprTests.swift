@testable import ComputeAPI
import JSONModel
import Testing

@Suite("Python repr of JSON values")
struct PythonReprTests {
    @Test("scalars", arguments: [
        (JSON.string("abc"), "'abc'"), ("it's", "\"it's\""), ("say \"hi\"", "'say \"hi\"'"),
        ("both ' and \"", "'both \\' and \"'"), ("tab\tnew\nline\\", "'tab\\tnew\\nline\\\\'"), ("\u{01}", "'\\x01'"),
        ("é", "'é'"), (.int(-3), "-3"), (.number(1.5), "1.5"), (.number(2.0), "2.0"), (.number(1e20), "1e+20"),
        (true, "True"), (false, "False"), (nil, "None"),
    ])
    func scalars(value: JSON, repr: String) {
        #expect(PythonRepr.repr(value) == repr)
    }

    @Test("containers and str()")
    func containers() {
        #expect(PythonRepr.repr([1, "a", [nil]]) == "[1, 'a', [None]]")
        #expect(PythonRepr.repr([:]) == "{}")
        #expect(PythonRepr.str("bare") == "bare")
        #expect(PythonRepr.str(["k": "v"]) == "{'k': 'v'}")
    }
}
