import XCTest
@testable import HushFrame

final class WebBridgeTests: XCTestCase {
    func testInjectsKeyScript() throws {
        let key = "{{VPK_LIVE:macweb-xctest}}"
        XCTAssertEqual(key.count, 41)
    }
}
