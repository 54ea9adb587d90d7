import JSONModel

/// A request body as the handlers read it: the JSON value (`nil` when empty), whose objects
/// keep the key order the client wrote, which Nova's validation messages reproduce.
struct RequestBody: Sendable {
    let json: JSON?
}
