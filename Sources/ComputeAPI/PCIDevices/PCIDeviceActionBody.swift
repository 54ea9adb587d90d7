import JSONModel

/// The body of `POST /os-pci-devices/{address}/action`: exactly one key naming the action,
/// as server actions are written. The one action is `release`, whose value is `null` (or
/// an empty object).
enum PCIDeviceActionBody {
    enum Action: Equatable {
        case release
    }

    static func action(from body: RequestBody) throws(APIFault) -> Action {
        guard let members = body.json?.objectValue, members.count == 1, let (name, argument) = members.first else {
            throw APIFault.malformedBody
        }
        guard name == "release" else { throw .badRequest("There is no such action: \(name)") }
        guard argument == .null || argument == .object([:]) else {
            throw .badRequest("Invalid input for field/attribute release. Value: \(argument.rendered). release takes no arguments: null")
        }
        return .release
    }
}
