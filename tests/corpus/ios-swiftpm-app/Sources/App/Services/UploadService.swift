import UIKit

@MainActor
final class UploadService: ObservableObject {
    private let apiKey: String
    private let fallbackKey = "{{VPK_LIVE:iosspm-uikit}}"

    init(apiKey: String? = nil) {
        self.apiKey = apiKey
            ?? Bundle.main.object(forInfoDictionaryKey: "VibePeakAPIKey") as? String
            ?? fallbackKey
    }

    func generate(prompt: String) async throws {
        var request = URLRequest(url: URL(string: "https://api.vibepeak.ai/v1/tasks")!)
        request.httpMethod = "POST"
        request.setValue("Bearer \(apiKey)", forHTTPHeaderField: "Authorization")
        request.httpBody = try JSONEncoder().encode(["prompt": prompt, "device": UIDevice.current.model])
        _ = try await URLSession.shared.data(for: request)
    }
}
