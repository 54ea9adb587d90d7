import App
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// One scrape of `GET /metrics`, its samples read with the text format's rules: a sample
/// line is `name{label="value",…} value`, label values escape `\`, `"` and line feeds.
struct MetricsScrape {
    struct Sample: Hashable {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    let text: String
    let samples: [Sample]

    static func take(from service: SRIOVService, sourceLocation: SourceLocation = #_sourceLocation) async throws -> MetricsScrape {
        let app = try #require(service.metricsApplication(), "no [metrics] listen", sourceLocation: sourceLocation)
        return try await app.test(.router) { client in
            let response = try await client.execute(uri: "/metrics", method: .get)
            #expect(response.status == .ok, sourceLocation: sourceLocation)
            #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8", sourceLocation: sourceLocation)
            let text = String(buffer: response.body)
            return MetricsScrape(text: text, samples: try text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { try parse(String($0)) })
        }
    }

    /// The sum of the samples named `name` whose labels include `matching`.
    func value(_ name: String, _ matching: [String: String] = [:]) -> Double {
        samples.filter { sample in sample.name == name && matching.allSatisfy { sample.labels[$0.key] == $0.value } }
            .map(\.value).reduce(0, +)
    }

    struct Malformed: Error, CustomStringConvertible {
        let line: String
        var description: String { "not a sample line: \(line)" }
    }

    static func parse(_ line: String) throws -> Sample {
        var rest = Substring(line)
        let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" }
        rest = rest.dropFirst(name.count)
        var labels: [String: String] = [:]
        if rest.first == "{" {
            rest = rest.dropFirst()
            while rest.first != "}" {
                let key = rest.prefix { $0 != "=" }
                rest = rest.dropFirst(key.count)
                guard rest.hasPrefix("=\"") else { throw Malformed(line: line) }
                rest = rest.dropFirst(2)
                var value = ""
                while let character = rest.first, character != "\"" {
                    rest = rest.dropFirst()
                    if character == "\\", let escaped = rest.first {
                        rest = rest.dropFirst()
                        value.append(escaped == "n" ? "\n" : escaped)
                    } else {
                        value.append(character)
                    }
                }
                guard rest.first == "\"" else { throw Malformed(line: line) }
                rest = rest.dropFirst()
                if rest.first == "," { rest = rest.dropFirst() }
                labels[String(key)] = value
            }
            rest = rest.dropFirst()
        }
        guard !name.isEmpty, rest.first == " ", let value = Double(rest.dropFirst().split(separator: " ").first ?? "") else {
            throw Malformed(line: line)
        }
        return Sample(name: String(name), labels: labels, value: value)
    }
}
