"""VPK002: a key in mobile app code, resources, build settings or a packaged app."""

from __future__ import annotations

from vpkscan.context.classifier_types import Evidence
from vpkscan.context.client import server_reason
from vpkscan.context.paths import basename, extension, segments
from vpkscan.context.project import Project, join, parent_dirs
from vpkscan.context.signals import (
    CAPACITOR_CORDOVA_CONFIGS,
    EXPO_CONFIG_NAMES,
    MOBILE_DEPENDENCIES,
    MOBILE_EXTENSIONS_ANDROID,
    MOBILE_EXTENSIONS_IOS,
    PACKAGED_APP_EXTENSIONS,
)
from vpkscan.paths import path_parts

_ANDROID_BUILD_FILES = ("build.gradle", "build.gradle.kts")


def _android_module(path: str, project: Project) -> str | None:
    """The Android module folder holding ``path`` (one with an AndroidManifest), or None."""
    for directory in parent_dirs(path):
        if project.has(join(directory, "src/main/AndroidManifest.xml")) or project.has(
            join(directory, "AndroidManifest.xml")
        ):
            return directory
        for build_file in _ANDROID_BUILD_FILES:
            candidate = join(directory, build_file)
            if project.has(candidate):
                # The nearest Gradle module owns the file: a JVM module beside the app
                # (a Ktor backend) is not compiled into it.
                return directory if b"com.android." in project.text(candidate) else None
    return None


def _android_project(path: str, project: Project) -> bool:
    """Whether any Android module sits at or below the folder of ``path``."""
    directory = path.rpartition("/")[0]
    return project.any_path_under(directory, lambda p: p.endswith("AndroidManifest.xml"))


def _xcode_root(path: str, project: Project) -> str | None:
    for directory in parent_dirs(path):
        if directory in project.xcode_roots:
            return directory
    return None


def _android(path: str, project: Project) -> Evidence | None:
    name = basename(path)
    if name == "AndroidManifest.xml":
        return ("`AndroidManifest.xml` ships inside the Android app",)
    parts = segments(path)
    if (
        extension(path) == ".xml"
        and any(p.startswith("values") for p in parts[-1:])
        and ("res" in parts)
    ):
        return (f"`{path}` is an Android resource, readable in the APK",)
    if name == "gradle.properties" and _android_project(path, project):
        return ("`gradle.properties` feeds the Android build (buildConfigField, resValue)",)
    if extension(path) not in MOBILE_EXTENSIONS_ANDROID:
        return None
    module = _android_module(path, project)
    if module is None:
        return None
    shown = module.removesuffix("/src/main") or "the project root"
    if name in _ANDROID_BUILD_FILES:
        return (
            f"`{path}` configures the Android module `{shown}`; values in "
            "buildConfigField/resValue are compiled into the app",
        )
    return (f"`{path}` belongs to the Android module `{shown}`, compiled into the app",)


def _ios(path: str, project: Project) -> Evidence | None:
    ext = extension(path)
    if ext not in MOBILE_EXTENSIONS_IOS:
        return None
    name = basename(path)
    if name == "Info.plist" or ext in {".xcconfig", ".entitlements"}:
        return (f"`{name}` is an Apple app's build setting, shipped in the app bundle",)
    root = _xcode_root(path, project)
    if root is None:
        return None
    return (f"`{path}` belongs to the Xcode project in `{root or '.'}`, compiled into the app",)


def _flutter(path: str, project: Project) -> Evidence | None:
    root = project.nearest(path, "pubspec.yaml")
    if extension(path) == ".dart":
        if root is None:
            return ("`.dart` code is compiled into a Flutter app",)
        if b"flutter" in project.text(join(root, "pubspec.yaml")):
            return (f"`{join(root, 'pubspec.yaml')}` is a Flutter app; `{path}` ships in it",)
        return None
    if root is not None and b"flutter" in project.text(join(root, "pubspec.yaml")):
        inner = path[len(root) + 1 :] if root else path
        if inner.startswith(("lib/", "assets/", "android/", "ios/", "web/")):
            return (f"`{path}` is bundled into the Flutter app of `{root or '.'}`",)
    return None


def _javascript_app(path: str, project: Project) -> Evidence | None:
    name = basename(path)
    for config in CAPACITOR_CORDOVA_CONFIGS:
        root = project.nearest(path, config)
        if root is None:
            continue
        # `config.xml` is a common name (Jenkins jobs, Maven): only Cordova's <widget> counts.
        if config == "config.xml" and b"<widget" not in project.text(join(root, config)):
            continue
        if name == config:
            return (f"`{path}` configures a Capacitor/Cordova app",)
        inner = path[len(root) + 1 :] if root else path
        if inner.startswith("www/"):
            return (f"`www/` of the Capacitor/Cordova app in `{root or '.'}` ships in the app",)
    package = project.package(path)
    if package is not None:
        mobile = sorted(package.dependencies & MOBILE_DEPENDENCIES)
        # Node scripts, API routes and build config of an app package never ship in it.
        if mobile and server_reason(path, project) is None:
            return (
                f"`{package.manifest}` depends on {mobile[0]}; `{path}` ships in the app bundle",
            )
    if name in EXPO_CONFIG_NAMES and b'"expo"' in project.text(path):
        return (f"`{name}` is an Expo app config, embedded in the app",)
    return None


def classify_mobile(path: str, project: Project) -> Evidence | None:
    """Evidence that the key ships inside a mobile app, or None."""
    # ``app.apk!classes.dex``: a member of a packaged app is in the app too.
    for part in path_parts(path):
        if extension(part) in PACKAGED_APP_EXTENSIONS:
            return (f"`{basename(part)}` is a packaged mobile app",)
    return (
        _android(path, project)
        or _ios(path, project)
        or _flutter(path, project)
        or _javascript_app(path, project)
    )
