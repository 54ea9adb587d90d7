import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JSONModel

/// One HTTP response as the tests read it, whichever API answered.
public struct APIResponse: Sendable {
    public let status: Int
    public let headers: HTTPFields
    public let text: String
    public let json: JSON?

    public init(status: Int, headers: HTTPFields, text: String) {
        self.status = status
        self.headers = headers
        self.text = text
        json = text.isEmpty ? nil : JSON.parse(Data(text.utf8))
    }

    public func header(_ name: String) -> String? { headers[HTTPField.Name(name)!] }

    /// The `message` of a Nova fault body (`{"badRequest": {"message": …}}`), whatever its
    /// fault name.
    public var faultMessage: String? { json?.objectValue?.values.first?["message"]?.stringValue }
    public var faultName: String? { json?.objectValue?.keys.first }

    /// Neutron's error body, as (type, message, detail).
    public var neutronError: (type: String?, message: String?, detail: String?) {
        let error = json?["NeutronError"]
        return (error?["type"]?.stringValue, error?["message"]?.stringValue, error?["detail"]?.stringValue)
    }
}

extension TestClientProtocol {
    /// Sends `body` (JSON text) with `headers`, adding the JSON content type when there is
    /// a body, and reads the whole response.
    public func send(_ method: HTTPRequest.Method, _ uri: String, headers: HTTPFields = [:], body: String? = nil)
        async throws -> APIResponse
    {
        var fields = headers
        if body != nil, fields[.contentType] == nil { fields[.contentType] = "application/json" }
        let response = try await executeRequest(uri: uri, method: method, headers: fields, body: body.map { ByteBuffer(string: $0) })
        return APIResponse(status: Int(response.status.code), headers: response.headers, text: String(buffer: response.body))
    }
}
