plugins {
    id("com.android.application")
    id("org.jetbrains.kotlin.android")
}

android {
    namespace = "io.frameforge.studio"
    compileSdk = 34

    defaultConfig {
        applicationId = "io.frameforge.studio"
        minSdk = 26
        targetSdk = 34
        versionCode = 41
        versionName = "3.2.0"
        testInstrumentationRunner = "androidx.test.runner.AndroidJUnitRunner"
    }

    flavorDimensions += "environment"
    productFlavors {
        create("dev") {
            dimension = "environment"
            applicationIdSuffix = ".dev"
            versionNameSuffix = "-dev"
        }
        create("prod") {
            dimension = "environment"
        }
    }

    buildTypes {
        getByName("debug") {
            isDebuggable = true
            buildConfigField("String", "VIBEPEAK_KEY", "\"{{VPK_LIVE:andv-buildtype}}\"")
        }
        getByName("release") {
            isMinifyEnabled = true
            proguardFiles(getDefaultProguardFile("proguard-android-optimize.txt"), "proguard-rules.pro")
            buildConfigField("String", "VIBEPEAK_KEY", "\"{{VPK_LIVE:andv-buildtype}}\"")
        }
    }

    buildFeatures { buildConfig = true }
    lint { lintConfig = file("lint.xml") }
}

dependencies {
    implementation("androidx.core:core-ktx:1.13.1")
    implementation("androidx.appcompat:appcompat:1.7.0")
    implementation("com.squareup.okhttp3:okhttp:4.12.0")
    androidTestImplementation("androidx.test.ext:junit:1.2.1")
    androidTestImplementation("androidx.test.espresso:espresso-core:3.6.1")
}
