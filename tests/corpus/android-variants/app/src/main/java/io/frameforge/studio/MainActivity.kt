package io.frameforge.studio

import android.os.Bundle
import androidx.appcompat.app.AppCompatActivity
import okhttp3.OkHttpClient
import okhttp3.Request

class MainActivity : AppCompatActivity() {
    private val http = OkHttpClient()

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        val key = getString(R.string.vibepeak_key).ifEmpty { BuildConfig.VIBEPEAK_KEY }
        Thread {
            http.newCall(
                Request.Builder()
                    .url("https://api.vibepeak.ai/v1/tasks?limit=1")
                    .header("Authorization", "Bearer $key")
                    .build()
            ).execute().close()
        }.start()
    }
}
