"""Classification accuracy of vpkscan on the corpus of miniature projects in ``tests/corpus``.

Each ``tests/corpus/<project>/`` is a small, realistic project. Its files hold tokens
instead of keys, so that the repository contains no key-shaped string:

* ``{{VPK_LIVE:label}}`` / ``{{VPK_TEST:label}}``: a live or test key built by
  ``tests/keys.py`` from ``label`` (the same label is the same key, in any file);
* ``{{VPK_LIVE_B64:label}}``, ``{{VPK_LIVE_URL:label}}`` (and ``VPK_TEST_…``): that key
  base64- or URL-encoded, expected to be reported where the encoded text starts;
* ``{{VPK_LIVE_PREFIX}}`` / ``{{VPK_TEST_PREFIX}}``: the bare prefix, for placeholders
  such as ``{{VPK_LIVE_PREFIX}}xxxx…`` that must never be reported.

``EXPECTED.toml`` lists, for every key token, its path, label and the full set of rule
ids expected at that occurrence (the primary rule plus any VPK007/VPK008), and ``silent``
files that must produce no finding. A folder named like a packaged app (``*.apk``,
``*.ipa``) is packed into an uncompressed zip of that name.

The project is copied to a fresh git repository (without ``EXPECTED.toml``), the real
``vpkscan scan --format json`` runs on it, and every finding is matched to an expected
occurrence by path, line, column and key fingerprint. ``python -m tests.corpus_helper``
prints the accuracy table.
"""

from __future__ import annotations

import base64
import re
import sys
import tempfile
import tomllib
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.helpers import GIT_ENV, Repo, run_vpkscan
from tests.keys import LIVE, TEST, fingerprint, live_key, test_key

CORPUS = Path(__file__).resolve().parent / "corpus"
EXPECTED_FILE = "EXPECTED.toml"
RULE_IDS = frozenset(f"VPK00{n}" for n in range(1, 9))
TOKEN = re.compile(r"\{\{VPK_(LIVE|TEST)(?:_PREFIX|(?:_(B64|URL))?:([A-Za-z0-9_-]+))\}\}")
#: Folders with these suffixes are packed into a zip file of the same name.
PACKED_SUFFIXES = (".apk", ".aab", ".ipa")
_ENTRY_FIELDS = frozenset({"path", "label", "mode", "rules", "line"})


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One key written into the materialised project, and where it landed."""

    path: str
    line: int
    column: int
    label: str
    mode: str
    key: str

    @property
    def archive(self) -> str | None:
        """The packaged app holding the occurrence (``app.apk`` of ``app.apk!a.json``)."""
        return self.path.split("!", 1)[0] if "!" in self.path else None

    def describe(self) -> str:
        return f"{self.path}:{self.line}:{self.column} ({self.mode}:{self.label})"


@dataclass(frozen=True, slots=True)
class Expectation:
    """The rules expected at one occurrence."""

    occurrence: Occurrence
    rules: frozenset[str]


@dataclass(frozen=True, slots=True)
class ProjectResult:
    """How one project's findings compare with its expectations."""

    name: str
    total: int
    correct: int
    wrong: tuple[str, ...]
    missed: tuple[str, ...]
    false_positives: tuple[str, ...]
    expected_rules: tuple[frozenset[str], ...]

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 1.0

    @property
    def perfect(self) -> bool:
        return self.correct == self.total and not self.false_positives

    def describe_failures(self) -> str:
        lines = [f"{self.name}: {self.correct}/{self.total} correct"]
        lines += [f"  wrong rules: {item}" for item in self.wrong]
        lines += [f"  missed: {item}" for item in self.missed]
        lines += [f"  false positive: {item}" for item in self.false_positives]
        return "\n".join(lines)


def project_names() -> list[str]:
    """The corpus projects, in a stable order."""
    return sorted(p.name for p in CORPUS.iterdir() if (p / EXPECTED_FILE).is_file())


def _substitute(text: str, path: str) -> tuple[str, list[Occurrence]]:
    """Replace tokens by keys and prefixes; return the text and where each key landed."""
    out: list[str] = []
    occurrences: list[Occurrence] = []
    length = 0
    line, line_start = 1, 0
    last = 0
    for match in TOKEN.finditer(text):
        literal = text[last : match.start()]
        out.append(literal)
        for offset, char in enumerate(literal):
            if char == "\n":
                line, line_start = line + 1, length + offset + 1
        length += len(literal)
        mode, encoding, label = match.group(1).lower(), match.group(2), match.group(3)
        if label is None:
            value = LIVE if mode == "live" else TEST
        else:
            key = live_key(label) if mode == "live" else test_key(label)
            column = length - line_start + 1
            occurrences.append(Occurrence(path, line, column, label, mode, key))
            value = _encode(key, encoding)
        out.append(value)
        length += len(value)
        last = match.end()
    out.append(text[last:])
    return "".join(out), occurrences


