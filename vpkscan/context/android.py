"""What ships in an Android app: a module's source sets, its build file, its resources.

A Gradle module builds the app from ``src/<source set>/`` (``main``, build types such as
``debug``/``release``, flavours): code under ``java/``/``kotlin/``, resources under
``res/``, files under ``assets/``, the manifest. Test source sets (``test``,
``androidTest``, …), lint and ProGuard files, and anything else in the module do not ship.
"""

from __future__ import annotations

from vpkscan.context.classifier_types import Evidence
from vpkscan.context.kotlin import classify_multiplatform
from vpkscan.context.paths import basename
from vpkscan.context.project import Project, join, parent_dirs
from vpkscan.lazy_regex import LazyPattern

BUILD_FILES = ("build.gradle", "build.gradle.kts")
#: A build file that applies an Android plugin (by id, or by a version-catalog alias).
_ANDROID_PLUGIN = LazyPattern(
    rb"com\.android\.|android[.-](?:application|library)|androidApplication|androidLibrary"
)
#: Modules that build something else than the app: Gradle plugins that configure Android
#: builds (``build-logic/``, ``buildSrc/``), and test modules (``com.android.test``:
#: benchmarks, instrumented test apps).
_NOT_THE_APP = LazyPattern(
    rb"kotlin-dsl|java-gradle-plugin|gradlePlugin\s*\{|[\"']com\.android\.test[\"']"
    rb"|plugins\.[\w.]*android[.-]test\b|plugins\.[\w.]*benchmark"
)
#: Google's Secrets Gradle Plugin, which compiles every property of its files into
#: ``BuildConfig`` and the manifest.
_SECRETS_PLUGIN = LazyPattern(rb"secrets-gradle-plugin|mapsplatform\.secrets|plugins\.secrets\b")
_SECRETS_FILES = frozenset({"secrets.properties", "local.defaults.properties"})
#: What a folder right inside a source set holds, as shipped in the APK.
_SOURCE_SET_PARTS = {
    "java": "code compiled into the app",
    "kotlin": "code compiled into the app",
    "res": "a resource packaged in the APK (readable with any APK tool)",
    "assets": "an asset packaged in the APK as it is",
    "resources": "a Java resource packaged in the APK",
    "jniLibs": "a native library packaged in the APK",
    "cpp": "native code compiled into the app",
    "aidl": "an interface compiled into the app",
    "ml": "a model packaged in the APK",
}


def _is_test_source_set(name: str) -> bool:
    return (
        name.startswith(("test", "androidTest"))
        or name.endswith("Test")
        or name
        in {
            "sharedTest",
            "testFixtures",
        }
    )


def module_of(path: str, project: Project) -> str | None:
    """The Android Gradle module folder holding ``path``, or None.

    The nearest Gradle module owns the file: a JVM module beside the app (a Ktor
    backend) is not compiled into it.
    """
    for directory in parent_dirs(path):
        holder = directory.rpartition("/")[0]
        if holder == "src" or holder.endswith("/src"):
            continue  # ``app/src/main`` is a source set, not a module
        for build_file in BUILD_FILES:
            candidate = join(directory, build_file)
            if project.has(candidate):
                text = project.text(candidate)
                if _NOT_THE_APP().search(text):
                    return None
                if _ANDROID_PLUGIN().search(text) or project.has(
                    join(directory, "src/main/AndroidManifest.xml")
                ):
                    return directory
                return None
        if project.has(join(directory, "src/main/AndroidManifest.xml")):
            return directory
        if project.has(join(directory, "AndroidManifest.xml")):
            return directory  # the layout before Gradle: res/ and assets/ beside it
    return None


def _secrets_plugin_user(path: str, project: Project) -> str | None:
    """The build file beside or below ``path`` that applies the Secrets Gradle Plugin."""
    directory = path.rpartition("/")[0]
    for child in ("", "app"):
        for build_file in BUILD_FILES:
            candidate = join(join(directory, child) if child else directory, build_file)
            if project.has(candidate) and _SECRETS_PLUGIN().search(project.text(candidate)):
                return candidate
    return None


def _in_android_project(path: str, project: Project) -> bool:
    """Whether any Android module sits at or below the folder of ``path``."""
    directory = path.rpartition("/")[0]
    return project.any_path_under(directory, lambda p: p.endswith("AndroidManifest.xml"))


def classify_android(path: str, project: Project) -> Evidence | None:
    """Evidence that ``path`` is built into an Android app, or None."""
    name = basename(path)
    if name == "gradle.properties" and _in_android_project(path, project):
        return ("`gradle.properties` feeds the Android build (buildConfigField, resValue)",)
    if name in _SECRETS_FILES:
        user = _secrets_plugin_user(path, project)
        if user is not None:
            return (
                f"`{user}` applies the Secrets Gradle Plugin, which compiles the properties "
                f"of `{name}` into BuildConfig and the manifest",
            )
    multiplatform = classify_multiplatform(path, project)
    if multiplatform is not None:
        return multiplatform or None
    module = module_of(path, project)
    if module is None:
        return None
    shown = f"`{module}`" if module else "the project root"
    inner = path[len(module) + 1 :] if module else path
    parts = inner.split("/")
    if parts[0] == "src" and len(parts) >= 3:
        source_set = parts[1]
        if _is_test_source_set(source_set):
            return None
        if name == "google-services.json":
            return (f"`{name}` is compiled into the resources of the Android module {shown}",)
        if parts[2] == "AndroidManifest.xml":
            return (f"`{path}` is the manifest of the Android module {shown}, shipped in the APK",)
        what = _SOURCE_SET_PARTS.get(parts[2])
        if what is None:
            return None
        return (f"`{path}` is {what} (source set `{source_set}` of the Android module {shown})",)
    if name in BUILD_FILES:
        return (
            f"`{path}` configures the Android module {shown}; values in "
            "buildConfigField/resValue are compiled into the app",
        )
    if name == "google-services.json":
        return (f"`{name}` is compiled into the resources of the Android module {shown}",)
    if project.has(join(module, "AndroidManifest.xml")) and parts[0] in {"res", "assets"}:
        return (f"`{path}` is packaged in the APK of the Android module {shown}",)
    if inner == "AndroidManifest.xml":
        return ("`AndroidManifest.xml` ships inside the Android app",)
    return None
