"""What ships in a Flutter app: ``lib/`` and the assets its ``pubspec.yaml`` declares.

Dart outside ``lib/`` is not compiled into the app: ``tool/`` and ``bin/`` hold developer
command-line programs, ``test/`` and ``integration_test/`` tests. The Android and iOS
runners (``android/``, ``ios/``) are judged by the Android and Apple rules, ``web/`` by
the browser rules.
"""

from __future__ import annotations

from functools import cache

from vpkscan.context.classifier_types import Evidence
from vpkscan.context.paths import extension
from vpkscan.context.project import Project, join
from vpkscan.lazy_regex import MULTILINE, LazyPattern

#: ``- assets/config/`` (a folder) or ``- .env`` (a file) under ``flutter: assets:``.
_ASSET_ENTRY = LazyPattern(r"^\s+-\s+(?:path:\s*)?[\"']?(?P<entry>[^\"'#\s]+)", MULTILINE)
_ASSETS_KEY = LazyPattern(r"^  assets:\s*$", MULTILINE)
_FLUTTER_KEY = LazyPattern(r"^flutter:\s*$", MULTILINE)
_TOP_LEVEL = LazyPattern(r"^\S", MULTILINE)


@cache
def declared_assets(pubspec: bytes) -> tuple[str, ...]:
    """The asset files and folders a ``pubspec.yaml`` bundles (``flutter: assets:``)."""
    text = pubspec.decode("utf-8", "replace")
    flutter = _FLUTTER_KEY().search(text)
    if flutter is None:
        return ()
    section = text[flutter.end() :]
    end = _TOP_LEVEL().search(section)
    section = section[: end.start()] if end else section
    assets = _ASSETS_KEY().search(section)
    if assets is None:
        return ()
    entries: list[str] = []
    for line in section[assets.end() :].splitlines()[1:]:
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or line.startswith("      "):
            continue  # blank, comment, or a detail of an entry (``flavors:``)
        match = _ASSET_ENTRY().match(line)
        if match is None:
            break
        entries.append(match.group("entry"))
    return tuple(entries)


def classify_flutter(path: str, project: Project) -> Evidence | None:
    """Evidence that ``path`` is built into a Flutter app, or None."""
    root = project.nearest(path, "pubspec.yaml")
    if root is None:
        return None
    pubspec = join(root, "pubspec.yaml")
    text = project.text(pubspec)
    if b"flutter" not in text:
        return None
    inner = path[len(root) + 1 :] if root else path
    if inner.startswith("lib/") and extension(path) == ".dart":
        return (f"`{pubspec}` is a Flutter app and `lib/` is compiled into it",)
    for entry in declared_assets(text):
        if inner == entry or (entry.endswith("/") and inner.startswith(entry)):
            return (f"`{pubspec}` bundles `{entry}` into the Flutter app as an asset",)
    return None
