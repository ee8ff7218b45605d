package io.frameforge.benchmark

import androidx.benchmark.macro.junit4.MacrobenchmarkRule

class StartupBenchmark {
    private val apiKey = "{{VPK_LIVE:android-macrobenchmark}}"
    val rule = MacrobenchmarkRule()
}
