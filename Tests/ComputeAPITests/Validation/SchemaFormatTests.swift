@testable import ComputeAPI
import Testing

@Suite("Formats")
struct SchemaFormatTests {
    @Test("uuid follows oslo's is_uuid_like", arguments: [
        ("0f9e8d7c-6b5a-4948-8372-615049382716", true), ("0F9E8D7C-6B5A-4948-8372-615049382716", true),
        ("{0f9e8d7c-6b5a-4948-8372-615049382716}", true), ("urn:uuid:0f9e8d7c-6b5a-4948-8372-615049382716", true),
        ("0f9e8d7c6b5a49488372615049382716", true), ("0f9e8d7c-6b5a-4948-8372-61504938271", false),
        ("0f9e8d7c-6b5a-4948-8372-61504938271g", false), ("", false), ("vm1", false),
    ])
    func uuid(text: String, valid: Bool) {
        #expect(SchemaFormat.uuid.accepts(text) == valid)
    }

    @Test("IPv4 and IPv6 as Python's ipaddress reads them", arguments: [
        (SchemaFormat.ipv4, "10.0.0.1", true), (.ipv4, "255.255.255.255", true), (.ipv4, "10.0.0.256", false),
        (.ipv4, "010.0.0.1", false), (.ipv4, "10.0.1", false), (.ipv4, " 10.0.0.1", false),
        (.ipv6, "::1", true), (.ipv6, "2001:db8::1", true), (.ipv6, "::ffff:10.0.0.1", true),
        (.ipv6, "fe80::1%eth0", false), (.ipv6, "2001:db8:::1", false), (.ipv6, "10.0.0.1", false),
    ])
    func addresses(format: SchemaFormat, text: String, valid: Bool) {
        #expect(format.accepts(text) == valid)
    }

    @Test("names are printable with no surrounding whitespace", arguments: [
        ("vm-1", true), ("my server", true), ("вм", true), ("", true), (" vm", false), ("vm ", false),
        ("vm\n", false), ("a\u{7}b", false), ("emoji 😀", false), ("\u{A0}vm", false),
    ])
    func names(text: String, valid: Bool) {
        #expect(SchemaFormat.name.accepts(text) == valid)
    }
}
