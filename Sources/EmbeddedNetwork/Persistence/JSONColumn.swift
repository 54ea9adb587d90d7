import Foundation
import JSONModel
import NetworkModel

/// JSON-valued columns (profiles, vif_details, pools) are stored as their rendered text.
enum JSONColumn {
    static func encode(_ object: [String: JSON]) -> String { JSON.object(object).rendered }

    static func encode(_ array: [JSON]) -> String { JSON.array(array).rendered }

    static func object(_ text: String) -> [String: JSON] {
        JSON.parse(Data(text.utf8))?.objectValue?.dictionary ?? [:]
    }

    static func array(_ text: String) -> [JSON] {
        JSON.parse(Data(text.utf8))?.arrayValue ?? []
    }
}
