import Foundation

/// What a transaction body gets (`db` in `store.write { db in … }`): the backend's open
/// transaction, read and written through the `XRecords` repositories
/// (`ServerRecords.fetch(id, in: db)`). Valid only inside the body.
public struct StoreTransaction {
    public let executor: any SQLExecutor

    public init(_ executor: any SQLExecutor) {
        self.executor = executor
    }

    var insertionOrder: String { executor.insertionOrder }

    @discardableResult
    func execute(_ sql: String, _ arguments: [StoreValue] = []) throws -> Int {
        try executor.execute(sql, arguments)
    }

    /// A write whose row count is not needed (`SQLExecutor.send`): PostgreSQL does not wait for it.
    func send(_ sql: String, _ arguments: [StoreValue] = []) throws {
        try executor.send(sql, arguments)
    }

    func fetchAll<T>(_ sql: String, _ arguments: [StoreValue] = [], _ map: (any StoreRow) throws -> T) throws -> [T] {
        try executor.query(sql, arguments, map)
    }

    func fetchOne<T>(_ sql: String, _ arguments: [StoreValue] = [], _ map: (any StoreRow) throws -> T) throws -> T? {
        try executor.query(sql, arguments, map).first
    }

    func exists(_ sql: String, _ arguments: [StoreValue]) throws -> Bool {
        try !executor.query(sql, arguments, { _ in () }).isEmpty
    }

    /// The documents of the first column, decoded.
    func documents<T: Decodable>(_ type: T.Type, _ sql: String, _ arguments: [StoreValue] = []) throws -> [T] {
        try fetchAll(sql, arguments) { row in try JSONColumn.decode(type, from: try row.required(0, "\(type) document")) }
    }
}
