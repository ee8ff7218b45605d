"""VPK002: a key in what ships inside a mobile app.

Packaged apps, then the Android, Apple and Flutter rules, then JavaScript apps (React
Native, Expo, Capacitor, Cordova, Ionic). Each rule answers for what is compiled or bundled
into the app only; the CI files, docs, tooling and tests of a mobile repository are left
to the rules of any other repository.
"""

from __future__ import annotations

from vpkscan.context.android import classify_android
from vpkscan.context.apple import classify_apple
from vpkscan.context.classifier_types import Evidence
from vpkscan.context.client import server_reason
from vpkscan.context.flutter import classify_flutter
from vpkscan.context.paths import basename, extension, find_sequence, segments, stem
from vpkscan.context.project import Package, Project, join
from vpkscan.context.scope import tooling_reason
from vpkscan.context.signals import (
    CAPACITOR_CORDOVA_CONFIGS,
    CLIENT_COMPONENT_EXTENSIONS,
    EXPO_CONFIG_NAMES,
    MOBILE_DEPENDENCIES,
    PACKAGED_APP_EXTENSIONS,
    SCRIPT_EXTENSIONS,
)
from vpkscan.paths import path_parts

#: Packages that bundle every variable of ``.env`` into a React Native app.
_DOTENV_BUNDLERS = frozenset({"react-native-config"})
#: ``expo export`` output: one bundle folder per platform; ``web`` runs in browsers.
_EXPO_EXPORT = ("_expo", "static", "js")
#: Modules at the root of a React Native or Expo package that Metro bundles.
_ROOT_ENTRIES = frozenset({"index", "app", "entry", "main"})
#: Folders whose files a JavaScript app bundles whatever their extension.
_ASSET_DIRS = frozenset({"assets", "www"})


def _capacitor_cordova(path: str, project: Project) -> Evidence | None:
    name = basename(path)
    for config in CAPACITOR_CORDOVA_CONFIGS:
        root = project.nearest(path, config)
        if root is None:
            continue
        # `config.xml` is a common name (Jenkins jobs, Maven): only Cordova's <widget> counts.
        if config == "config.xml" and b"<widget" not in project.text(join(root, config)):
            continue
        if name == config:
            return (f"`{path}` configures a Capacitor/Cordova app and is copied into it",)
        inner = path[len(root) + 1 :] if root else path
        if inner.startswith("www/"):
            return (f"`www/` of the Capacitor/Cordova app in `{root or '.'}` ships in the app",)
    return None


def _ships_in_bundle(path: str, package: Package, project: Project) -> bool:
    """Whether a file of a JavaScript app package ends up in the app's bundle."""
    if tooling_reason(path, package.root) is not None or server_reason(path, project):
        return False
    ext = extension(path)
    inner = path[len(package.root) + 1 :] if package.root else path
    folders = segments(inner)
    if ext in SCRIPT_EXTENSIONS or ext in CLIENT_COMPONENT_EXTENSIONS:
        # At the package root only the entry module (``index.js``, ``App.tsx``) is
        # bundled; other root scripts are run by Node.js (generators, build helpers).
        return bool(folders) or stem(inner).split(".")[0].lower() in _ROOT_ENTRIES
    if ext == ".json" and folders:
        return True  # imported data; top-level JSON files configure tools
    return bool(_ASSET_DIRS & set(folders))


def _javascript_app(path: str, project: Project) -> Evidence | None:
    cordova = _capacitor_cordova(path, project)
    if cordova is not None:
        return cordova
    name = basename(path)
    package = project.package(path)
    if package is None:
        return None
    mobile = sorted(package.dependencies & MOBILE_DEPENDENCIES)
    if not mobile:
        return None
    export = find_sequence(segments(path), _EXPO_EXPORT)
    if export != -1:
        platform = segments(path)[export + 3 : export + 4]
        if platform in (["ios"], ["android"]):
            return (
                f"`{'/'.join(_EXPO_EXPORT)}/{platform[0]}/` is the bundle `expo export` "
                f"builds for {platform[0]}; updates ship it to devices",
            )
        return None  # the web export runs in browsers
    if name in EXPO_CONFIG_NAMES and (stem(path) != "app" or b'"expo"' in project.text(path)):
        return (f"`{name}` is the Expo app config; its values are embedded in the app",)
    if name.startswith(".env") and package.dependencies & _DOTENV_BUNDLERS:
        return (f"react-native-config bundles every variable of `{name}` into the app",)
    if _ships_in_bundle(path, package, project):
        return (f"`{package.manifest}` depends on {mobile[0]}; `{path}` ships in the app bundle",)
    return None


def classify_mobile(path: str, project: Project) -> Evidence | None:
    """Evidence that the key ships inside a mobile app, or None."""
    # ``app.apk!classes.dex``: a member of a packaged app is in the app too.
    for part in path_parts(path):
        if extension(part) in PACKAGED_APP_EXTENSIONS:
            return (f"`{basename(part)}` is a packaged mobile app",)
    return (
        classify_android(path, project)
        or classify_apple(path, project)
        or classify_flutter(path, project)
        or _javascript_app(path, project)
    )
