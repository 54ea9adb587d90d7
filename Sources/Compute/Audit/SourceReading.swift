/// What one source told the audit: its reading, or why it could not be read. A source
/// that could not be read is never taken to hold nothing.
enum SourceReading<Value: Sendable>: Sendable {
    case read(Value)
    case couldNotCheck(String)

    var value: Value? {
        if case .read(let value) = self { return value }
        return nil
    }

    var problem: String? {
        if case .couldNotCheck(let problem) = self { return problem }
        return nil
    }
}
