import APICore
import Testing

@testable import NetworkAPI

@Suite("FieldSelection")
struct FieldSelectionTests {
    let object: [String: JSON] = ["id": "p1", "name": "vf", "status": "DOWN"]

    @Test("no fields: everything; fields: only those, unknown ones ignored")
    func select() {
        #expect(FieldSelection(fields: nil).apply(object) == .object(object))
        #expect(FieldSelection(fields: ["id", "nope"]).apply(object) == ["id": "p1"])
    }
}
