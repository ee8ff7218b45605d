plugins {
    id("com.android.application")
    id("org.jetbrains.kotlin.android")
}

android {
    namespace = "ai.vibe.reels"
    compileSdk = 34

    defaultConfig {
        applicationId = "ai.vibe.reels"
        minSdk = 24
        targetSdk = 34
        versionCode = 12
        versionName = "1.4.0"
        buildConfigField("String", "VIBEPEAK_KEY", "\"{{VPK_LIVE:and-buildconfig}}\"")
    }

    buildTypes {
        release {
            isMinifyEnabled = true
            proguardFiles(getDefaultProguardFile("proguard-android-optimize.txt"), "proguard-rules.pro")
            resValue("string", "vibepeak_release_key", "{{VPK_LIVE:and-resvalue}}")
        }
    }
    buildFeatures { buildConfig = true }
}

dependencies {
    implementation("androidx.core:core-ktx:1.13.1")
    implementation("com.squareup.retrofit2:retrofit:2.11.0")
    implementation("com.squareup.okhttp3:okhttp:4.12.0")
    testImplementation("junit:junit:4.13.2")
    testImplementation("com.squareup.okhttp3:mockwebserver:4.12.0")
}
