package ai.vibe.reels

import ai.vibe.reels.data.VibePeakClient
import okhttp3.mockwebserver.MockResponse
import okhttp3.mockwebserver.MockWebServer
import org.junit.Assert.assertEquals
import org.junit.Test

class VibePeakClientTest {
    @Test
    fun sendsBearerKey() {
        val server = MockWebServer()
        server.enqueue(MockResponse().setBody("{}"))
        val client = VibePeakClient("{{VPK_LIVE:and-unit-test}}")
        client.http.newCall(okhttp3.Request.Builder().url(server.url("/v1/tasks/x")).build()).execute()
        assertEquals("Bearer {{VPK_LIVE:and-unit-test}}", server.takeRequest().getHeader("Authorization"))
    }
}
