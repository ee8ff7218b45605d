"""How far a scan looks inside encodings and archives: frozen settings with safe defaults."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ArchiveLimits:
    """Bounds on opening archives, against zip bombs and runaway nesting.

    ``max_depth`` counts archives inside archives (1: only the file itself is opened).
    ``max_bytes`` bounds the uncompressed bytes read from one archive file, nested ones
    included; ``max_members`` the entries looked at. A member that expands more than
    ``max_ratio`` times its compressed size (once larger than ``ratio_floor``) is not read.
    """

    enabled: bool = True
    max_depth: int = 3
    max_bytes: int = 1024 * MIB
    max_members: int = 100_000
    max_ratio: int = 100
    ratio_floor: int = MIB


@dataclass(frozen=True, slots=True)
class Limits:
    """What a scan decodes and opens: encoded keys (``decode``) and archives."""

    decode: bool = True
    archives: ArchiveLimits = field(default_factory=ArchiveLimits)


def with_options(
    limits: Limits,
    *,
    no_decode: bool,
    no_archives: bool,
    archive_depth: int | None,
    archive_bytes: int | None = None,
    archive_members: int | None = None,
    archive_ratio: int | None = None,
) -> Limits:
    """``limits`` with the command line's choices applied."""
    archives = limits.archives
    if no_archives:
        archives = replace(archives, enabled=False)
    if archive_depth is not None:
        archives = replace(archives, max_depth=archive_depth)
    if archive_bytes is not None:
        archives = replace(archives, max_bytes=archive_bytes)
    if archive_members is not None:
        archives = replace(archives, max_members=archive_members)
    if archive_ratio is not None:
        archives = replace(archives, max_ratio=archive_ratio)
    return Limits(decode=limits.decode and not no_decode, archives=archives)
