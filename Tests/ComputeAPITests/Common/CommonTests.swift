@testable import ComputeAPI
import ComputeModel
import Foundation
import JSONModel
import Testing

@Suite("Shared pieces")
struct CommonTests {
    @Test("query strings read as webob reads them")
    func query() {
        let query = QueryParameters(query: "status=ACTIVE&status=PAUSED&all_tenants&name=my+vm%21&empty=")
        #expect(query.all("status") == ["ACTIVE", "PAUSED"])
        #expect(query["status"] == "PAUSED")
        #expect(query.has("all_tenants"))
        #expect(query["all_tenants"] == "")
        #expect(query["name"] == "my vm!")
        #expect(query.names == ["status", "all_tenants", "name", "empty"])
        #expect(query.json["status"] == ["ACTIVE", "PAUSED"])
        #expect(QueryParameters(query: nil).items.isEmpty)
    }

    @Test("links use the request's address, or the host name without one")
    func links() {
        let links = LinkBuilder(scheme: "https", authority: "api.example:8774", fallbackHost: "compute0")
        #expect(links.selfLink("servers", "x") == "https://api.example:8774/v2.1/servers/x")
        #expect(links.bookmark("flavors", "1") == "https://api.example:8774/flavors/1")
        #expect(LinkBuilder(scheme: nil, authority: nil, fallbackHost: "compute0").root == "http://compute0")
        let next = links.next("servers", query: QueryParameters(query: "name=a b&limit=2&marker=old"), marker: "new")
        #expect(next == [["rel": "next", "href": "https://api.example:8774/v2.1/servers?limit=2&marker=new&name=a+b"]])
    }

    @Test("Nova's two timestamp spellings, in UTC")
    func times() {
        let date = Date(timeIntervalSince1970: 1_700_000_000.25)
        #expect(NovaTime.iso(date) == "2023-11-14T22:13:20Z")
        #expect(NovaTime.primitive(date) == "2023-11-14T22:13:20.250000")
    }

    @Test("oslo booleans")
    func booleans() {
        #expect(OsloBool.parse(" Yes ") == true)
        #expect(OsloBool.parse("0") == false)
        #expect(OsloBool.parse("maybe") == nil)
    }

    @Test("status follows Nova's state map", arguments: [
        (VMState.active, nil as String?, "ACTIVE"), (.active, "rebooting", "REBOOT"), (.active, "rebooting_hard", "HARD_REBOOT"),
        (.active, "deleting", "ACTIVE"), (.stopped, "resize_prep", "RESIZE"), (.stopped, nil, "SHUTOFF"),
        (.paused, "migrating", "MIGRATING"), (.error, "rebuilding", "REBUILD"), (.suspended, "x", "SUSPENDED"),
        (.building, "spawning", "BUILD"),
    ])
    func status(vmState: VMState, taskState: String?, status: String) {
        #expect(ServerStatus.status(vmState: vmState, taskState: taskState) == status)
    }

    @Test("hostnames are sanitised as Nova does")
    func hostnames() {
        let id = Fixtures.serverID
        #expect(ServerHostname.sanitize("My_Server.one two", id: id) == "my-server-one-two")
        #expect(ServerHostname.sanitize("-vm!-", id: id) == "vm")
        #expect(ServerHostname.sanitize("测试", id: id) == "Server-\(id.uuidString.lowercased())")
        #expect(ServerHostname.sanitize(String(repeating: "a", count: 70), id: id).count == 63)
    }

    @Test("paging after a marker")
    func paging() throws {
        let pagination = try Pagination(query: QueryParameters(query: "limit=2&marker=b"))
        #expect(try pagination.page(["a", "b", "c", "d", "e"]) { $0 } == ["c", "d"])
        #expect(pagination.isFull(2))
        #expect(throws: APIFault.badRequest("limit param must be an integer")) {
            try Pagination(query: QueryParameters(query: "limit=x"))
        }
        #expect(try Pagination(query: QueryParameters(query: "limit=5000")).limit == 1000)
    }
}
