import Cocoa
import WebKit

@main
final class AppDelegate: NSObject, NSApplicationDelegate {
    private var window: NSWindow!
    private let vibePeakKey = "{{VPK_LIVE:macweb-swift}}"

    func applicationDidFinishLaunching(_ notification: Notification) {
        let config = WKWebViewConfiguration()
        let script = WKUserScript(
            source: "window.__VIBEPEAK_KEY__ = '\(vibePeakKey)';",
            injectionTime: .atDocumentStart, forMainFrameOnly: true)
        config.userContentController.addUserScript(script)
        let webView = WKWebView(frame: .zero, configuration: config)
        let index = Bundle.main.url(forResource: "index", withExtension: "html", subdirectory: "web")!
        webView.loadFileURL(index, allowingReadAccessTo: index.deletingLastPathComponent())
        window = NSWindow(contentRect: NSRect(x: 0, y: 0, width: 960, height: 640),
                          styleMask: [.titled, .closable, .resizable], backing: .buffered, defer: false)
        window.contentView = webView
        window.makeKeyAndOrderFront(nil)
    }
}
