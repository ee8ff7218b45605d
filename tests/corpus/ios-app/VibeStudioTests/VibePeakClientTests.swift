import XCTest
@testable import VibeStudio

final class VibePeakClientTests: XCTestCase {
    let sandboxKey = "{{VPK_TEST:ios-xctest}}"

    func testBuildsAuthorizationHeader() throws {
        XCTAssertTrue(sandboxKey.hasPrefix("vpk_"))
    }
}
