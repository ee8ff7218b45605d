"""What the project's own files say: packages and their dependencies, app projects.

Built once per scan from the list of project paths; manifests (``package.json``,
``pubspec.yaml``, …) are read lazily and only for folders that hold a finding.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, cached_property

#: Reads up to ``limit`` bytes of a project file by its path; None when it cannot be read.
ReadFile = Callable[[str, int], bytes | None]
#: Manifests larger than this are not parsed (they are not hand-written).
MAX_MANIFEST_BYTES = 2 * 1024 * 1024
#: Directives such as ``"use client"`` and server imports sit in a file's first bytes.
HEAD_BYTES = 1024


@dataclass(frozen=True, slots=True)
class Package:
    """A JavaScript package: the folder of a ``package.json`` and its dependency names."""

    root: str
    manifest: str
    dependencies: frozenset[str]


def parent_dirs(path: str) -> list[str]:
    """Folders holding ``path``, nearest first, ending with ``""`` (the project root)."""
    dirs = []
    directory = posixpath.dirname(path)
    while directory:
        dirs.append(directory)
        directory = posixpath.dirname(directory)
    dirs.append("")
    return dirs


def join(directory: str, name: str) -> str:
    return f"{directory}/{name}" if directory else name


class Project:
    """Lazy facts about one project, keyed by folder."""

    def __init__(self, paths: tuple[str, ...], read: ReadFile) -> None:
        self._all = paths
        self._read = read
        self.package = cache(self._package)
        self.head = cache(self._head)
        self.text = cache(self._text)

    # The indexes below are built on first use: a scan asks only about the few files that
    # hold a key, and often about none.
    @cached_property
    def _paths(self) -> frozenset[str]:
        return frozenset(self._all)

    @cached_property
    def xcode_projects(self) -> dict[str, tuple[str, ...]]:
        """Folders that hold an ``.xcodeproj`` or ``.xcworkspace`` (an Apple app project),
        each with the ``project.pbxproj`` files of its projects."""
        return _xcode_projects(self._all)

    @property
    def xcode_roots(self) -> frozenset[str]:
        return frozenset(self.xcode_projects)

    def has(self, path: str) -> bool:
        return path in self._paths

    def nearest(self, path: str, name: str) -> str | None:
        """The nearest folder above ``path`` holding a file called ``name``."""
        for directory in parent_dirs(path):
            if join(directory, name) in self._paths:
                return directory
        return None

    def any_path_under(self, directory: str, predicate: Callable[[str], bool]) -> bool:
        prefix = f"{directory}/" if directory else ""
        return any(p.startswith(prefix) and predicate(p) for p in self._paths)

    def _package(self, path: str) -> Package | None:
        """The JavaScript package (nearest ``package.json``) that ``path`` belongs to."""
        directory = self.nearest(path, "package.json")
        if directory is None:
            return None
        manifest = join(directory, "package.json")
        return Package(directory, manifest, frozenset(self._dependencies(manifest)))

    def _dependencies(self, manifest: str) -> set[str]:
        data = self._read(manifest, MAX_MANIFEST_BYTES + 1)
        if not data or len(data) > MAX_MANIFEST_BYTES:
            return set()
        import json  # only for a folder with a package.json that holds a finding

        try:
            document = json.loads(data)
        except (ValueError, UnicodeDecodeError):
            return set()
        names: set[str] = set()
        if isinstance(document, dict):
            for section in ("dependencies", "devDependencies", "peerDependencies"):
                deps = document.get(section)
                if isinstance(deps, dict):
                    names.update(str(name) for name in deps)
        return names

    def _head(self, path: str) -> bytes:
        """The first bytes of a file, where directives such as ``"use client"`` sit."""
        return self._read(path, HEAD_BYTES) or b""

    def _text(self, path: str) -> bytes:
        """A small project file's content (empty when missing or too large to be config)."""
        data = self._read(path, MAX_MANIFEST_BYTES + 1)
        return data if data and len(data) <= MAX_MANIFEST_BYTES else b""


def _xcode_projects(paths: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    roots: dict[str, list[str]] = {}
    # One substring test per path; the few that pass are looked at closely.
    for path in [p for p in paths if ".xc" in p]:
        for marker in (".xcodeproj/", ".xcworkspace/"):
            at = path.find(marker)
            if at != -1:
                files = roots.setdefault(path[:at].rpartition("/")[0], [])
                if path.endswith(".xcodeproj/project.pbxproj"):
                    files.append(path)
    return {root: tuple(files) for root, files in roots.items()}
