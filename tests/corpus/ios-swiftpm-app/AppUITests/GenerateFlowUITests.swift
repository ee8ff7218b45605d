import XCTest

final class GenerateFlowUITests: XCTestCase {
    func testGenerateButton() throws {
        let app = XCUIApplication()
        app.launchEnvironment["VIBEPEAK_API_KEY"] = "{{VPK_LIVE:iosspm-uitest}}"
        app.launch()
        app.buttons["Generate"].tap()
        XCTAssertTrue(app.staticTexts["Queued"].waitForExistence(timeout: 10))
    }
}
