#!/usr/bin/env python3
"""What looking for encoded keys costs: ``vpkscan scan`` with decoding on against ``--no-decode``.

Uses the synthetic tree of ``tree_bench.py`` (built and cached the same way), runs both
variants alternately after a warm-up, and reports the median wall times and their ratio
(target: at most 1.2). Both variants must report the same findings on that tree, which
holds no encoded key. Standard library only.

    python benchmarks/decode_bench.py --files 2000 --size-mb 40 --workdir /tmp/vpkdec-small
    python benchmarks/decode_bench.py            # full tree: 20,000 files / 400 MB
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Summary, checkout_env, git_env, ratio_spread  # needs the sys.path line above
from _tree_gen import (
    DEFAULT_WORKDIR,
    FULL_FILES,
    FULL_MB,
    ensure_tree,
)

TARGET_RATIO = 1.2


def run_scan(
    repo: Path, out: Path, extra: Sequence[str]
) -> tuple[float, float, list[tuple[str, ...]]]:
    """Wall time and CPU time (user + system, worker processes included) of one
    ``vpkscan scan``, and the (path, line, column, rule) it reported."""
    env = checkout_env(git_env())
    argv = [sys.executable, "-m", "vpkscan", "scan", "--format", "json", "--output", str(out)]
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run([*argv, *extra], cwd=repo, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - usage.ru_utime + after.ru_stime - usage.ru_stime
    if proc.returncode not in (0, 1):
        raise SystemExit(f"vpkscan failed ({proc.returncode}): {proc.stderr.decode()[-2000:]}")
    findings = json.loads(out.read_text())["findings"]
    return (
        elapsed,
        cpu,
        sorted((f["path"], str(f["line"]), str(f["column"]), f["rule_id"]) for f in findings),
    )


def collect(argv: Sequence[str] | None = None) -> Summary:
    """Run both variants, print the figures; return the line of the combined table."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR)
    parser.add_argument("--seed", type=int, default=20240101)
    parser.add_argument("--files", type=int, default=FULL_FILES)
    parser.add_argument("--size-mb", type=float, default=FULL_MB)
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds of each variant")
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = parser.parse_args(argv)
    workdir = args.workdir.resolve()
    ensure_tree(workdir, args.seed, args.files, args.size_mb)
    repo = workdir / "repo"
    times: dict[str, list[float]] = {"on": [], "off": []}
    cpu: dict[str, list[float]] = {"on": [], "off": []}
    reported: dict[str, list[tuple[str, ...]]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "findings.json"
        for round_number in range(args.rounds + 1):
            for variant, extra in (("off", ["--no-decode"]), ("on", [])):
                elapsed, spent, findings = run_scan(repo, out, extra)
                reported[variant] = findings
                if round_number:
                    times[variant].append(elapsed)
                    cpu[variant].append(spent)
            if round_number:
                print(
                    f"round {round_number}/{args.rounds}: off {times['off'][-1]:.3f}s "
                    f"(cpu {cpu['off'][-1]:.2f}s)  on {times['on'][-1]:.3f}s "
                    f"(cpu {cpu['on'][-1]:.2f}s)",
                    file=sys.stderr,
                )
    off, on = statistics.median(times["off"]), statistics.median(times["on"])
    ratio = on / off
    same = reported["on"] == reported["off"]
    print(f"decoding off: median {off:.3f}s  runs {' '.join(f'{t:.3f}' for t in times['off'])}")
    print(f"decoding on:  median {on:.3f}s  runs {' '.join(f'{t:.3f}' for t in times['on'])}")
    cpu_ratio = statistics.median(cpu["on"]) / statistics.median(cpu["off"])
    print(f"ratio on/off: {ratio:.3f} (target <= {TARGET_RATIO})")
    print(f"cpu time ratio on/off: {cpu_ratio:.3f} (steadier on a shared machine)")
    print(f"same findings: {same} ({len(reported['on'])} findings)")
    if args.json:
        figures = {
            "off_s": times["off"],
            "on_s": times["on"],
            "off_cpu_s": cpu["off"],
            "on_cpu_s": cpu["on"],
            "ratio": ratio,
            "cpu_ratio": cpu_ratio,
            "same": same,
        }
        print(json.dumps(figures, indent=1))
    low, high = ratio_spread(times["off"], times["on"])
    return Summary(
        work="decoding on vs --no-decode (tree)",
        floor="scan --no-decode",
        floor_median_s=off,
        vpkscan_median_s=on,
        ratio=round(ratio, 3),
        ratio_low=round(low, 3),
        ratio_high=round(high, 3),
        target=f"<= {TARGET_RATIO:.2f}x",
        recall="same" if same else "differ",
        peak_pss_mib=None,
        ok=ratio <= TARGET_RATIO and same,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; exit 0 when the ratio is within the target and findings agree."""
    return 0 if collect(argv).ok else 1


if __name__ == "__main__":
    sys.exit(main())
