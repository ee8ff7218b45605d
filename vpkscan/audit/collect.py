"""Reading repositories for an audit: each one's tree and full history through the one
scan pipeline (``vpkscan.engine.scan`` and the history source), findings turned into
sightings of keys.

The working tree gives the current files (with uncommitted changes); the history gives
every commit that introduced a key, its author and date, and how far it went (pushed or
local). Progress is reported through ``AuditProgress``; this module never prints.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from vpkscan.audit.incidents import Sighting, group, sightings
from vpkscan.audit.model import Audit, RepositoryScan
from vpkscan.audit.verification import statuses, verified
from vpkscan.config import Config
from vpkscan.engine import scan as scan_plan
from vpkscan.git.facts import repo_facts, web_url
from vpkscan.git.repo import Repository, open_repository
from vpkscan.model import ScanMode, ScanResult, Verification
from vpkscan.read.progress import Progress
from vpkscan.sources.history.scan import HistoryOptions, scan_history
from vpkscan.sources.worktree import plan_tracked


class AuditProgress(Protocol):
    """Told what the audit is doing, for a person watching a long run."""

    def stage(self, index: int, total: int, repository: str, what: str) -> None: ...

    def history_bar(self) -> Progress | None: ...


@dataclass(frozen=True, slots=True)
class Target:
    """A repository to audit, and the name to report it by (None: from its remote,
    else its folder)."""

    path: Path
    name: str | None = None


def open_targets(targets: Sequence[Target]) -> list[tuple[Repository, Target]]:
    """The repository of every target, before anything is scanned: a wrong path fails
    the audit at once (NotARepositoryError), not after an hour of history."""
    return [(open_repository(target.path, "vpkscan audit"), target) for target in targets]


def audit(
    targets: Sequence[Target],
    config_for: Callable[[Path], Config],
    *,
    history: HistoryOptions | None = None,
    progress: AuditProgress | None = None,
    show_secrets: bool = False,
) -> Audit:
    """Scan the tree and the history of every target, and group what they hold."""
    repositories = open_targets(targets)
    names = _names(repositories)
    found: list[Sighting] = []
    scans: list[RepositoryScan] = []
    #: Each key's answer, asked once however many repositories hold the key.
    checked: dict[str, Verification] = {}
    for index, ((repo, _target), name) in enumerate(zip(repositories, names, strict=True)):
        config = config_for(repo.root)
        results: list[tuple[ScanResult, bool]] = []
        if not repo.bare:
            if progress:
                progress.stage(index, len(repositories), name, "working tree")
            results.append((scan_plan(plan_tracked(repo.root), config), True))
        if progress:
            progress.stage(index, len(repositories), name, "history")
        bar = progress.history_bar() if progress else None
        results.append((scan_history(repo.root, config, history or HistoryOptions(), bar), False))
        findings = [f for result, _ in results for f in result.findings]
        if config.verify.enabled and any(f.key not in checked for f in findings) and progress:
            progress.stage(index, len(repositories), name, "verification")
        checked.update(statuses(verified(findings, config, checked)))
        for result, in_tree in results:
            found += sightings(name, result.findings, in_tree=in_tree, verification=checked)
        scans.append(_repository_scan(repo, name, [r for r, _ in results]))
    return Audit(
        tuple(group(found, show_secrets=show_secrets)),
        tuple(scans),
        generated_at=now(),
    )


def now() -> str:
    """The time of a report, to the second, in UTC."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def repository_name(repo: Repository, given: str | None) -> str:
    """``given``, else the repository's web address without its scheme
    (``github.com/acme/web``), else its folder's name."""
    if given:
        return given
    facts = repo_facts(repo.root)
    web = web_url(facts.remote_url) if facts else None
    if web:
        return web.split("://", 1)[1]
    name = repo.root.name
    return name.removesuffix(".git") if repo.bare else name


def _names(repositories: list[tuple[Repository, Target]]) -> list[str]:
    """A distinct name for each repository: two folders of the same name are told apart
    by their paths."""
    names = [repository_name(repo, target.name) for repo, target in repositories]
    seen: dict[str, int] = {}
    for name in names:
        seen[name] = seen.get(name, 0) + 1
    return [
        str(repo.root) if seen[name] > 1 and target.name is None else name
        for (repo, target), name in zip(repositories, names, strict=True)
    ]


def _repository_scan(repo: Repository, name: str, results: list[ScanResult]) -> RepositoryScan:
    facts = repo_facts(repo.root)
    summaries = [r.summary for r in results]
    tree = [s for s in summaries if s.mode is ScanMode.TREE]
    history = [s for s in summaries if s.mode is ScanMode.HISTORY]
    return RepositoryScan(
        name=name,
        root=str(repo.root),
        head=facts.head if facts else None,
        branch=facts.branch if facts else None,
        remote_url=facts.remote_url if facts else None,
        files_scanned=sum(s.files_scanned for s in tree),
        blobs_scanned=sum(s.files_scanned for s in history),
        commits_scanned=sum(s.commits_scanned for s in history),
        suppressed=sum(s.suppressed_inline + s.suppressed_baseline for s in summaries),
        errors=tuple(dict.fromkeys(e for s in summaries for e in s.errors)),
        notes=tuple(dict.fromkeys(n for s in summaries for n in s.notes)),
    )
