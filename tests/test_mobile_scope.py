"""Mobile rules cover what ships in the app, and only that, on real project layouts.

Each case is a small repository laid out as real projects of its kind are (Gradle
modules and source sets, build-logic and benchmark modules, Xcode projects and their
build phases, generated Xcode projects, server-side Swift, Flutter tools, React Native
tooling); a key is planted in one file and its primary rule is checked through the CLI.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import Repo, scan_json
from tests.keys import live_key, test_key

KEY = "{key}"
ANDROID_APP = 'plugins { alias(libs.plugins.android.application) }\nandroid { namespace = "a" }\n'
PBXPROJ = (
    "// !$*UTF8*$!\n{\n\tobjects = {\n"
    "\t\tA1 /* web in Resources */ = {isa = PBXBuildFile; fileRef = B1 /* web */; };\n"
    "\t\tA2 /* AppDelegate.swift in Sources */ = {isa = PBXBuildFile; };\n"
    "\t};\n}\n"
)

SECRETS_APP = (
    "plugins {\n    alias(libs.plugins.android.application)\n"
    '    id("com.google.android.libraries.mapsplatform.secrets-gradle-plugin")\n}\n'
)

KMP_APP = (
    "plugins {\n    alias(libs.plugins.kotlinMultiplatform)\n"
    "    alias(libs.plugins.androidApplication)\n}\n"
    "kotlin { androidTarget(); iosArm64(); wasmJs { browser() } }\n"
)

KMP_LIBRARY = (
    "plugins {\n    alias(libs.plugins.kotlinMultiplatform)\n"
    "    alias(libs.plugins.android.kotlin.multiplatform.library)\n}\n"
    "kotlin { iosArm64 { binaries.framework() }; jvm() }\n"
)
KMP_IOS_ONLY = 'plugins { kotlin("multiplatform") }\nkotlin { iosSimulatorArm64() }\n'

CASES: dict[str, tuple[dict[str, str], str, set[str]]] = {
    "kotlin multiplatform library by catalog alias": (
        {"shared/build.gradle.kts": KMP_LIBRARY, "shared/src/commonMain/kotlin/Api.kt": KEY},
        "shared/src/commonMain/kotlin/Api.kt",
        {"VPK002"},
    ),
    "kotlin multiplatform capitalised apple source set": (
        {"shared/build.gradle.kts": KMP_LIBRARY, "shared/src/iOSMain/kotlin/Api.kt": KEY},
        "shared/src/iOSMain/kotlin/Api.kt",
        {"VPK002"},
    ),
    "kotlin multiplatform jvm source set is not mobile": (
        {"shared/build.gradle.kts": KMP_LIBRARY, "shared/src/jvmMain/kotlin/Api.kt": KEY},
        "shared/src/jvmMain/kotlin/Api.kt",
        {"VPK005"},
    ),
    "kotlin multiplatform for ios only": (
        {"shared/build.gradle.kts": KMP_IOS_ONLY, "shared/src/commonMain/kotlin/Api.kt": KEY},
        "shared/src/commonMain/kotlin/Api.kt",
        {"VPK002"},
    ),
    "kotlin multiplatform shared code": (
        {"composeApp/build.gradle.kts": KMP_APP, "composeApp/src/commonMain/kotlin/Api.kt": KEY},
        "composeApp/src/commonMain/kotlin/Api.kt",
        {"VPK002"},
    ),
    "kotlin multiplatform ios source set": (
        {"composeApp/build.gradle.kts": KMP_APP, "composeApp/src/iosMain/kotlin/Api.kt": KEY},
        "composeApp/src/iosMain/kotlin/Api.kt",
        {"VPK002"},
    ),
    "kotlin multiplatform wasm source set runs in the browser": (
        {"composeApp/build.gradle.kts": KMP_APP, "composeApp/src/wasmJsMain/kotlin/Api.kt": KEY},
        "composeApp/src/wasmJsMain/kotlin/Api.kt",
        {"VPK003"},
    ),
    "secrets gradle plugin properties": (
        {"app/build.gradle.kts": SECRETS_APP, "secrets.properties": "VIBEPEAK_KEY={key}\n"},
        "secrets.properties",
        {"VPK002"},
    ),
    "properties file without the secrets plugin": (
        {"app/build.gradle.kts": ANDROID_APP, "secrets.properties": "VIBEPEAK_KEY={key}\n"},
        "secrets.properties",
        {"VPK005"},
    ),
    "android raw resource": (
        {"app/build.gradle.kts": ANDROID_APP, "app/src/main/res/raw/config.json": '{"k": "{key}"}'},
        "app/src/main/res/raw/config.json",
        {"VPK002"},
    ),
    "android asset": (
        {"app/build.gradle.kts": ANDROID_APP, "app/src/main/assets/keys.properties": "k={key}"},
        "app/src/main/assets/keys.properties",
        {"VPK002"},
    ),
    "android instrumented test": (
        {
            "app/build.gradle.kts": ANDROID_APP,
            "app/src/main/AndroidManifest.xml": "<manifest/>",
            "app/src/androidTest/java/a/ApiTest.kt": 'val k = "{key}"',
        },
        "app/src/androidTest/java/a/ApiTest.kt",
        {"VPK005", "VPK008"},
    ),
    "android google-services of a variant": (
        {
            "app/build.gradle.kts": ANDROID_APP,
            "app/src/release/google-services.json": '{"k": "{key}"}',
        },
        "app/src/release/google-services.json",
        {"VPK002"},
    ),
    "android lint configuration": (
        {"app/build.gradle.kts": ANDROID_APP, "app/lint.xml": "<lint k='{key}'/>"},
        "app/lint.xml",
        {"VPK005"},
    ),
    "gradle convention plugin": (
        {
            "app/build.gradle.kts": ANDROID_APP,
            "build-logic/convention/build.gradle.kts": (
                "plugins { `kotlin-dsl` }\n"
                "dependencies { compileOnly(libs.android.gradlePlugin) }\n"
                'gradlePlugin { plugins { register("androidApplication") '
                '{ id = "x.android.application" } } }\n'
            ),
            "build-logic/convention/src/main/kotlin/AppPlugin.kt": 'const val K = "{key}"',
        },
        "build-logic/convention/src/main/kotlin/AppPlugin.kt",
        {"VPK005"},
    ),
    "android benchmark module": (
        {
            "app/build.gradle.kts": ANDROID_APP,
            "benchmarks/build.gradle.kts": 'plugins { id("com.android.test") }\n',
            "benchmarks/src/main/kotlin/b/StartupBenchmark.kt": 'const val K = "{key}"',
        },
        "benchmarks/src/main/kotlin/b/StartupBenchmark.kt",
        {"VPK005"},
    ),
    "android CI workflow": (
        {"app/build.gradle.kts": ANDROID_APP, ".github/workflows/build.yml": "env:\n  K: {key}\n"},
        ".github/workflows/build.yml",
        {"VPK005", "VPK008"},
    ),
    "flutter developer tool": (
        {
            "pubspec.yaml": "name: a\ndependencies:\n  flutter:\n    sdk: flutter\n",
            "tool/seed.dart": "const k = '{key}';",
            "lib/main.dart": "void main() {}",
        },
        "tool/seed.dart",
        {"VPK005"},
    ),
    "flutter dotenv asset": (
        {
            "pubspec.yaml": (
                "name: a\ndependencies:\n  flutter:\n    sdk: flutter\n"
                "flutter:\n  assets:\n    - .env\n"
            ),
            ".env": "VIBEPEAK_API_KEY={key}\n",
        },
        ".env",
        {"VPK002"},
    ),
    "swift target without an xcode project": (
        {
            "Sources/App/Info.plist": "<plist/>",
            "Sources/App/Api.swift": 'import Foundation\nlet k = "{key}"',
        },
        "Sources/App/Api.swift",
        {"VPK002"},
    ),
    "swiftui file without a target folder": (
        {"Shared/ContentView.swift": 'import SwiftUI\nlet k = "{key}"'},
        "Shared/ContentView.swift",
        {"VPK002"},
    ),
    "server-side swift": (
        {
            "server/Package.swift": (
                '.package(url: "https://github.com/vapor/vapor.git", from: "4.0.0")'
            ),
            "server/Sources/Run/main.swift": 'import Vapor\nimport SwiftUI\nlet k = "{key}"',
        },
        "server/Sources/Run/main.swift",
        {"VPK005"},
    ),
    "web view bundled by an xcode build phase": (
        {
            "MacApp.xcodeproj/project.pbxproj": PBXPROJ,
            "MacApp/AppDelegate.swift": "import AppKit",
            "MacApp/web/app.js": 'const k = "{key}";',
        },
        "MacApp/web/app.js",
        {"VPK002"},
    ),
    "script beside an xcode project": (
        {
            "MacApp.xcodeproj/project.pbxproj": PBXPROJ,
            "scripts/notarize.swift": 'let k = "{key}"',
        },
        "scripts/notarize.swift",
        {"VPK005"},
    ),
    "release xcconfig": (
        {"MacApp.xcodeproj/project.pbxproj": PBXPROJ, "Config/Release.xcconfig": "K = {key}\n"},
        "Config/Release.xcconfig",
        {"VPK002"},
    ),
    "debug xcconfig": (
        {"MacApp.xcodeproj/project.pbxproj": PBXPROJ, "Config/Debug.xcconfig": "K = {key}\n"},
        "Config/Debug.xcconfig",
        {"VPK002", "VPK008"},
    ),
    "react native component": (
        {
            "package.json": '{"dependencies": {"react-native": "0.74.0"}}',
            "src/screens/Home.tsx": 'const k = "{key}";',
        },
        "src/screens/Home.tsx",
        {"VPK002"},
    ),
    "react native editor settings": (
        {
            "package.json": '{"dependencies": {"react-native": "0.74.0"}}',
            ".vscode/launch.json": '{"env": {"K": "{key}"}}',
        },
        ".vscode/launch.json",
        {"VPK005"},
    ),
    "react native readme": (
        {"package.json": '{"dependencies": {"react-native": "0.74.0"}}', "README.md": "key: {key}"},
        "README.md",
        {"VPK005"},
    ),
    "react native tool config": (
        {
            "package.json": '{"dependencies": {"react-native": "0.74.0", "react": "18.2.0"}}',
            "lint-staged.config.js": 'module.exports = { k: "{key}" };',
        },
        "lint-staged.config.js",
        {"VPK005"},
    ),
    "react-native-config bundles the dotenv file": (
        {
            "package.json": (
                '{"dependencies": {"react-native": "0.74.0", "react-native-config": "1.5.0"}}'
            ),
            ".env": "API_KEY={key}\n",
        },
        ".env",
        {"VPK002"},
    ),
    "expo private variable in dotenv": (
        {"package.json": '{"dependencies": {"expo": "51.0.0"}}', ".env": "API_KEY={key}\n"},
        ".env",
        {"VPK004"},
    ),
    "storybook env": (
        {
            "package.json": '{"devDependencies": {"storybook": "8.0.0", "react": "18.2.0"}}',
            ".storybook/main.ts": (
                'export default { env: (config) => ({ ...config, K: "{key}" }) };'
            ),
        },
        ".storybook/main.ts",
        {"VPK001"},
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_rule_follows_what_ships(tmp_path: Path, case: str) -> None:
    files, path, expected = CASES[case]
    key = live_key(case)
    repo = Repo.init(tmp_path / "repo")
    repo.commit_files({name: text.replace(KEY, key) for name, text in files.items()})
    findings = scan_json(cwd=repo.path)
    assert {f["path"] for f in findings} == {path}
    assert {f["rule_id"] for f in findings} == expected, [f["message"] for f in findings]


def test_evidence_names_what_ships_and_why(tmp_path: Path) -> None:
    repo = Repo.init(tmp_path / "repo")
    repo.commit_files(
        {
            "app/build.gradle.kts": ANDROID_APP,
            "app/src/debug/res/values/keys.xml": f"<string name='k'>{test_key('dbg')}</string>",
        }
    )
    (finding,) = scan_json(cwd=repo.path)
    assert finding["rule_id"] == "VPK002"
    assert "source set `debug` of the Android module `app`" in finding["message"]
    assert "packaged in the APK" in finding["message"]
