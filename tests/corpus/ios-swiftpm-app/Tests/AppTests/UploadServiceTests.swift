import XCTest
@testable import Lumen

@MainActor
final class UploadServiceTests: XCTestCase {
    func testGeneratesWithExplicitKey() async throws {
        let service = UploadService(apiKey: "{{VPK_LIVE:iosspm-unit}}")
        try await service.generate(prompt: "unit-test clip")
    }
}
