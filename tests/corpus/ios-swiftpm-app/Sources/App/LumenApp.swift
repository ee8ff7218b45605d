import SwiftUI

@main
struct LumenApp: App {
    @StateObject private var uploads = UploadService(apiKey: "{{VPK_LIVE:iosspm-swiftui}}")

    var body: some Scene {
        WindowGroup {
            ContentView()
                .environmentObject(uploads)
        }
    }
}

struct ContentView: View {
    @EnvironmentObject var uploads: UploadService
    var body: some View {
        Button("Generate") { Task { try? await uploads.generate(prompt: "aurora timelapse") } }
    }
}
