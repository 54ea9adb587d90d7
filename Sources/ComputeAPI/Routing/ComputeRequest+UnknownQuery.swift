import JSONModel

extension ComputeRequest {
    /// From 2.102 every route refuses query parameters it does not take (Nova's
    /// `show_query_v2102` and the index queries without properties): 400 naming them, before
    /// anything is looked up. Earlier they are ignored.
    func refuseUnknownQuery() throws(APIFault) {
        guard version.supports(.v2(102)) else { return }
        try validateQuery(Self.noParameters)
    }

    private static let noParameters = Schema([.type([.object]), .properties([]), .additionalProperties(false)])
}