def _encode(key: str, encoding: str | None) -> str:
    if encoding == "B64":
        return base64.b64encode(key.encode("ascii")).decode("ascii")
    if encoding == "URL":
        return key.replace("_", "%5F")
    return key


def _materialise_file(source: Path, path: str) -> tuple[bytes, list[Occurrence]]:
    data = source.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data, []
    substituted, occurrences = _substitute(text, path)
    return substituted.encode("utf-8"), occurrences


def _pack(folder: Path, target: Path, path: str) -> list[Occurrence]:
    """Zip ``folder`` (stored, as app stores keep resources) into ``target``."""
    occurrences: list[Occurrence] = []
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_STORED) as archive:
        for member in sorted(p for p in folder.rglob("*") if p.is_file()):
            name = member.relative_to(folder).as_posix()
            data, found = _materialise_file(member, f"{path}!{name}")
            archive.writestr(name, data)
            occurrences += found
    return occurrences


def materialise(project: Path, destination: Path) -> list[Occurrence]:
    """Copy ``project`` into ``destination`` with tokens replaced; return the key occurrences."""
    occurrences: list[Occurrence] = []
    stack = [project]
    while stack:
        folder = stack.pop()
        for entry in sorted(folder.iterdir()):
            path = entry.relative_to(project).as_posix()
            target = destination / path
            if entry.is_dir() and entry.name.endswith(PACKED_SUFFIXES):
                target.parent.mkdir(parents=True, exist_ok=True)
                occurrences += _pack(entry, target, path)
            elif entry.is_dir():
                stack.append(entry)
            elif path != EXPECTED_FILE:
                target.parent.mkdir(parents=True, exist_ok=True)
                data, found = _materialise_file(entry, path)
                target.write_bytes(data)
                occurrences += found
    return occurrences


def load_expectations(project: Path, occurrences: list[Occurrence]) -> list[Expectation]:
    """Pair every occurrence with its ``EXPECTED.toml`` entry; a mismatch is a corpus error."""
    document = tomllib.loads((project / EXPECTED_FILE).read_text("utf-8"))
    unknown = set(document) - {"description", "key", "silent"}
    if unknown:
        raise ValueError(f"{project.name}: unknown fields {sorted(unknown)}")
    expectations: list[Expectation] = []
    claimed: set[Occurrence] = set()
    for entry in document.get("key", []):
        expectations += _entry_expectations(project.name, entry, occurrences, claimed)
    unclaimed = [o.describe() for o in occurrences if o not in claimed]
    if unclaimed:
        raise ValueError(f"{project.name}: no expectation for {unclaimed}")
    for silent in document.get("silent", []):
        if not (project / silent).is_file():
            raise ValueError(f"{project.name}: silent file {silent} does not exist")
        if any(o.path == silent for o in occurrences):
            raise ValueError(f"{project.name}: silent file {silent} holds a key token")
    return expectations


def _entry_expectations(
    name: str, entry: dict[str, Any], occurrences: list[Occurrence], claimed: set[Occurrence]
) -> list[Expectation]:
    if set(entry) - _ENTRY_FIELDS or not {"path", "label", "rules"} <= set(entry):
        raise ValueError(f"{name}: bad [[key]] entry {entry}")
    rules = frozenset(entry["rules"])
    if not rules or rules - RULE_IDS:
        raise ValueError(f"{name}: bad rules in {entry}")
    matching = [
        o
        for o in occurrences
        if o.path == entry["path"]
        and o.label == entry["label"]
        and entry.get("mode", o.mode) == o.mode
        and entry.get("line", o.line) == o.line
    ]
    if not matching or claimed.intersection(matching):
        raise ValueError(f"{name}: entry {entry} matches no new occurrence")
    claimed.update(matching)
    return [Expectation(o, rules) for o in matching]


