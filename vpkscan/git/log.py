"""What each commit introduces: one ``git log --raw`` process, spooled to disk, parsed once.

git writes the walk to an anonymous temporary file while the blobs are being read, so the
walk costs no memory and no Python time until the blobs worth attributing are known;
then one pass over the spool keeps only the records that name them.

A commit introduces a blob at a path when its diff against its parent adds or modifies
the path to that blob. A merge commit introduces only what differs from *every* parent
(``-c``): whatever it took unchanged from one side was introduced on that side, so a blob
is never reported twice for the merge that carried it.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from vpkscan.git.process import (
    DEVNULL,
    MODE_GITLINK,
    MODE_SYMLINK,
    NULL_OID,
    PIPE,
    decode_path,
    failure,
    spawn,
)
from vpkscan.model import CommitInfo

#: ``%x01`` marks a commit header; the fields are NUL-separated like the raw records.
LOG_FORMAT = "--format=%x01%H%x00%P%x00%an <%ae>%x00%aI"
#: Options that pin the output format whatever the user's configuration says.
LOG_OPTIONS = (
    "log",
    "--raw",
    "-z",
    "-c",
    "--root",
    "--no-renames",
    "--no-abbrev",
    "--no-color",
    "--no-show-signature",
    "--no-ext-diff",
    "--encoding=UTF-8",
    "--ignore-submodules=none",
    LOG_FORMAT,
)
#: The walk runs while the readers read: it needs few delta bases (trees diff against
#: their parents') and small windows of the pack, and so it keeps little memory.
WALK_CONFIG = (
    "core.deltaBaseCacheLimit=4m",
    "core.packedGitWindowSize=1m",
    "core.packedGitLimit=8m",
)
#: The modes as the raw records spell them.
GITLINK = MODE_GITLINK.encode("ascii")
SYMLINK = MODE_SYMLINK.encode("ascii")
_SPOOL_CHUNK = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Introduction:
    """A commit putting blob ``oid`` at ``path``; ``previous`` holds what each parent had
    at that path (None where the path was absent)."""

    commit: CommitInfo
    path: str
    oid: str
    mode: str
    previous: tuple[str | None, ...]


class Walk:
    """A running ``git log`` over ``revisions`` whose output goes to a temporary file.

    ``extra`` revisions (stash entries, unreachable commits) are passed on standard input.
    """

    def __init__(self, root: Path, revisions: Sequence[str], extra: Sequence[str] = ()) -> None:
        # Both are closed in close(): git writes to them while this object lives.
        self._spool: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115
        self._errors: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115
        args = [*LOG_OPTIONS, *revisions]
        if extra:
            args.append("--stdin")
        self._proc = spawn(
            [*args, "--"],
            root,
            config=WALK_CONFIG,
            stdin=PIPE if extra else DEVNULL,
            stdout=self._spool,
            stderr=self._errors,
        )
        if extra:
            assert self._proc.stdin is not None
            with self._proc.stdin as stdin:
                stdin.write("".join(f"{rev}\n" for rev in extra).encode("ascii"))
        self.commits = 0

    def wait(self) -> None:
        """Wait for git to finish the walk; GitError when it failed (a corrupt object)."""
        if self._proc.wait() != 0:
            self._errors.seek(0)
            raise failure("git log (listing the history)", self._errors.read(), None)

    def introductions(self, wanted: Callable[[str, bytes], bool]) -> Iterator[Introduction]:
        """Every introduction whose (oid, mode) ``wanted`` accepts, in the walk's order.

        Also counts the commits walked in ``commits``.
        """
        self.wait()
        self._spool.seek(0)
        commit: CommitInfo | None = None
        fields = _fields(self._spool)
        for raw in fields:
            field = raw.lstrip(b"\n")
            if field.startswith(b"\x01"):
                # The parents field is not needed: the raw records name each parent's blob.
                _parents, author, date = next(fields, b""), next(fields, b""), next(fields, b"")
                commit = CommitInfo(
                    field[1:].decode("ascii"),
                    author.decode("utf-8", "replace"),
                    date.decode("ascii"),
                )
                self.commits += 1
            elif field.startswith(b":") and commit is not None:
                # The path is the next field, whatever bytes it holds.
                raw_path = next(fields, b"")
                found = _record(commit, field, raw_path, wanted)
                if found is not None:
                    yield found

    def close(self) -> None:
        if self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()
        self._spool.close()
        self._errors.close()

    def __enter__(self) -> Walk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _record(
    commit: CommitInfo, meta: bytes, raw_path: bytes, wanted: Callable[[str, bytes], bool]
) -> Introduction | None:
    """One raw record: ``:old_mode new_mode old_oid new_oid status`` for a commit with one
    parent, ``::mode1 mode2 new_mode oid1 oid2 new_oid statuses`` for a merge."""
    parents = len(meta) - len(meta.lstrip(b":"))
    parts = meta[parents:].split(b" ")
    if len(parts) < 2 * parents + 3:
        return None
    mode = parts[parents]
    oid = parts[2 * parents + 1].decode("ascii")
    if oid == NULL_OID or not wanted(oid, mode):
        return None
    previous = tuple(
        None if old == NULL_OID else old
        for old in (part.decode("ascii") for part in parts[parents + 1 : 2 * parents + 1])
    )
    return Introduction(commit, decode_path(raw_path), oid, mode.decode("ascii"), previous)


def _fields(stream: IO[bytes]) -> Iterator[bytes]:
    """NUL-separated fields of ``stream``, read in bounded pieces."""
    rest = b""
    while True:
        chunk = stream.read(_SPOOL_CHUNK)
        if not chunk:
            break
        parts = (rest + chunk).split(b"\0")
        rest = parts.pop()
        yield from parts
    if rest:
        yield rest
