import Foundation
import Testing
@testable import Virt

struct HypervisorErrorTests {
    @Test func descriptionsSayWhatHappened() {
        let uuid = UUID(uuidString: "7E1F0000-0000-4000-8000-000000000001")!
        #expect(HypervisorError.domainNotFound(uuid).description
            == "Domain not found: no domain with matching uuid '7e1f0000-0000-4000-8000-000000000001'")
        #expect(HypervisorError.invalidState("Requested operation is not valid: domain 'a' is not running").description
            == "Requested operation is not valid: domain 'a' is not running")
        #expect(HypervisorError.operationFailed("boom").description == "boom")
        #expect(HypervisorError.internalError("broken").description == "broken")
    }
}
