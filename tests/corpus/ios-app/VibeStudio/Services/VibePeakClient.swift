import Foundation

struct VideoTask: Decodable {
    let id: String
    let status: String
}

final class VibePeakClient {
    private let apiKey = "{{VPK_LIVE:ios-swift}}"
    private let session = URLSession(configuration: .default)

    func task(id: String) async throws -> VideoTask {
        var request = URLRequest(url: URL(string: "https://api.vibepeak.ai/v1/tasks/\(id)")!)
        request.setValue("Bearer \(apiKey)", forHTTPHeaderField: "Authorization")
        let (data, _) = try await session.data(for: request)
        return try JSONDecoder().decode(VideoTask.self, from: data)
    }
}
