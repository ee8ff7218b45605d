"""What ships in an Apple app (iOS, macOS, watchOS, tvOS): sources, settings, resources.

An app target is known by a committed Xcode project, or, where the project is generated
(XcodeGen's ``project.yml``, Tuist's ``Project.swift``) or absent, by a target folder
holding ``Info.plist`` or by code importing an app UI framework. Resources such as a
web view's ``index.html`` ship when a build phase of the Xcode project copies them.
Server-side Swift (a Vapor or Hummingbird package) and the project's tooling do not.
"""

from __future__ import annotations

from functools import cache

from vpkscan.context.classifier_types import Evidence
from vpkscan.context.paths import basename, extension
from vpkscan.context.project import Project, join, parent_dirs
from vpkscan.context.scope import tooling_reason
from vpkscan.lazy_regex import MULTILINE, LazyPattern

_CODE = frozenset({".swift", ".m", ".mm", ".h"})
_RESOURCES = frozenset({".storyboard", ".xib", ".strings", ".stringsdict", ".xcstrings"})
#: Imports that make a Swift or Objective-C file app code.
_APP_FRAMEWORKS = LazyPattern(
    rb"^\s*(?:@?import|#import)\s+<?(UIKit|SwiftUI|AppKit|WatchKit|Cocoa)\b", MULTILINE
)
#: Dependencies of server-side Swift packages.
_SERVER_SWIFT = (b"vapor", b"hummingbird", b"Kitura", b"swift-aws-lambda", b"smoke-framework")
#: What a build phase of an Xcode project copies or compiles into the app.
_IN_PHASE = LazyPattern(
    r"/\* (?P<name>[^*\n]{1,200}?) in (?:Resources|Sources|Copy[^*\n]*|Embed[^*\n]*) \*/"
)
#: Xcode 16 folders whose whole content belongs to the target.
_SYNCED_GROUP = LazyPattern(
    r"isa = PBXFileSystemSynchronizedRootGroup;[^}]*?path = \"?(?P<path>[^\";\n]+)\"?;"
)
#: Generated-project specifications: XcodeGen and Tuist.
_PROJECT_SPECS = ("project.yml", "project.yaml", "Project.swift")


def xcode_root(path: str, project: Project) -> str | None:
    roots = project.xcode_roots
    for directory in parent_dirs(path):
        if directory in roots:
            return directory
    return None


def _server_package(path: str, project: Project) -> bool:
    root = project.nearest(path, "Package.swift")
    if root is None:
        return False
    manifest = project.text(join(root, "Package.swift"))
    return any(marker in manifest for marker in _SERVER_SWIFT)


@cache
def _members(text: str) -> tuple[frozenset[str], tuple[str, ...]]:
    names = frozenset(m.group("name") for m in _IN_PHASE().finditer(text, timeout=1))
    synced = tuple(m.group("path") for m in _SYNCED_GROUP().finditer(text, timeout=1))
    return names, synced


def _copied(path: str, root: str, project: Project) -> str | None:
    """The Xcode project whose build phases put ``path`` (or a folder holding it) in the
    app, or None."""
    inner = path[len(root) + 1 :] if root else path
    parts = inner.split("/")
    for pbxproj in project.xcode_projects.get(root, ()):
        names, synced = _members(project.text(pbxproj).decode("utf-8", "replace"))
        if any(part in names for part in parts) or any(
            inner.startswith(folder.rstrip("/") + "/") for folder in synced
        ):
            return pbxproj.rsplit("/", 1)[0]
    return None


def _target(path: str, project: Project) -> str | None:
    """Why ``path`` belongs to an Apple app target without a committed Xcode project."""
    plist = project.nearest(path, "Info.plist")
    if plist is not None:
        return f"`{plist or '.'}/` is an app target (it holds `Info.plist`)"
    for spec in _PROJECT_SPECS:
        folder = project.nearest(path, spec)
        if folder is not None:
            return f"`{join(folder, spec)}` generates the Xcode project that builds it"
    framework = _APP_FRAMEWORKS().search(project.head(path))
    if framework is not None:
        return f"`{basename(path)}` imports {framework.group(1).decode()}, an app UI framework"
    return None


def classify_apple(path: str, project: Project) -> Evidence | None:
    """Evidence that ``path`` is built into an Apple app, or None."""
    ext = extension(path)
    name = basename(path)
    root = xcode_root(path, project)
    if tooling_reason(path, root or "") is not None or _server_package(path, project):
        return None
    if name == "project.pbxproj":
        return (
            "`project.pbxproj` holds the Xcode project's build settings; those that "
            "Info.plist references are compiled into the app",
        )
    if ext == ".xcconfig":
        return (
            f"`{name}` sets build settings of an Apple app; values that Info.plist "
            "references (`$(NAME)`) are compiled into the app bundle",
        )
    if ext == ".entitlements":
        return (f"`{name}` is signed into the Apple app",)
    if ext == ".plist" and (name == "Info.plist" or root is not None or _target(path, project)):
        return (f"`{name}` is copied into the app bundle",)
    if ext in _CODE or ext in _RESOURCES:
        if root is not None:
            where = root or "."
            return (f"`{path}` belongs to the Xcode project in `{where}`, built into the app",)
        target = _target(path, project) if ext != ".h" else None
        if target is not None:
            return (target, f"`{name}` is built into the app")
        return None
    if root is not None:
        xcodeproj = _copied(path, root, project)
        if xcodeproj is not None:
            return (f"a build phase of `{xcodeproj}` copies `{path}` into the app bundle",)
    if "Resources" in path.split("/")[:-1]:
        target = (
            f"`{root or '.'}/` is an Xcode project" if root is not None else _target(path, project)
        )
        if target is not None:
            return (target, "its `Resources/` folder is copied into the app bundle")
    return None
