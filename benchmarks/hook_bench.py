#!/usr/bin/env python3
"""Speed of ``vpkscan hook`` on a commit of 10 files in a repository of ~2,000 tracked files.

The script builds, once and cached under ``--workdir``:

* a virtualenv with vpkscan installed from this checkout the way the pre-commit framework
  installs a hook (a regular install, bytecode compiled), so start-up is what users see;
* a deterministic synthetic repository of ``--files`` tracked files (source, config, docs)
  with ``--staged`` of them modified and staged.

It then runs, alternating in the same loop so that machine load hits all alike,
``python -c pass`` (the interpreter's start-up floor), the standard-library modules the
scanning pipeline needs (a second floor), ``vpkscan hook FILE…`` (as the
pre-commit framework calls it), ``vpkscan hook`` (as the native hook calls it) and, for
comparison, ``vpkscan scan --staged``; and reports median and p90 wall times. Finally it
checks that the hook path imports no heavy module and that the hook is right: a key planted
in a staged file makes it exit 1 and name the file, and removing the key makes it exit 0.

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
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_WORKDIR = Path("/tmp/vpkscan-bench-hook")
TARGET_MS = 80.0
STDLIB_FLOOR = ("typing", "dataclasses", "enum", "pathlib", "subprocess")
#: Commands whose failure on the clean commit stops the benchmark; the others (shown for
#: comparison) are timed whatever they return.
MUST_PASS = (
    "python -c pass",
    "stdlib floor",
    "vpkscan hook FILE…",
    "vpkscan hook",
    "vpkscan hook FILE… (--also)",
)
#: Modules that must not load on the hook path (the issue's "import only what it needs").
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
GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.invalid",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.invalid",
}


def run_env() -> dict[str, str]:
    """The environment of every measured run: isolated git, bytecode caches allowed."""
    env = {**os.environ, **GIT_ENV}
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
# The virtualenv and the repository
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
    print(f"building {venv} (pip install of this checkout)…", file=sys.stderr)
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


def ensure_repo(workdir: Path, files: int, staged: int, seed: int) -> tuple[Path, list[str]]:
    """The synthetic repository, with ``staged`` files modified and staged."""
    repo = workdir / f"repo-{files}-{seed}"
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
        git(repo, "init", "-q", "-b", "main")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "synthetic project")
        chosen = sorted(rng.sample(names, staged))
        for name in chosen:
            with open(repo / name, "a", encoding="utf-8") as handle:
                handle.write(text_file(rng, "md", 400))
        git(repo, "add", "--", *chosen)
        listing.write_text(json.dumps(chosen))
    return repo, json.loads(listing.read_text())


# --------------------------------------------------------------------------------------
# Measuring
# --------------------------------------------------------------------------------------


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


def measure(
    commands: dict[str, list[str]], cwd: Path, runs: int
) -> dict[str, dict[str, list[float]]]:
    """Run every command ``runs`` times, round-robin, after two warm-up rounds."""
    times: dict[str, dict[str, list[float]]] = {n: {"wall": [], "cpu": []} for n in commands}
    for round_index in range(runs + 2):
        for name, argv in commands.items():
            wall, cpu, code = timed(argv, cwd)
            if code != 0 and name in MUST_PASS:
                raise SystemExit(f"{name} exited {code} on a clean commit")
            if round_index >= 2:
                times[name]["wall"].append(wall)
                times[name]["cpu"].append(cpu)
    return times


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


def check_correctness(vpkscan: list[str], repo: Path, staged: list[str]) -> None:
    """A planted key blocks the commit and is named; the clean file passes again."""
    rng = random.Random(7)
    body = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(32))
    key = "vpk_" + "live_" + body
    target = repo / staged[0]
    original = target.read_bytes()
    try:
        target.write_bytes(original + f'API_KEY = "{key}"\n'.encode())
        git(repo, "add", "--", staged[0])
        proc = subprocess.run(
            [*vpkscan, "hook", *staged],
            cwd=repo,
            env=run_env(),
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 1 or staged[0] not in proc.stdout or key in proc.stdout:
            raise SystemExit(f"hook missed the planted key: {proc.returncode}\n{proc.stdout}")
    finally:
        target.write_bytes(original)
        git(repo, "add", "--", staged[0])
    if timed([*vpkscan, "hook", *staged], repo)[2] != 0:
        raise SystemExit("hook fails on the clean commit")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
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
    parser.add_argument("--check", action="store_true", help=f"exit 1 above {TARGET_MS:.0f} ms")
    options = parser.parse_args()

    options.workdir.mkdir(parents=True, exist_ok=True)
    python = options.python or ensure_venv(options.workdir)
    repo, staged = ensure_repo(options.workdir, options.files, options.staged, options.seed)
    vpkscan = [str(python), "-m", "vpkscan"]
    script = Path(python).parent / "vpkscan"
    hook_cmd = [str(script)] if script.exists() else vpkscan
    commands = {
        "python -c pass": [str(python), "-c", "pass"],
        # The standard library the scanning pipeline itself needs: a floor for any hook
        # built on it, to read the figures below on a slow or loaded machine.
        "stdlib floor": [str(python), "-c", f"import {', '.join(STDLIB_FLOOR)}"],
        "vpkscan hook FILE…": [*hook_cmd, "hook", *staged],
        "vpkscan hook": [*hook_cmd, "hook"],
        "vpkscan scan --staged": [*hook_cmd, "scan", "--staged"],
    }
    if options.also:
        also = options.also.parent / "vpkscan"
        commands["vpkscan hook FILE… (--also)"] = [str(also), "hook", *staged]
    load_before = f"{os.getloadavg()[0]:.2f}"
    times = measure(commands, repo, options.runs)
    top, forbidden = import_report(Path(python), repo, staged)
    check_correctness(hook_cmd, repo, staged)

    floor = statistics.median(times["python -c pass"]["wall"]) * 1000
    print(f"repository: {options.files} tracked files, {len(staged)} staged; {options.runs} runs")
    print(f"load average before/after: {load_before} / {os.getloadavg()[0]:.2f}")
    print(f"{'command':<28} {'median':>9} {'p90':>9} {'over floor':>11} {'CPU median':>11}")
    figures: dict[str, dict[str, float]] = {}
    for name, values in times.items():
        median = statistics.median(values["wall"]) * 1000
        p90 = percentile(values["wall"], 0.9) * 1000
        cpu = statistics.median(values["cpu"]) * 1000
        figures[name] = {"median_ms": round(median, 1), "p90_ms": round(p90, 1)}
        figures[name]["cpu_median_ms"] = round(cpu, 1)
        print(f"{name:<28} {median:7.1f}ms {p90:7.1f}ms {median - floor:9.1f}ms {cpu:9.1f}ms")
    hook_median = figures["vpkscan hook FILE…"]["median_ms"]
    verdict = "met" if hook_median < TARGET_MS else "missed"
    print(f"target: median of vpkscan hook under {TARGET_MS:.0f} ms: {verdict}")
    print("largest imports on the hook path (cumulative):")
    print("\n".join("  " + line for line in top))
    if forbidden:
        print(f"forbidden modules imported on the hook path: {', '.join(forbidden)}")
    if options.json:
        options.json.write_text(json.dumps({"figures": figures, "forbidden": forbidden}, indent=2))
    return 1 if forbidden or (options.check and verdict == "missed") else 0


if __name__ == "__main__":
    sys.exit(main())
