#!/usr/bin/env python3
"""Speed of ``vpkscan hook`` on a commit of 10 files in a repository of ~2,000 tracked files.

The script builds, once and cached under ``--workdir``:

* a virtualenv with vpkscan installed from this checkout the way the pre-commit framework
  installs a hook (a regular install, bytecode compiled), so start-up is what users see;
* deterministic synthetic repositories of ``--files`` tracked files (source, config, docs)
  with ``--staged`` of them modified and staged: one without a configuration file, one
  with a ``.vpkscan.toml``, one with ``[tool.vpkscan]`` in ``pyproject.toml``, and one
  whose first staged file holds a key (the hook must block that commit).

It then runs, alternating in the same loop so that machine load hits all alike,
``python -c pass`` (the interpreter's start-up floor), the standard-library modules the
scanning pipeline needs (a second floor), ``vpkscan hook FILE…`` (as the pre-commit
framework calls it) in each repository, ``vpkscan hook`` (as the native hook calls it)
and, for comparison, ``vpkscan scan --staged``; and reports median and p90 wall times.
Finally it checks that the clean hook path imports no heavy module and that the hook is
right: the key blocks its commit and is named (redacted), the clean commits pass.

Standard library only. No key literal appears here: the key is assembled at run time.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import statistics
import string
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # needs the sys.path line above when run as a script
    PROJECT_ROOT,
    Summary,
    build_key,
    git_env,
    log,
    ratio_spread,
)

DEFAULT_WORKDIR = Path("/tmp/vpkscan-bench-hook")
#: The clean commit's target (median wall time), and the blocked commit's.
TARGET_MS = 80.0
TARGET_BLOCK_MS = 100.0
#: A configured repository's clean commit may take this much longer than an unconfigured
#: one's (median wall time) and still count as "the same speed".
CONFIG_TOLERANCE = 1.10
STDLIB_FLOOR = ("typing", "dataclasses", "enum", "pathlib", "subprocess")
#: Modules that must not load on the clean hook path (the issue's "import only what it
#: needs").
FORBIDDEN = (
    "click",
    "git",  # GitPython
    "http.client",
    "urllib.request",
    "multiprocessing",
    "vpkscan.report.sarif",
    "vpkscan.report.html",
    "vpkscan.engine",
    "vpkscan.context.classifier",
)
_VOCABULARY = (
    "user account client config request response handler session token cache store event "
    "payload order invoice price item cart auth login state props value result error status "
    "message queue worker job task schedule metric report export import file path buffer "
    "stream render view model route router service api http retry limit timeout count index"
)
WORDS = _VOCABULARY.split()
KINDS = (
    ("src/{d}/{n}.py", "py"),
    ("web/src/{d}/{n}.ts", "ts"),
    ("web/src/{d}/{n}.jsx", "js"),
    ("config/{d}/{n}.yaml", "yaml"),
    ("docs/{d}/{n}.md", "md"),
    ("data/{d}/{n}.json", "json"),
)
IDENTITY = {
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.invalid",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.invalid",
}
#: A typical project configuration: every kind of setting the clean path must honour.
VPKSCAN_TOML = """\
extend-exclude = ["docs/legacy/", "*.snap"]
fail-on = "medium"
client-paths = ["web/src/**"]
public-prefixes = ["MYAPP_PUBLIC_"]
max-file-size = "5MiB"
disable = ["VPK007"]

[environments]
"config/prod" = "production"
"config/dev" = "development"

