"""``vpkscan audit --merge``: per-repository reports joined into one incident list.

The same key (the same fingerprint) in several reports is one incident with the
locations of all of them; a repository audited twice keeps its latest report's figures.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from vpkscan.audit.document import from_dict
from vpkscan.audit.incidents import incident, latest, ordered
from vpkscan.audit.model import Audit, Incident, Location, RepositoryScan
from vpkscan.errors import UsageError
from vpkscan.model import Verification

#: A report larger than this is not one vpkscan wrote for one repository.
MAX_REPORT_BYTES = 512 * 1024 * 1024


def read_report(path: Path) -> Audit:
    """The audit in the JSON report at ``path``; UsageError for anything else."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_REPORT_BYTES + 1)
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if len(data) > MAX_REPORT_BYTES:
        raise UsageError(f"{path}: larger than {MAX_REPORT_BYTES // 2**20} MiB")
    try:
        document = json.loads(data)
    except (ValueError, RecursionError) as exc:
        reason = exc.msg if isinstance(exc, json.JSONDecodeError) else "not valid JSON"
        raise UsageError(
            f"{path}: not JSON ({reason})", "merge reads vpkscan audit --format json reports"
        ) from exc
    return from_dict(document, str(path))


def merge(audits: Sequence[Audit], generated_at: str) -> Audit:
    """One audit holding every incident of ``audits``, one per key."""
    locations: dict[str, list[Location]] = defaultdict(list)
    statuses: dict[str, list[Verification]] = defaultdict(list)
    first: dict[str, Incident] = {}
    for audit in audits:
        for item in audit.incidents:
            if item.fingerprint in first and first[item.fingerprint].redacted != item.redacted:
                raise UsageError(
                    f"two reports give fingerprint {item.fingerprint} to different keys",
                    "were they written by vpkscan audit?",
                )
            first.setdefault(item.fingerprint, item)
            locations[item.fingerprint] += item.locations
            if item.verification is not None:
                statuses[item.fingerprint].append(item.verification)
    incidents = [
        incident(
            key,
            item.key_mode,
            item.redacted,
            locations[key],
            latest(statuses[key]),
        )
        for key, item in first.items()
    ]
    repositories: dict[str, RepositoryScan] = {}
    for audit in audits:
        for repository in audit.repositories:
            repositories[repository.name] = repository
    return Audit(tuple(ordered(incidents)), tuple(repositories.values()), generated_at)
