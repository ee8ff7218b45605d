"""Objects of the repository: listing them in pack order, and reading them streamed.

This is the one object reader: every mode reads blobs through long-lived ``git cat-file
--batch`` processes (``ObjectStream``, or ``BlobReader`` on top of it), never one process
per object.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable, Collection, Iterator, Sequence
from pathlib import Path
from typing import IO, NamedTuple

from vpkscan.errors import GitError
from vpkscan.git.process import DEVNULL, NULL_OID, PIPE, failure, run, spawn

NULL_OID_BYTES = NULL_OID.encode("ascii")
#: The object listing is read this many bytes of lines at a time.
LISTING_CHUNK = 1024 * 1024
#: The listing reads each object's header once, front to back: small windows of the
#: pack are enough, and they keep git's share of the scan's memory small.
LISTING_CONFIG = ("core.packedGitWindowSize=1m", "core.packedGitLimit=8m")


class ObjectInfo(NamedTuple):
    """One object of the object database, as ``cat-file --batch-check`` lists it (a
    NamedTuple: one is made per object, and the hook imports this module)."""

    oid: str
    type: str
    size: int
    delta_base: str | None


def list_objects(root: Path, kinds: Collection[str] = ("blob", "commit")) -> Iterator[ObjectInfo]:
    """Every object of the repository (loose, packed, alternates) of ``kinds``, once, in
    pack order.

    Pack order keeps each delta next to its base, which is what makes reads fast. An
    object git cannot read (corrupt) is a GitError, raised once the listing is done.
    """
    wanted = {kind.encode("ascii") for kind in kinds}
    fmt = "--batch-check=%(objecttype) %(objectname) %(objectsize) %(deltabase)"
    import tempfile

    with tempfile.TemporaryFile() as errors:
        proc = spawn(
            ["cat-file", "--batch-all-objects", "--unordered", fmt],
            root,
            config=LISTING_CONFIG,
            stderr=errors,
        )
        assert proc.stdout is not None
        out = proc.stdout
        unreadable: list[str] = []
        finished = False
        try:
            with out:
                # Read in bulk: a line per object, trees included, and most are skipped.
                for lines in iter(lambda: out.readlines(LISTING_CHUNK), []):
                    for line in lines:
                        kind, _, rest = line.partition(b" ")
                        if kind in wanted:
                            oid, size, base = rest.split()
                            yield ObjectInfo(
                                oid.decode("ascii"),
                                kind.decode("ascii"),
                                int(size),
                                None if base == NULL_OID_BYTES else base.decode("ascii"),
                            )
                        elif line.endswith(b" missing\n"):
                            unreadable.append(kind.decode("ascii", "replace"))
            finished = True
        finally:
            if not finished:
                # The reader stopped early (an error, Ctrl-C): git is not left running.
                proc.kill()
                proc.wait()
        code = proc.wait()
        errors.seek(0)
        if unreadable:
            raise failure(
                f"git cat-file (object {unreadable[0]} cannot be read)", errors.read(), code
            )
        if code != 0:
            raise failure("git cat-file --batch-all-objects", errors.read(), code)


def object_infos(
    root: Path, oids: Sequence[str], missing: list[str] | None = None
) -> list[ObjectInfo]:
    """Type, size and delta base of each of ``oids``. A missing object is a GitError, or
    is added to ``missing`` when the caller collects them."""
    if not oids:
        return []
    fmt = "--batch-check=%(objectname) %(objecttype) %(objectsize) %(deltabase)"
    out = run(["cat-file", fmt], root, data="".join(f"{oid}\n" for oid in oids).encode("ascii"))
    infos = []
    for line in out.decode("ascii").splitlines():
        parts = line.split()
        if len(parts) != 4:
            if missing is not None and len(parts) == 2 and parts[1] == "missing":
                missing.append(parts[0])
                continue
            raise GitError(f"object {parts[0] if parts else '?'} is missing", "run git fsck")
        infos.append(
            ObjectInfo(
                parts[0], parts[1], int(parts[2]), None if parts[3] == NULL_OID else parts[3]
            )
        )
    return infos


class ObjectStream:
    """One ``git cat-file --batch`` process reading objects that the caller requests.

    ``request`` hands ids to a feeder thread, so that writing requests never waits for
    the reader (git could otherwise block on a full output pipe while we block on a full
    input pipe). The reader takes each object's size with ``next_object``, its body with
    ``read`` (in as many pieces as it likes), then ``end_object``.
    """

    #: The pipe from git holds this much, so that git rarely waits for the reader.
    PIPE_BYTES = 1024 * 1024

    def __init__(self, root: Path, config: Sequence[str] = (), *, keep_errors: bool = True) -> None:
        # git's stderr goes to a file (read when something fails) so that it can never
        # fill a pipe; the hook, which reads a few blobs, does without it.
        self._errors: IO[bytes] | None = None
        if keep_errors:
            import tempfile

            # Closed in close(): the object outlives this method.
            self._errors = tempfile.TemporaryFile()  # noqa: SIM115
        self._proc = spawn(
            ["cat-file", "--batch"],
            root,
            config=config,
            stdin=PIPE,
            stderr=self._errors if self._errors is not None else DEVNULL,
        )
        assert self._proc.stdin is not None and self._proc.stdout is not None
        _grow_pipe(self._proc.stdout.fileno(), self.PIPE_BYTES)
        self._out: IO[bytes] = self._proc.stdout
        self._requests: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._feeder = threading.Thread(target=self._feed, args=(self._proc.stdin,), daemon=True)
        self._feeder.start()

    def request(self, oids: Sequence[str]) -> None:
        """Ask for ``oids``, to be read in this order after anything asked before."""
        if oids:
            self._requests.put("".join(f"{oid}\n" for oid in oids).encode("ascii"))

    def _feed(self, stdin: IO[bytes]) -> None:
        try:
            while (data := self._requests.get()) is not None:
                stdin.write(data)
                stdin.flush()
            stdin.close()
        except (BrokenPipeError, ValueError, OSError):
            pass  # git stopped early; the reader reports why

    def next_object(self, oid: str) -> int:
        """The size of the next object, which must be ``oid``; GitError if git cannot read it."""
        header = self._out.readline()
        parts = header.split()
        if len(parts) == 3 and parts[0] == oid.encode("ascii"):
            return int(parts[2])
        if len(parts) == 2 and parts[1] == b"missing":
            raise GitError(f"object {oid} is missing from the repository", "run git fsck")
        raise self._failed(f"reading object {oid}")

    def read(self, size: int) -> bytes:
        data = self._out.read(size)
        if len(data) != size:
            raise self._failed("reading an object")
        return data

    def end_object(self) -> None:
        if self._out.read(1) != b"\n":
            raise self._failed("reading an object")

    def _failed(self, what: str) -> GitError:
        self._requests.put(None)
        self._proc.kill()
        self._proc.wait()
        stderr = b""
        if self._errors is not None:
            self._errors.seek(0)
            stderr = self._errors.read()
        return failure(f"git cat-file ({what})", stderr, self._proc.returncode)

    def close(self) -> None:
        self._requests.put(None)
        if self._proc.poll() is None:
            self._proc.kill()
        self._proc.wait()
        self._out.close()
        if self._errors is not None:
            self._errors.close()
        self._feeder.join()

    def __enter__(self) -> ObjectStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _grow_pipe(fd: int, size: int) -> None:
    """Ask Linux for a larger pipe buffer; elsewhere (or when refused) keep the default."""
    try:
        import fcntl  # POSIX only: Windows keeps its default pipe size
    except ImportError:
        return
    setter = getattr(fcntl, "F_SETPIPE_SZ", None)
    if setter is None:
        return
    with contextlib.suppress(OSError):
        fcntl.fcntl(fd, setter, size)


class BlobReader:
    """Blobs read one at a time on demand, through one ``git cat-file`` started on first
    use (a classifier asks for a few project files, and a process each would cost more
    than the reads)."""

    def __init__(self, root: Path, *, keep_errors: bool = True) -> None:
        self._root = root
        self._keep_errors = keep_errors
        self._stream: ObjectStream | None = None

    def read(self, oid: str, limit: int | None = None) -> bytes:
        """Blob ``oid`` (its first ``limit`` bytes when given); GitError when missing."""
        if self._stream is None:
            self._stream = ObjectStream(self._root, keep_errors=self._keep_errors)
        self._stream.request([oid])
        size = self._stream.next_object(oid)
        data = self._stream.read(size)
        self._stream.end_object()
        return data if limit is None else data[:limit]

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()

    def __enter__(self) -> BlobReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_objects(root: Path, names: Sequence[str]) -> list[bytes | None]:
    """Objects by name (an id or ``rev:path``) through one ``git cat-file --batch``.

    A name that does not resolve (a path missing from that commit) gives None.
    """
    asked = [name for name in names if "\n" not in name]
    if not asked:
        return [None] * len(names)
    from vpkscan.git.process import completed

    data = "".join(name + "\n" for name in asked).encode("utf-8", "surrogateescape")
    proc = completed(["cat-file", "--batch"], root, data)
    out, pos = proc.stdout, 0
    found: dict[str, bytes | None] = {}
    for name in asked:
        end = out.find(b"\n", pos)
        if end == -1:
            raise failure("git cat-file --batch", proc.stderr, proc.returncode)
        header = out[pos:end].split(b" ")
        pos = end + 1
        if len(header) != 3 or not header[2].isdigit():
            found[name] = None
            continue
        size = int(header[2])
        found[name] = out[pos : pos + size]
        pos += size + 1
    return [found.get(name) for name in names]


def path_reader(root: Path, rev: str) -> Callable[[str], bytes | None]:
    """Reads files by repository path as revision ``rev`` holds them (``""``: the index),
    one ``cat-file`` each: for the few files a finding needs (a bundle's source map)."""

    def read(path: str) -> bytes | None:
        return read_objects(root, [f"{rev}:{path}"])[0]

    return read