[severity]
VPK005 = "critical"
"""
PYPROJECT_TOML = (
    '[project]\nname = "bench-app"\nversion = "1.0"\n\n'
    "[tool.ruff]\nline-length = 100\n\n[tool.vpkscan]\n" + VPKSCAN_TOML.split("\n\n", 1)[0] + "\n"
)
#: The repositories: name -> (configuration file name and text, whether a key is staged).
VARIANTS: dict[str, tuple[tuple[str, str] | None, bool]] = {
    "plain": (None, False),
    "toml": ((".vpkscan.toml", VPKSCAN_TOML), False),
    "pyproject": (("pyproject.toml", PYPROJECT_TOML), False),
    "key": (None, True),
}


def run_env() -> dict[str, str]:
    """The environment of every measured run: isolated git, bytecode caches allowed."""
    env = {**git_env(), **IDENTITY}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("SKIP", None)
    return env


def git(cwd: Path, *args: str) -> str:
    proc = subprocess.run(
        ["git", *args], cwd=cwd, env=run_env(), capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        raise SystemExit(f"git {' '.join(args)} failed: {proc.stderr}")
    return proc.stdout


# --------------------------------------------------------------------------------------
# The virtualenv and the repositories
# --------------------------------------------------------------------------------------


def source_stamp() -> str:
    digest = hashlib.sha256()
    for path in sorted([PROJECT_ROOT / "pyproject.toml", *(PROJECT_ROOT / "vpkscan").rglob("*")]):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(PROJECT_ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def ensure_venv(workdir: Path) -> Path:
    """A virtualenv holding vpkscan built from this checkout; rebuilt when the source changes."""
    venv = workdir / "venv"
    stamp = venv / "vpkscan-source.stamp"
    wanted = source_stamp()
    if stamp.exists() and stamp.read_text() == wanted:
        return venv / "bin" / "python"
    shutil.rmtree(venv, ignore_errors=True)
    log(f"building {venv} (pip install of this checkout)…")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(PROJECT_ROOT)],
        check=True,
        env=run_env(),
    )
    stamp.write_text(wanted)
    return venv / "bin" / "python"


def text_file(rng: random.Random, kind: str, size: int) -> str:
    lines: list[str] = []
    total = 0
    while total < size:
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 10)))
        if kind == "py":
            line = f"    {words.replace(' ', '_')} = compute('{words}')"
        elif kind in ("ts", "js"):
            line = f"  const {rng.choice(WORDS)}{rng.randint(0, 99)} = useValue('{words}');"
        elif kind == "yaml":
            line = f"  {rng.choice(WORDS)}_{rng.randint(0, 99)}: {words}"
        elif kind == "json":
            line = f'  "{rng.choice(WORDS)}_{rng.randint(0, 999)}": "{words}",'
        else:
            line = words.capitalize() + "."
        lines.append(line)
        total += len(line) + 1
    return "\n".join(lines) + "\n"


def planted_key() -> str:
    """The key staged in the blocking variant (seeded, assembled at run time)."""
    rng = random.Random(7)
    return build_key(
        "live", "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(32))
    )


def ensure_repo(
    workdir: Path, files: int, staged: int, seed: int, variant: str = "plain"
) -> tuple[Path, list[str]]:
    """A synthetic repository with ``staged`` files modified and staged; ``variant``
    (see ``VARIANTS``) adds a configuration file or stages a key."""
    config, with_key = VARIANTS[variant]
    suffix = "" if variant == "plain" else f"-{variant}"
    repo = workdir / f"repo-{files}-{seed}{suffix}"
    listing = repo / ".git" / "bench-staged.json"
    if not listing.exists():
        shutil.rmtree(repo, ignore_errors=True)
        repo.mkdir(parents=True)
        rng = random.Random(seed)
        names: list[str] = []
        for index in range(files):
            pattern, kind = KINDS[index % len(KINDS)]
            name = pattern.format(d=f"module_{index % 97:02d}", n=f"{rng.choice(WORDS)}_{index}")
            path = repo / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text_file(rng, kind, rng.randint(500, 9000)))
            names.append(name)
        if config is not None:
            (repo / config[0]).write_text(config[1])
        git(repo, "init", "-q", "-b", "main")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "synthetic project")
        chosen = sorted(rng.sample(names, staged))
        for name in chosen:
            with open(repo / name, "a", encoding="utf-8") as handle:
                handle.write(text_file(rng, "md", 400))
        if with_key:
            with open(repo / chosen[0], "a", encoding="utf-8") as handle:
                handle.write(f'API_KEY = "{planted_key()}"\n')
        git(repo, "add", "--", *chosen)
        listing.write_text(json.dumps(chosen))
    return repo, json.loads(listing.read_text())


# --------------------------------------------------------------------------------------
# Measuring
# --------------------------------------------------------------------------------------


@dataclass
class Command:
    """One timed command: where it runs, the exit code it must return (None: any)."""

    argv: list[str]
    cwd: Path
    exit_code: int | None = 0
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)


def timed(argv: list[str], cwd: Path) -> tuple[float, float, int]:
    """Wall time, CPU time (user + system, the command and the git processes it waited
    for) and exit code of one run. CPU time is what machine load disturbs least."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        argv, cwd=cwd, env=run_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, proc.returncode


