"""What ships from a Kotlin Multiplatform module: each source set builds one target.

``commonMain`` is compiled into every target of the module, ``androidMain`` into the
Android app, ``iosMain`` (and the other Apple source sets) into the framework an iOS app
links, ``jsMain``/``wasmJsMain`` into code that runs in the browser; ``jvmMain`` and
``desktopMain`` build desktop or server programs, and test source sets ship nowhere.
"""

from __future__ import annotations

from typing import Literal

from vpkscan.context.classifier_types import Evidence
from vpkscan.context.project import Project, join, parent_dirs
from vpkscan.lazy_regex import IGNORECASE, LazyPattern

_BUILD_FILES = ("build.gradle.kts", "build.gradle")
#: The Kotlin Multiplatform plugin, by id, by ``kotlin("multiplatform")`` or by alias.
_MULTIPLATFORM = LazyPattern(
    rb"kotlin\(\s*\"multiplatform\"\s*\)|org\.jetbrains\.kotlin\.multiplatform"
    rb"|plugins\.kotlin[.-]?[Mm]ultiplatform\b|plugins\.kmp\b"
)
#: An Android target in a multiplatform module (application or library plugin).
_ANDROID_TARGET = LazyPattern(
    rb"com\.android\.|plugins\.android\w*|plugins\.[\w.]*[Aa]ndroid(?:Application|Library)"
    rb"|androidTarget\(|\bandroid\s*\{|androidLibrary\s*\{"
)
#: An Apple target (``iosArm64()``, ``iosSimulatorArm64()``, ``macosArm64()``…).
_APPLE_TARGET = LazyPattern(rb"\b(?:ios|macos|tvos|watchos)(?:X64|Arm64|SimulatorArm64|Arm32)\b")
_WEB = LazyPattern(r"^(?:js|wasm|wasmJs|wasmWasi|web)Main$")
_APPLE = LazyPattern(r"^(?:ios|apple|native|macos|tvos|watchos)\w*Main$", IGNORECASE)
_ANDROID = frozenset({"androidMain", "main"})
_SHIPPED_FOLDERS = frozenset({"kotlin", "resources", "composeResources", "res", "assets"})


def web_source_set(path: str) -> str | None:
    """``composeApp/src/wasmJsMain/…``: the source set compiled to JavaScript or
    WebAssembly for browsers, or None."""
    parts = path.split("/")
    for at in range(len(parts) - 2):
        if parts[at] == "src" and _WEB().match(parts[at + 1]):
            return parts[at + 1]
    return None


def _module(path: str, project: Project) -> tuple[str, bytes] | None:
    """The multiplatform module holding ``path`` and its build file's text, or None."""
    for directory in parent_dirs(path):
        holder = directory.rpartition("/")[0]
        if holder == "src" or holder.endswith("/src"):
            continue
        for name in _BUILD_FILES:
            candidate = join(directory, name)
            if project.has(candidate):
                text = project.text(candidate)
                return (directory, text) if _MULTIPLATFORM().search(text) else None
    return None


def classify_multiplatform(path: str, project: Project) -> Evidence | Literal[False] | None:
    """Evidence that a source set of a multiplatform module ships in an app; False when
    ``path`` is in such a module but ships in no mobile app; None outside one."""
    found = _module(path, project)
    if found is None:
        return None
    module, text = found
    inner = path[len(module) + 1 :] if module else path
    parts = inner.split("/")
    if parts[0] != "src" or len(parts) < 3:
        return None  # the build file and the module's other files: the Android rules
    source_set = parts[1]
    manifest = source_set in _ANDROID and parts[2] == "AndroidManifest.xml"
    if not manifest and (len(parts) < 4 or parts[2] not in _SHIPPED_FOLDERS):
        return False
    shown = f"`{module}`" if module else "the project root"
    android = bool(_ANDROID_TARGET().search(text))
    apple = bool(_APPLE_TARGET().search(text))
    if _APPLE().match(source_set):
        return (
            f"`{path}` is compiled into the framework an Apple app links (source set "
            f"`{source_set}` of the Kotlin Multiplatform module {shown})",
        )
    if source_set in _ANDROID and android:
        return (
            f"`{path}` is compiled into the Android app (source set `{source_set}` of the "
            f"Kotlin Multiplatform module {shown})",
        )
    if source_set == "commonMain" and (android or apple):
        targets = " and ".join(n for n, on in (("Android", android), ("Apple", apple)) if on)
        return (
            f"`{path}` is shared code of the Kotlin Multiplatform module {shown}, compiled "
            f"into its {targets} app",
        )
    return False
