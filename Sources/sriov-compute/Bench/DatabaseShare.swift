import AsyncHTTPClient
import Foundation
import JSONModel

/// What a host's `GET /metrics` says of its attaches' time in the database: the sums and
/// counts of `sriov_compute_operation_database_seconds` and `…_ratio` for
/// `operation="attach"`. Two scrapes subtracted give the figures of the attaches between them.
struct DatabaseShare {
    var attaches = 0.0
    var databaseSeconds = 0.0
    var shareSum = 0.0

    static let secondsMetric = "sriov_compute_operation_database_seconds"
    static let shareMetric = "sriov_compute_operation_database_ratio"

    /// The host's metrics on 127.0.0.1:`port`.
    static func scrape(port: Int) async throws -> DatabaseShare {
        let reply = try await ServiceClient(client: .shared, base: "http://127.0.0.1:\(port)").request("GET", "/metrics")
        guard reply.status == 200 else { throw ValidationFailure("GET /metrics on port \(port) answered \(reply.status)") }
        return DatabaseShare(exposition: reply.text)
    }

    /// Reads the attach samples of the two histograms from Prometheus' text format.
    init(exposition: String) {
        for line in exposition.split(separator: "\n") where line.contains(#"operation="attach""#) {
            guard let value = line.split(separator: " ").last.flatMap({ Double($0) }) else { continue }
            if line.hasPrefix(Self.secondsMetric + "_sum{") { databaseSeconds = value }
            if line.hasPrefix(Self.secondsMetric + "_count{") { attaches = value }
            if line.hasPrefix(Self.shareMetric + "_sum{") { shareSum = value }
        }
    }

    init() {}

    static func - (after: DatabaseShare, before: DatabaseShare) -> DatabaseShare {
        var difference = DatabaseShare()
        difference.attaches = after.attaches - before.attaches
        difference.databaseSeconds = after.databaseSeconds - before.databaseSeconds
        difference.shareSum = after.shareSum - before.shareSum
        return difference
    }

    static func + (left: DatabaseShare, right: DatabaseShare) -> DatabaseShare {
        var sum = DatabaseShare()
        sum.attaches = left.attaches + right.attaches
        sum.databaseSeconds = left.databaseSeconds + right.databaseSeconds
        sum.shareSum = left.shareSum + right.shareSum
        return sum
    }

    /// The mean database time of an attach and the mean of each attach's share of its time
    /// spent there (the service measures from the request reaching the manager to its answer).
    func describe(into line: inout JSONObject) {
        guard attaches > 0 else { return }
        line["attach_database_ms_mean"] = .figure(databaseSeconds / attaches * 1000)
        line["attach_database_share_mean"] = .figure(shareSum / attaches)
    }
}
