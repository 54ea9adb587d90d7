import JSONModel

/// A request body as the handlers read it: the JSON value, and the key order the client
/// wrote, which Nova's validation messages reproduce.
struct RequestBody: Sendable {
    let json: JSON?
    let keyOrder: JSONKeyOrder
}
