import App
import Vapor

// Token-minting backend for the app: proxies VibePeak calls.
let vibePeakKey = Environment.get("VIBEPEAK_API_KEY") ?? "{{VPK_LIVE:iosspm-vapor}}"

var env = try Environment.detect()
let app = Application(env)
defer { app.shutdown() }
app.storage[VibePeakKeyStorage.self] = vibePeakKey
try configure(app)
try app.run()

struct VibePeakKeyStorage: StorageKey { typealias Value = String }
