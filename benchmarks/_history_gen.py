"""Synthetic git history for ``history_bench.py``, written with ``git fast-import``.

The history imitates a busy web project: source files edited a few at a time, a large
lockfile and a one-line minified bundle rewritten often, feature branches merged back,
a few branches never merged, tags, a remote-tracking ref, and a notes ref. Forty keys
are planted along the way (added then removed, still present, only on a side branch or a
tag, in a merge, in the lockfile or the bundle, moved, renamed, reintroduced); for each
the generator records the exact commits and paths that introduced it.

Standard library only. No key literal appears here: keys are assembled at run time.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from random import Random
from typing import IO, Any

from _common import ALNUM, BODY_LEN, KEY_NAMESPACE, build_key, fingerprint

MB = 1_000_000
AUTHORS = (
    ("Ada Lovelace", "ada@example.invalid"),
    ("Grace Hopper", "grace@example.invalid"),
    ("Linus Pauling", "linus@example.invalid"),
    ("Édith Piaf", "edith@example.invalid"),
    ("Zhang Wei", "zhang@example.invalid"),
    ("Olu Adeyemi", "olu@example.invalid"),
)
START_TS = 1_700_000_000
LOCKFILE = "package-lock.json"
BUNDLE = "web/dist/assets/app.min.js"
_WORDS_TEXT = (
    "user account client config request response handler session token cache store event "
    "payload order invoice price item cart auth login state props value result error status "
    "message queue worker job task schedule metric report export import file path buffer "
    "stream render view model route router service api http retry limit timeout count index "
    "data list map set table row column field schema query filter sort page size offset "
    "billing usage plan tier region node pool batch chunk scan rule match context target"
)
WORDS = tuple(_WORDS_TEXT.split())
#: Identifiers that contain the prefilter literal without being keys.
STILL_PRESENT_PATHS = (
    ".env.production",
    "config/settings.py",
    "deploy/prod.env",
    "services/billing/.env",
    "config/settings.py",
    "infra/terraform.tfvars",
)
LITERAL_IDENTS = ("vpk_client", "vpk_config", "init_vpk_session", "vpk_live_mode", "vpk_test_env")


@dataclass(frozen=True)
class Scale:
    """The size of the generated history."""

    commits: int = 5000
    blobs: int = 20_000
    total_mb: float = 1200.0
    lock_mb: float = 3.2
    lock_versions: int = 150
    bundle_mb: float = 1.8
    bundle_versions: int = 200

    def scaled(self, factor: float) -> Scale:
        """A smaller (or larger) history with the same shape."""
        return Scale(
            commits=max(200, int(self.commits * factor)),
            blobs=max(800, int(self.blobs * factor)),
            total_mb=self.total_mb * factor,
            lock_mb=self.lock_mb,
            lock_versions=max(12, int(self.lock_versions * factor)),
            bundle_mb=self.bundle_mb,
            bundle_versions=max(12, int(self.bundle_versions * factor)),
        )


@dataclass
class Tree:
    """A branch being built: its tip mark and its files (path -> (blob mark, content))."""

    ref: str
    tip: int | None = None
    files: dict[str, tuple[int, bytes]] = field(default_factory=dict)


@dataclass
class Plant:
    """A planted key and where it was introduced (filled in as commits are written)."""

    key: str
    category: str
    introduced: list[tuple[int, str]] = field(default_factory=list)


class Writer:
    """Streams blobs and commits to ``git fast-import`` and counts what it wrote."""

    def __init__(self, stream: IO[bytes], rng: Random) -> None:
        self.out = stream
        self.rng = rng
        self.mark = 0
        self.commits = 0
        self.blobs = 0
        self.bytes = 0
        self.ts = START_TS
        self.blob_marks: dict[bytes, int] = {}

    def blob(self, content: bytes) -> int:
        """Write ``content`` once; the same bytes get the same mark."""
        known = self.blob_marks.get(content)
        if known is not None:
            return known
        self.mark += 1
        self.out.write(b"blob\nmark :%d\ndata %d\n" % (self.mark, len(content)))
        self.out.write(content)
        self.out.write(b"\n")
        self.blobs += 1
        self.bytes += len(content)
        # Only small contents are remembered: reintroductions reuse small files.
        if len(content) < 64_000:
            self.blob_marks[content] = self.mark
        return self.mark

    def commit(
        self,
        tree: Tree,
        message: str,
        changes: dict[str, bytes | None],
        merge: Tree | None = None,
        extra: dict[str, int] | None = None,
    ) -> int:
        """Commit ``changes`` (path -> content, None deletes) on ``tree``; returns the mark."""
        marks = {path: self.blob(data) for path, data in changes.items() if data is not None}
        self.mark += 1
        self.ts += self.rng.randint(60, 7200)
        name, email = AUTHORS[self.rng.randrange(len(AUTHORS))]
        head = (
            f"commit {tree.ref}\nmark :{self.mark}\n"
            f"author {name} <{email}> {self.ts} +0000\n"
            f"committer {name} <{email}> {self.ts} +0000\n"
        ).encode()
        body = message.encode()
        self.out.write(head + b"data %d\n" % len(body) + body + b"\n")
        if tree.tip is not None:
            self.out.write(b"from :%d\n" % tree.tip)
        if merge is not None and merge.tip is not None:
            self.out.write(b"merge :%d\n" % merge.tip)
        for path, data in changes.items():
            if data is None:
                self.out.write(b"D %s\n" % path.encode())
                tree.files.pop(path, None)
            else:
                self.out.write(b"M 100644 :%d %s\n" % (marks[path], path.encode()))
                tree.files[path] = (marks[path], data)
        for path, mark in (extra or {}).items():
            self.out.write(b"M 100644 :%d %s\n" % (mark, path.encode()))
        self.out.write(b"\n")
        tree.tip = self.mark
        self.commits += 1
        return self.mark

    def reset(self, ref: str, mark: int) -> None:
        self.out.write(f"reset {ref}\nfrom :{mark}\n\n".encode())

    def note(self, target: int, text: bytes) -> int:
        self.mark += 1
        self.ts += 60
        head = (
            f"commit refs/notes/commits\nmark :{self.mark}\n"
            f"committer Ada Lovelace <ada@example.invalid> {self.ts} +0000\n"
        ).encode()
        self.out.write(head + b"data 5\nnotes\n")
        self.out.write(b"N inline :%d\ndata %d\n%s\n\n" % (target, len(text), text))
        self.commits += 1
        return self.mark


class Content:
    """Deterministic file contents: source text, a lockfile, a minified bundle."""

    def __init__(self, rng: Random) -> None:
        self.rng = rng
        self.lines = [self._line() for _ in range(20_000)]
        self.counter = 0

    def _line(self) -> bytes:
        rng = self.rng
        words = rng.choices(WORDS, k=rng.randint(2, 9))
        indent = " " * (4 * rng.randint(0, 3))
        kind = rng.random()
        if kind < 0.004:
            ident = rng.choice(LITERAL_IDENTS)
            return f"{indent}{ident} = make_{words[0]}({', '.join(words[1:])})".encode()
        if kind < 0.3:
            return f"{indent}# {' '.join(words)}".encode()
        name = "_".join(words[:2])
        return f"{indent}{name} = {words[-1]}({', '.join(words[2:-1])})".encode()

    def source(self, size: int) -> bytes:
        count = max(3, size // 42)
        return b"\n".join(self.rng.choices(self.lines, k=count)) + b"\n"

    def edit(self, data: bytes) -> bytes:
        """Replace a few lines (never a line holding the prefilter literal)."""
        lines = data.split(b"\n")
        self.counter += 1
        for _ in range(self.rng.randint(1, 4)):
            at = self.rng.randrange(len(lines))
            if b"vpk_" not in lines[at]:
                lines[at] = self.rng.choice(self.lines)
        at = self.rng.randrange(len(lines))
        lines.insert(at, b"# revision %d %x" % (self.counter, self.rng.getrandbits(40)))
        return b"\n".join(lines)

    def lock_entries(self, size: int) -> list[bytes]:
        entries: list[bytes] = []
        total = 0
        while total < size:
            entries.append(self._lock_entry(len(entries)))
            total += len(entries[-1]) + 1
        return entries

    def _lock_entry(self, index: int) -> bytes:
        rng = self.rng
        name = f"{rng.choice(WORDS)}-{rng.choice(WORDS)}-{index}"
        version = f"{rng.randint(0, 9)}.{rng.randint(0, 40)}.{rng.randint(0, 99)}"
        digest = "".join(rng.choices(ALNUM, k=86))
        return (
            f'    "node_modules/{name}": {{\n      "version": "{version}",\n'
            f'      "resolved": "https://registry.npmjs.org/{name}/-/{name}-{version}.tgz",\n'
            f'      "integrity": "sha512-{digest}=="\n    }},'
        ).encode()

    def rewrite_lock(self, entries: list[bytes]) -> None:
        for _ in range(max(1, len(entries) // 100)):
            at = self.rng.randrange(len(entries))
            entries[at] = self._lock_entry(at)

    def bundle_parts(self, size: int) -> list[bytes]:
        parts: list[bytes] = []
        total = 0
        while total < size:
            parts.append(self._bundle_part())
            total += len(parts[-1])
        return parts

    def _bundle_part(self) -> bytes:
        rng = self.rng
        fn = "".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=2))
        words = rng.choices(WORDS, k=4)
        return (
            f"function {fn}(e,t){{return e.{words[0]}?t.{words[1]}(e):"
            f'"{words[2]}-{rng.getrandbits(32):x}"+t.{words[3]}}};'
        ).encode()

    def rewrite_bundle(self, parts: list[bytes]) -> None:
        for _ in range(max(1, len(parts) // 50)):
            parts[self.rng.randrange(len(parts))] = self._bundle_part()


def new_key(rng: Random, live: bool = True) -> str:
    return build_key("live" if live else "test", "".join(rng.choices(ALNUM, k=BODY_LEN)))


def decoys() -> list[bytes]:
    """Key-shaped strings that are placeholders, never findings."""
    live = KEY_NAMESPACE + "live_"
    test = KEY_NAMESPACE + "test_"
    return [
        f'VIBEPEAK_API_KEY="{live}{"x" * BODY_LEN}"'.encode(),
        f"# e.g. {live}aBcDeFgHiJkLmNoPqRsTuVwXyZ123456".encode(),
        f"EXAMPLE = '{test}{'0123456789abcdef' * 2}'".encode(),
        f"sample = '{live}{'EXAMPLEKEY' * 3}XX'".encode(),
    ]


Op = Callable[[], None]


class History:
    """Builds the whole history; ``plants`` records every planted key's introductions."""

    def __init__(self, writer: Writer, scale: Scale, seed: int) -> None:
        self.w = writer
        self.scale = scale
        self.rng = Random(f"{seed}:history")
        self.content = Content(Random(f"{seed}:content"))
        self.main = Tree("refs/heads/main")
        self.plants: list[Plant] = []
        self.pinned: set[str] = set()
        self.main_marks: list[int] = []
        self.tags: dict[str, int] = {}
        self.remote_marks: dict[str, int] = {}
        self.lock = self.content.lock_entries(int(scale.lock_mb * MB))
        self.bundle = self.content.bundle_parts(int(scale.bundle_mb * MB))
        fixed = scale.lock_versions * scale.lock_mb + scale.bundle_versions * scale.bundle_mb
        rest = scale.blobs - scale.lock_versions - scale.bundle_versions
        self.avg_source = int(max(2_000, (scale.total_mb - fixed) * MB / max(rest, 1)))
        # Feature commits write one blob and merges none: main commits make up for them.
        self.edits_per_commit = 1.12 * rest / scale.commits
        self.pending: dict[int, list[Op]] = {}
        self.current: dict[str, bytes | None] | None = None
        self.deleted_branches: list[str] = []
        self.note_plant: Plant | None = None
        self.feature_plants = 3
        self.merge_plants = 3

    # -- files -----------------------------------------------------------------------

    def size(self) -> int:
        return int(min(self.rng.lognormvariate(0, 0.9) * self.avg_source * 0.67, 400_000))

    def new_path(self, tree: Tree, ext: str = ".py", taken: Any = ()) -> str:
        while True:
            folder = f"src/{self.rng.choice(WORDS)}/{self.rng.choice(WORDS)}"
            path = f"{folder}/{self.rng.choice(WORDS)}_{self.rng.randrange(10_000)}{ext}"
            if path not in tree.files and path not in taken:
                return path

    def pick(self, tree: Tree) -> str:
        while True:
            path = self.rng.choice(list(tree.files))
            if path.startswith("src/") and path not in self.pinned:
                return path

    def routine(self, tree: Tree, count: int) -> dict[str, bytes | None]:
        """Ordinary edits: mostly modifications, some new files, a few deletions."""
        changes: dict[str, bytes | None] = {}
        for _ in range(count):
            roll = self.rng.random()
            if roll < 0.06:
                changes[self.new_path(tree, self.rng.choice([".py", ".ts", ".md", ".go"]))] = (
                    self.content.source(self.size())
                )
            elif roll < 0.08 and len(tree.files) > 50:
                changes[self.pick(tree)] = None
            else:
                path = self.pick(tree)
                current = changes.get(path) or tree.files[path][1]
                changes[path] = self.content.edit(current)
        return changes

    def edit_count(self) -> int:
        whole = int(self.edits_per_commit)
        return max(1, whole + (1 if self.rng.random() < self.edits_per_commit - whole else 0))

    # -- planting --------------------------------------------------------------------

    def plant(self, category: str, live: bool = True) -> Plant:
        plant = Plant(new_key(self.rng, live), category)
        self.plants.append(plant)
        return plant

    def key_line(self, plant: Plant, style: str = "py") -> bytes:
        if style == "env":
            return f"VIBEPEAK_API_KEY={plant.key}".encode()
        return f'VIBEPEAK_API_KEY = "{plant.key}"  # TODO move to env'.encode()

    def at(self, index: int, op: Op) -> None:
        self.pending.setdefault(index, []).append(op)

    # -- building --------------------------------------------------------------------

    def build(self) -> None:
        self.initial()
        total = self.scale.commits
        self.schedule(total)
        lock_every = total / self.scale.lock_versions
        bundle_every = total / self.scale.bundle_versions
        next_lock, next_bundle = lock_every, bundle_every
        step = 0
        while self.w.commits < total - 2 or self.pending:
            step += 1
            changes = self.routine(self.main, self.edit_count())
            if self.w.commits >= next_lock:
                next_lock += lock_every
                self.content.rewrite_lock(self.lock)
                changes[LOCKFILE] = self.lock_bytes()
            if self.w.commits >= next_bundle:
                next_bundle += bundle_every
                self.content.rewrite_bundle(self.bundle)
                changes[BUNDLE] = b"".join(self.bundle) + b"\n"
            self.current = changes
            for op in self.pending.pop(step, []):
                op()
            if self.current is not None:
                self.w.commit(self.main, f"change {step}", self.current)
            self.main_marks.append(self.main.tip or 0)
            if step % 40 == 0 and self.w.commits < total - 60:
                self.feature(step)
            if step % 300 == 0:
                self.tags[f"refs/tags/v0.{step // 300}"] = self.main.tip or 0
            if (
                self.w.commits >= total * 0.8
                and "refs/remotes/origin/main" not in self.remote_marks
            ):
                self.remote_marks["refs/remotes/origin/main"] = self.main.tip or 0
        self.w.note(self.main_marks[len(self.main_marks) // 2], self.note_text())
        for ref, mark in {**self.tags, **self.remote_marks}.items():
            self.w.reset(ref, mark)

    def lock_bytes(self) -> bytes:
        return b'{\n  "lockfileVersion": 3,\n  "packages": {\n' + b"\n".join(self.lock) + b"\n}}\n"

    def initial(self) -> None:
        files: dict[str, bytes | None] = {}
        count = max(200, int(self.scale.blobs * 0.06))
        for _ in range(count):
            files[self.new_path(self.main, taken=files)] = self.content.source(self.size())
        for index, line in enumerate(decoys()):
            files[f"docs/placeholder_{index}.md"] = b"Configure:\n\n    " + line + b"\n"
        files[".env.example"] = b"VIBEPEAK_API_KEY=vpk_live_xxxxx\n"
        files[LOCKFILE] = self.lock_bytes()
        files[BUNDLE] = b"".join(self.bundle) + b"\n"
        self.w.commit(self.main, "initial import", files)
        self.main_marks.append(self.main.tip or 0)

    def schedule(self, total: int) -> None:
        """Decide at which main-line steps each kind of key is planted."""
        steps = int(total * 0.78)
        picks = iter(sorted(self.rng.sample(range(5, steps - 40), 32)))
        for _ in range(10):
            self.added_then_removed(next(picks))
        for index in range(6):
            self.still_present(next(picks), index)
        for _ in range(3):
            self.in_big_file(next(picks), LOCKFILE)
        for _ in range(3):
            self.in_big_file(next(picks), BUNDLE)
        for _ in range(2):
            self.moved(next(picks))
        for _ in range(2):
            self.renamed(next(picks))
        self.reintroduced(next(picks))
        for index in range(5):
            self.at(next(picks), lambda index=index: self.side_branch(index))
        for index in range(2):
            self.at(int(steps * (0.3 + 0.3 * index)), lambda index=index: self.tag_only(index))
        # Keys on feature branches and in merges are planted by ``feature``.

    def _commit_now(self, changes: dict[str, bytes | None]) -> int:
        """Commit the routine changes of this step plus ``changes``; returns the mark."""
        merged = {**(self.current or {}), **changes}
        self.current = None
        return self.w.commit(self.main, "update settings", merged)

    def added_then_removed(self, step: int) -> None:
        plant = self.plant("added-then-removed", live=self.rng.random() < 0.8)

        def add() -> None:
            path = self.pick(self.main)
            self.pinned.add(path)
            data = self.main.files[path][1] + self.key_line(plant) + b"\n"
            plant.introduced.append((self._commit_now({path: data}), path))
            self.at(step + self.rng.randint(3, 30), lambda: remove(path))

        def remove(path: str) -> None:
            lines = self.main.files[path][1].split(b"\n")
            data = b"\n".join(line for line in lines if plant.key.encode() not in line)
            self._commit_now({path: data})
            self.pinned.discard(path)

        self.at(step, add)

    def still_present(self, step: int, index: int) -> None:
        plant = self.plant("still-present")
        path = STILL_PRESENT_PATHS[index]

        def add() -> None:
            old = self.main.files.get(path, (0, b"# settings\n"))[1]
            line = self.key_line(plant, "env" if "env" in path else "py")
            plant.introduced.append((self._commit_now({path: old + line + b"\n"}), path))
            self.pinned.add(path)

        self.at(step, add)

    def in_big_file(self, step: int, path: str) -> None:
        """A key inside the lockfile or the bundle, kept across a few rewrites."""
        plant = self.plant(f"in-{'lockfile' if path == LOCKFILE else 'bundle'}")
        parts = self.lock if path == LOCKFILE else self.bundle

        def add() -> None:
            at = self.rng.randrange(len(parts))
            if path == LOCKFILE:
                parts.insert(at, f'    "_token": "{plant.key}",'.encode())
            else:
                parts.insert(at, f'const k="{plant.key}";'.encode())
            data = self.lock_bytes() if path == LOCKFILE else b"".join(self.bundle) + b"\n"
            plant.introduced.append((self._commit_now({path: data}), path))
            self.at(step + self.rng.randint(40, 80), remove)

        def remove() -> None:
            parts[:] = [part for part in parts if plant.key.encode() not in part]
            data = self.lock_bytes() if path == LOCKFILE else b"".join(self.bundle) + b"\n"
            self._commit_now({path: data})

        self.at(step, add)

    def moved(self, step: int) -> None:
        plant = self.plant("moved-between-files")

        def add() -> None:
            path = self.pick(self.main)
            self.pinned.add(path)
            data = self.main.files[path][1] + self.key_line(plant) + b"\n"
            plant.introduced.append((self._commit_now({path: data}), path))
            self.at(step + self.rng.randint(3, 20), lambda: move(path))

        def move(source: str) -> None:
            target = self.pick(self.main)
            lines = self.main.files[source][1].split(b"\n")
            kept = b"\n".join(line for line in lines if plant.key.encode() not in line)
            moved = self.main.files[target][1] + self.key_line(plant) + b"\n"
            mark = self._commit_now({source: kept, target: moved})
            plant.introduced.append((mark, target))
            self.pinned.discard(source)
            self.pinned.add(target)

        self.at(step, add)

    def renamed(self, step: int) -> None:
        plant = self.plant("in-file-renamed-later")

        def add() -> None:
            path = self.new_path(self.main)
            data = self.content.source(4000) + self.key_line(plant) + b"\n"
            plant.introduced.append((self._commit_now({path: data}), path))
            self.pinned.add(path)
            self.at(step + self.rng.randint(3, 20), lambda: rename(path))

        def rename(path: str) -> None:
            target = path.replace(".py", "_renamed.py")
            data = self.main.files[path][1]
            plant.introduced.append((self._commit_now({path: None, target: data}), target))
            self.pinned.discard(path)
            self.pinned.add(target)

        self.at(step, add)

    def reintroduced(self, step: int) -> None:
        plant = self.plant("reintroduced-after-removal")
        path = "config/local_settings.py"

        def add() -> None:
            data = b"DEBUG = False\n" + self.key_line(plant) + b"\n"
            plant.introduced.append((self._commit_now({path: data}), path))
            self.pinned.add(path)

        def remove() -> None:
            self._commit_now({path: b"DEBUG = False\n"})

        self.at(step, add)
        self.at(step + 5, remove)
        self.at(step + 12, add)

    def side_branch(self, index: int) -> None:
        """A branch never merged; one of them is on the remote too."""
        plant = self.plant("side-branch-only")
        branch = Tree(f"refs/heads/wip/experiment-{index}", self.main.tip, dict(self.main.files))
        for _ in range(self.rng.randint(1, 3)):
            self.w.commit(branch, "experiment", self.routine(branch, 2))
        path = self.new_path(branch, ".ts")
        data = f'export const apiKey = "{plant.key}";\n'.encode()
        plant.introduced.append((self.w.commit(branch, "try the API", {path: data}), path))
        self.w.commit(branch, "more experiment", self.routine(branch, 2))
        if index == 0:
            self.remote_marks["refs/remotes/origin/wip/experiment-0"] = branch.tip or 0

    def tag_only(self, index: int) -> None:
        """A commit reachable only from a tag (a hotfix tagged, its branch deleted)."""
        plant = self.plant("tag-only")
        branch = Tree(f"refs/heads/tmp-hotfix-{index}", self.main.tip, dict(self.main.files))
        path = f"scripts/hotfix_{index}.sh"
        data = f"curl -H 'Authorization: Bearer {plant.key}' https://api.vibepeak.ai/v1/tasks\n"
        plant.introduced.append((self.w.commit(branch, "hotfix", {path: data.encode()}), path))
        self.tags[f"refs/tags/hotfix-{index}"] = branch.tip or 0
        # The branch is deleted after the import: the hotfix stays reachable from its tag only.
        self.deleted_branches.append(branch.ref)

    def feature(self, step: int) -> None:
        """A feature branch of a few commits, interleaved with main, merged back."""
        name = f"refs/heads/feature/f{step}"
        branch = Tree(name, self.main.tip, dict(self.main.files))
        own = f"src/features/f{step}"
        touched: set[str] = set()
        for index in range(self.rng.randint(3, 7)):
            path = f"{own}/module_{index % 3}.py"
            old = branch.files.get(path, (0, self.content.source(self.size())))[1]
            changes: dict[str, bytes | None] = {path: self.content.edit(old)}
            if self.feature_plants and index == 1 and self.rng.random() < 0.3:
                self.feature_plants -= 1
                plant = self.plant("feature-branch-merged")
                changes[path] = old + self.key_line(plant) + b"\n"
                plant.introduced.append((self.w.commit(branch, "wire client", changes), path))
            else:
                self.w.commit(branch, f"feature {step}.{index}", changes)
            touched.add(path)
            if self.rng.random() < 0.5:
                self.w.commit(self.main, f"main {step}.{index}", self.routine(self.main, 2))
        extra = {path: branch.files[path][0] for path in touched}
        evil: dict[str, bytes | None] = {}
        plant = None
        if self.merge_plants and self.rng.random() < 0.15:
            self.merge_plants -= 1
            plant = self.plant("introduced-by-merge")
            evil_path = f"{own}/merge_fixup.env"
            evil[evil_path] = self.key_line(plant, "env") + b"\n"
        mark = self.w.commit(self.main, f"Merge branch 'feature/f{step}'", evil, branch, extra)
        for path in touched:
            self.main.files[path] = branch.files[path]
        if plant is not None:
            plant.introduced.append((mark, f"{own}/merge_fixup.env"))
        self.w.reset(name, branch.tip or 0)

    def note_text(self) -> bytes:
        plant = self.plant("in-git-note")
        self.note_plant = plant
        return f"deployed with token {plant.key}".encode()


def generate(repo: Path, scale: Scale, seed: int) -> tuple[dict[str, Any], list[str]]:
    """Import the history into a new repository at ``repo``.

    Returns the expected document (fingerprints, never keys) and the planted keys in the
    same order, for checks that need the keys themselves (kept in memory only).
    """
    env_git = ["git", "-c", "gc.auto=0"]
    subprocess.run([*env_git, "init", "-q", "-b", "main", str(repo)], check=True)
    marks_path = repo / ".git" / "bench-marks"
    proc = subprocess.Popen(
        [*env_git, "fast-import", "--quiet", f"--export-marks={marks_path}"],
        cwd=repo,
        stdin=subprocess.PIPE,
    )
    assert proc.stdin is not None
    writer = Writer(proc.stdin, Random(f"{seed}:writer"))
    history = History(writer, scale, seed)
    history.build()
    proc.stdin.close()
    if proc.wait() != 0:
        raise SystemExit("git fast-import failed")
    for ref in history.deleted_branches:
        subprocess.run([*env_git, "update-ref", "-d", ref], cwd=repo, check=True)
    subprocess.run([*env_git, "repack", "-a", "-d", "-f", "-q"], cwd=repo, check=True)
    subprocess.run([*env_git, "prune-packed"], cwd=repo, check=True)
    shas = {}
    for line in marks_path.read_text().splitlines():
        mark, sha = line.split()
        shas[int(mark[1:])] = sha
    note_plant = history.note_plant
    notes: list[dict[str, Any]] = []
    if note_plant is not None:
        out = subprocess.run(
            ["git", "ls-tree", "-r", "--name-only", "refs/notes/commits"],
            cwd=repo,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        note_commit = subprocess.run(
            ["git", "rev-parse", "refs/notes/commits"],
            cwd=repo,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        notes = [{"commit": note_commit, "path": out[0]}]
    keys = []
    for plant in history.plants:
        introduced = [{"commit": shas[mark], "path": path} for mark, path in plant.introduced]
        if plant is note_plant:
            introduced = notes
        keys.append(
            {
                "fingerprint": fingerprint(plant.key),
                "category": plant.category,
                "key_mode": "live" if plant.key.startswith(KEY_NAMESPACE + "live") else "test",
                "introduced": introduced,
            }
        )
    document = {
        "commits": writer.commits,
        "blobs": writer.blobs,
        "blob_bytes": writer.bytes,
        "keys": keys,
    }
    return document, [plant.key for plant in history.plants]
