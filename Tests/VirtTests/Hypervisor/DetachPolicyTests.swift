import Foundation
import Testing
@testable import Virt

struct DetachPolicyTests {
    @Test func novaDefaultIs20SecondsTimesEight() {
        #expect(DetachPolicy.novaDefault == DetachPolicy(timeout: .seconds(20), attempts: 8))
    }
}
