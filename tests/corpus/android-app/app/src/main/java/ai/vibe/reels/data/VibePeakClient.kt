package ai.vibe.reels.data

import okhttp3.Interceptor
import okhttp3.OkHttpClient

private const val FALLBACK_KEY = "{{VPK_LIVE:and-kotlin}}"

class VibePeakClient(private val key: String = FALLBACK_KEY) {
    val http: OkHttpClient = OkHttpClient.Builder()
        .addInterceptor(Interceptor { chain ->
            chain.proceed(
                chain.request().newBuilder()
                    .header("Authorization", "Bearer $key")
                    .build()
            )
        })
        .build()
}