def measure(commands: dict[str, Command], runs: int) -> None:
    """Run every command ``runs`` times, round-robin, after two warm-up rounds."""
    for round_index in range(runs + 2):
        for name, command in commands.items():
            wall, cpu, code = timed(command.argv, command.cwd)
            if command.exit_code is not None and code != command.exit_code:
                raise SystemExit(f"{name} exited {code}, not {command.exit_code}")
            if round_index >= 2:
                command.wall.append(wall)
                command.cpu.append(cpu)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def import_report(python: Path, repo: Path, staged: list[str]) -> tuple[list[str], list[str]]:
    """Modules the hook path imports, and any of ``FORBIDDEN`` among them."""
    proc = subprocess.run(
        [str(python), "-X", "importtime", "-m", "vpkscan", "hook", *staged],
        cwd=repo,
        env=run_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    modules: list[tuple[int, str]] = []
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "|" in line and "cumulative" not in line:
            _, cumulative, name = (part.strip() for part in line[12:].split("|"))
            modules.append((int(cumulative), name))
    names = [name for _, name in modules]
    forbidden = [name for name in names if name in FORBIDDEN]
    top = [f"{us / 1000:7.1f} ms  {name}" for us, name in sorted(modules, reverse=True)[:12]]
    return top, forbidden


def check_blocked(vpkscan: list[str], repo: Path, staged: list[str]) -> None:
    """The staged key blocks the commit, and the report names the file, not the key."""
    proc = subprocess.run(
        [*vpkscan, "hook", *staged],
        cwd=repo,
        env=run_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 1 or staged[0] not in proc.stdout or planted_key() in proc.stdout:
        raise SystemExit(f"hook missed the planted key: {proc.returncode}\n{proc.stdout}")


# --------------------------------------------------------------------------------------
# Running it
# --------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR)
    parser.add_argument("--files", type=int, default=2000, help="tracked files (2000)")
    parser.add_argument("--staged", type=int, default=10, help="staged files (10)")
    parser.add_argument("--runs", type=int, default=40, help="measured runs per command (40)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--python", type=Path, help="use this interpreter (vpkscan installed) instead of a venv"
    )
    parser.add_argument(
        "--also",
        type=Path,
        metavar="PYTHON",
        help="also time `vpkscan hook FILE…` of another installation, in the same loop",
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 when a target (in ms) is missed"
    )
    return parser.parse_args(argv)


def collect(argv: Sequence[str] | None = None) -> tuple[list[Summary], bool]:
    """Build what is needed, time every command, print the table; return the lines of
    the combined table and whether the hook path imported a forbidden module."""
    options = parse_args(argv)
    options.workdir.mkdir(parents=True, exist_ok=True)
    python = options.python or ensure_venv(options.workdir)
    repos = {
        variant: ensure_repo(options.workdir, options.files, options.staged, options.seed, variant)
        for variant in VARIANTS
    }
    repo, staged = repos["plain"]
    script = Path(python).parent / "vpkscan"
    hook_cmd = [str(script)] if script.exists() else [str(python), "-m", "vpkscan"]

    def hook(variant: str, exit_code: int = 0) -> Command:
        where, files = repos[variant]
        return Command([*hook_cmd, "hook", *files], where, exit_code)

    commands = {
        "python -c pass": Command([str(python), "-c", "pass"], repo),
        # The standard library the scanning pipeline itself needs: a floor for any hook
        # built on it, to read the figures below on a slow or loaded machine.
        "stdlib floor": Command([str(python), "-c", f"import {', '.join(STDLIB_FLOOR)}"], repo),
        "vpkscan hook FILE…": hook("plain"),
        "hook FILE…, .vpkscan.toml": hook("toml"),
        "hook FILE…, [tool.vpkscan]": hook("pyproject"),
        "hook FILE…, key staged": hook("key", exit_code=1),
        "vpkscan hook": Command([*hook_cmd, "hook"], repo),
        "vpkscan scan --staged": Command([*hook_cmd, "scan", "--staged"], repo, None),
    }
    if options.also:
        also = options.also.parent / "vpkscan"
        commands["vpkscan hook FILE… (--also)"] = Command([str(also), "hook", *staged], repo)
    load_before = f"{os.getloadavg()[0]:.2f}"
    check_blocked(hook_cmd, *repos["key"])
    measure(commands, options.runs)
    top, forbidden = import_report(Path(python), repo, staged)
    for variant in ("toml", "pyproject"):
        forbidden += import_report(Path(python), *repos[variant])[1]

    floor = commands["python -c pass"]
    floor_ms = statistics.median(floor.wall) * 1000
    print(f"repository: {options.files} tracked files, {len(staged)} staged; {options.runs} runs")
    print(f"load average before/after: {load_before} / {os.getloadavg()[0]:.2f}")
    print(f"{'command':<30} {'median':>9} {'p90':>9} {'over floor':>11} {'CPU median':>11}")
    figures: dict[str, dict[str, float]] = {}
    for name, command in commands.items():
        median = statistics.median(command.wall) * 1000
        p90 = percentile(command.wall, 0.9) * 1000
        cpu = statistics.median(command.cpu) * 1000
        figures[name] = {"median_ms": round(median, 1), "p90_ms": round(p90, 1)}
        figures[name]["cpu_median_ms"] = round(cpu, 1)
        print(f"{name:<30} {median:7.1f}ms {p90:7.1f}ms {median - floor_ms:9.1f}ms {cpu:9.1f}ms")
    clean_ms = figures["vpkscan hook FILE…"]["median_ms"]
    summaries = [
        _summary("hook: clean commit", floor, commands["vpkscan hook FILE…"], TARGET_MS),
        _summary(
            "hook: clean commit, .vpkscan.toml",
            floor,
            commands["hook FILE…, .vpkscan.toml"],
            clean_ms * CONFIG_TOLERANCE,
            "same",
        ),
        _summary(
            "hook: clean commit, [tool.vpkscan]",
            floor,
            commands["hook FILE…, [tool.vpkscan]"],
            clean_ms * CONFIG_TOLERANCE,
            "same",
        ),
        _summary(
            "hook: commit with a staged key",
            floor,
            commands["hook FILE…, key staged"],
            TARGET_BLOCK_MS,
        ),
    ]
    for summary in summaries:
        print(f"target: {summary.work}: {summary.target}: {'met' if summary.ok else 'missed'}")
    print("largest imports on the clean hook path (cumulative):")
    print("\n".join("  " + line for line in top))
    if forbidden:
        print(f"forbidden modules imported on the hook path: {', '.join(sorted(set(forbidden)))}")
    if options.json:
        options.json.write_text(json.dumps({"figures": figures, "forbidden": forbidden}, indent=2))
    return summaries, bool(forbidden)


def _summary(
    work: str, floor: Command, command: Command, limit_ms: float, label: str | None = None
) -> Summary:
    median = statistics.median(command.wall)
    floor_median = statistics.median(floor.wall)
    low, high = ratio_spread(floor.wall, command.wall)
    target = f"<= {limit_ms:.0f} ms" if label is None else f"{label} (+10%)"
    return Summary(
        work=work,
        floor="python -c pass",
        floor_median_s=round(floor_median, 4),
        vpkscan_median_s=round(median, 4),
        ratio=round(median / floor_median, 3),
        ratio_low=round(low, 3),
        ratio_high=round(high, 3),
        target=target,
        recall="1/1" if command.exit_code == 1 else "-",
        peak_pss_mib=None,
        ok=median * 1000 <= limit_ms,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: 1 when the hook path imports a forbidden module or, with --check,
    when a target is missed."""
    summaries, forbidden = collect(argv)
    check = "--check" in (sys.argv[1:] if argv is None else argv)
    return 1 if forbidden or (check and not all(s.ok for s in summaries)) else 0


if __name__ == "__main__":
    sys.exit(main())