def compare(name: str, expectations: list[Expectation], findings: list[Any]) -> ProjectResult:
    """Match findings (JSON report objects) to expectations, occurrence by occurrence."""
    found: dict[tuple[str, int, int, str], set[str]] = {}
    for finding in findings:
        where = (finding["path"], finding["line"], finding["column"], finding["fingerprint"])
        found.setdefault(where, set()).add(finding["rule_id"])
    correct, wrong, missed = 0, [], []
    for expectation in expectations:
        occurrence = expectation.occurrence
        got = _take(found, occurrence)
        want = sorted(expectation.rules)
        if got is None:
            missed.append(f"{occurrence.describe()}: expected {want}")
        elif got == expectation.rules:
            correct += 1
        else:
            wrong.append(f"{occurrence.describe()}: expected {want}, got {sorted(got)}")
    extra = [f"{p}:{line}:{col} {sorted(rules)}" for (p, line, col, _), rules in found.items()]
    return ProjectResult(
        name,
        len(expectations),
        correct,
        tuple(wrong),
        tuple(missed),
        tuple(sorted(extra)),
        tuple(e.rules for e in expectations),
    )


def _take(
    found: dict[tuple[str, int, int, str], set[str]], occurrence: Occurrence
) -> frozenset[str] | None:
    """Remove and return the rules reported at ``occurrence``.

    A key inside a packaged app counts when reported at its member (``app.apk!a.json``)
    or, by a scanner that reads the archive as bytes, anywhere in the archive.
    """
    fp = fingerprint(occurrence.key)
    exact = (occurrence.path, occurrence.line, occurrence.column, fp)
    if exact in found:
        return frozenset(found.pop(exact))
    if occurrence.archive is None:
        return None
    for where in list(found):
        if where[0] == occurrence.archive and where[3] == fp:
            return frozenset(found.pop(where))
    return None


def scan_project(name: str, workdir: Path) -> tuple[list[Expectation], list[Any]]:
    """Build ``name`` as a git repository under ``workdir`` and scan it with the real CLI.

    Returns the expectations and the findings of the JSON report.
    """
    project = CORPUS / name
    repo = workdir / name
    repo.mkdir(parents=True)
    occurrences = materialise(project, repo)
    expectations = load_expectations(project, occurrences)
    # GIT_ENV explicitly: this also runs outside pytest (``python -m tests.corpus_helper``).
    built = Repo(repo)
    built.git("init", "-q", "-b", "main", env=GIT_ENV)
    built.git("add", "-A", env=GIT_ENV)
    built.git("commit", "-q", "-m", f"{name}: corpus project", env=GIT_ENV)
    run = run_vpkscan("scan", "--format", "json", "--jobs", "1", cwd=repo, env=GIT_ENV)
    if run.returncode not in (0, 1):
        raise RuntimeError(f"{name}: vpkscan exited {run.returncode}: {run.stderr}")
    return expectations, run.json()["findings"]


def evaluate(name: str, workdir: Path) -> ProjectResult:
    """Scan project ``name`` and compare its findings with its expectations."""
    return compare(name, *scan_project(name, workdir))


def evaluate_all(workdir: Path) -> list[ProjectResult]:
    """Evaluate every corpus project, each in its own repository under ``workdir``."""
    return [evaluate(name, workdir) for name in project_names()]


def format_table(results: Iterable[ProjectResult]) -> str:
    """The per-project and overall accuracy table, with the expected rules it covers."""
    results = list(results)
    header = f"{'project':<22}{'keys':>6}{'correct':>9}{'wrong':>7}{'missed':>8}{'false+':>8}"
    header += f"{'accuracy':>10}"
    lines = ["classification accuracy on tests/corpus", header, "-" * len(header)]
    for r in [*results, _overall(results)]:
        if r.name == "overall":
            lines.append("-" * len(header))
        lines.append(
            f"{r.name:<22}{r.total:>6}{r.correct:>9}{len(r.wrong):>7}{len(r.missed):>8}"
            f"{len(r.false_positives):>8}{r.accuracy:>10.1%}"
        )
    counts = dict.fromkeys(sorted(RULE_IDS), 0)
    for r in results:
        for rules in r.expected_rules:
            for rule in rules:
                counts[rule] += 1
    lines.append(
        "occurrences per expected rule: " + ", ".join(f"{k} {v}" for k, v in counts.items())
    )
    lines += [r.describe_failures() for r in results if not r.perfect]
    return "\n".join(lines)


def _overall(results: list[ProjectResult]) -> ProjectResult:
    return ProjectResult(
        "overall",
        sum(r.total for r in results),
        sum(r.correct for r in results),
        tuple(w for r in results for w in r.wrong),
        tuple(m for r in results for m in r.missed),
        tuple(f for r in results for f in r.false_positives),
        (),
    )


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="vpkscan-corpus-") as workdir:
        results = evaluate_all(Path(workdir))
    print(format_table(results))
    return 0 if all(r.perfect for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
