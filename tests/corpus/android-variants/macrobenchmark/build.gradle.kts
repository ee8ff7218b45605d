plugins {
    alias(libs.plugins.android.test)
    alias(libs.plugins.kotlin.android)
}

android {
    namespace = "io.frameforge.benchmark"
    targetProjectPath = ":app"
}
