import APICore
import Hummingbird

extension Microversion {
    /// The version a request asks for, negotiated the way Nova (through `microversion_parse`)
    /// does it:
    ///
    /// - `OpenStack-API-Version` is a comma-separated list of `<service> <version>` pairs; the
    ///   last `compute` entry wins and the service name is case-insensitive.
    /// - Only when it names no compute version is the legacy `X-OpenStack-Nova-API-Version`
    ///   read (its last comma-separated item).
    /// - Neither header: 2.1. `latest`: the maximum.
    public static func negotiate(
        standard: String?, legacy: String?
    ) -> Result<Microversion, MicroversionError> {
        guard let requested = requestedVersion(standard: standard, legacy: legacy) else {
            return .success(.minimum)
        }
        if requested == "latest" { return .success(.maximum) }
        guard let version = Microversion(parsing: requested) else { return .failure(.malformed(requested)) }
        guard (minimum...maximum).contains(version) else { return .failure(.unsupported(version)) }
        return .success(version)
    }

    /// Negotiates from a request's headers (every value of a repeated header is folded with
    /// commas first, as `microversion_parse.fold_headers` does).
    public static func negotiate(headers: HTTPFields) -> Result<Microversion, MicroversionError> {
        negotiate(standard: folded(headers, .openStackAPIVersion), legacy: folded(headers, .xOpenStackNovaAPIVersion))
    }

    /// The raw version string, or `nil` when the request names none.
    static func requestedVersion(standard: String?, legacy: String?) -> String? {
        if let standard {
            for entry in standard.split(separator: ",").reversed() {
                // `<service> <version>`: split once on the first run of whitespace.
                let trimmed = entry.trimmingWhitespace()
                guard let space = trimmed.firstIndex(where: \.isWhitespace),
                      trimmed[..<space].lowercased() == "compute"
                else { continue }
                return trimmed[space...].trimmingWhitespace()
            }
        }
        guard let legacy else { return nil }
        // An empty legacy header is "no version" for microversion_parse only when absent; a
        // present-but-empty value reaches Nova's parser and fails there, so keep it.
        return legacy.split(separator: ",", omittingEmptySubsequences: false).last.map { $0.trimmingWhitespace() } ?? ""
    }

    private static func folded(_ headers: HTTPFields, _ name: HTTPField.Name) -> String? {
        let values = headers[values: name]
        return values.isEmpty ? nil : values.joined(separator: ",")
    }
}
