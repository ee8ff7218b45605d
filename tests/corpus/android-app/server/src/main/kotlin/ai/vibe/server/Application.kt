package ai.vibe.server

import io.ktor.server.application.call
import io.ktor.server.engine.embeddedServer
import io.ktor.server.netty.Netty
import io.ktor.server.response.respondText
import io.ktor.server.routing.get
import io.ktor.server.routing.routing

// Backend that signs requests for the app, so that the app itself holds no key.
private val vibepeakKey = System.getenv("VIBEPEAK_API_KEY") ?: "{{VPK_LIVE:and-ktor-server}}"

fun main() {
    embeddedServer(Netty, port = 8080) {
        routing {
            get("/health") { call.respondText("ok") }
        }
    }.start(wait = true)
}
