"""History scans on every shape of repository: empty, shallow, detached, bare, with
submodules, LFS pointers, large blobs and non-UTF-8 paths; and the errors (no git, a
corrupt object, options that do not combine) as one clear line with exit code 2."""

from __future__ import annotations

import io
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import Repo, run_vpkscan, scan_report
from tests.keys import fingerprint, live_key
from vpkscan.git.objects import list_objects
from vpkscan.read import blobs as read
from vpkscan.read.progress import ProgressBar


def commits_of(document: dict[str, Any], key: str) -> list[tuple[str, str]]:
    return sorted(
        (f["commit"], f["path"])
        for f in document["findings"]
        if f["fingerprint"] == fingerprint(key) and f["rule_id"] not in ("VPK007", "VPK008")
    )


def test_empty_repository_has_no_history_to_scan(repo: Repo) -> None:
    result = scan_report("--history", cwd=repo.path)
    assert result.returncode == 0
    assert result.json()["findings"] == []
    assert "no commits yet" in result.stderr


def test_shallow_clone_credits_the_oldest_fetched_commit_and_says_so(
    repo: Repo, tmp_path: Path
) -> None:
    key = live_key("shallow")
    repo.commit_files({"a.py": f'KEY = "{key}"\n'}, "key")
    repo.commit_files({"b.py": "b = 1\n"}, "b")
    repo.commit_files({"c.py": "c = 1\n"}, "c")
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "2", f"file://{repo.path}", str(clone)], check=True
    )
    boundary = Repo(clone).git("rev-parse", "HEAD~1").strip()
    result = scan_report("--history", cwd=clone)
    assert result.returncode == 1
    assert commits_of(result.json(), key) == [(boundary, "a.py")]
    assert "shallow clone" in result.stderr


def test_detached_head_is_the_current_tree(repo: Repo) -> None:
    key = live_key("detached")
    repo.commit_files({"a.py": "a = 1\n"}, "one")
    with_key = repo.commit_files({"a.py": f'KEY = "{key}"\n'}, "two")
    repo.git("checkout", "-q", "--detach", "HEAD~1")
    result = scan_report("--history", cwd=repo.path)
    assert result.returncode == 1
    [finding] = result.json()["findings"]
    assert (finding["commit"], finding["rule_id"]) == (with_key, "VPK006")


def test_bare_repository(repo: Repo, tmp_path: Path) -> None:
    key = live_key("bare")
    added = repo.commit_files({".env": f"VIBEPEAK_API_KEY={key}\n"}, "env")
    bare = tmp_path / "bare.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(repo.path), str(bare)], check=True)
    result = scan_report("--history", cwd=bare)
    assert result.returncode == 1
    document = result.json()
    assert document["scan"]["root"] == str(bare)
    [finding] = document["findings"]
    assert (finding["commit"], finding["path"], finding["rule_id"]) == (added, ".env", "VPK004")


def test_submodules_are_gitlinks_unless_recursed(repo: Repo, tmp_path: Path) -> None:
    key = live_key("submodule")
    sub = Repo.init(tmp_path / "lib")
    in_sub = sub.commit_files({"secret.py": f'KEY = "{key}"\n'}, "lib key")
    repo.commit_files({"main.py": "pass\n"}, "main")
    repo.git("-c", "protocol.file.allow=always", "submodule", "-q", "add", str(sub.path), "lib")
    repo.commit("add lib")
    result = scan_report("--history", cwd=repo.path)
    assert (result.returncode, result.json()["findings"]) == (0, [])
    assert "1 submodule(s)" in result.stderr and "submodule (gitlink)" in result.stderr
    result = scan_report("--history", "--recurse-submodules", cwd=repo.path)
    assert result.returncode == 1
    assert commits_of(result.json(), key) == [(in_sub, "lib/secret.py")]


def test_lfs_pointers_are_skipped_with_a_note(repo: Repo) -> None:
    pointer = f"version https://git-lfs.github.com/spec/v1\noid sha256:{'ab' * 32}\nsize 12345\n"
    repo.commit_files({"assets/model.bin": pointer}, "lfs")
    result = scan_report("--history", cwd=repo.path)
    assert result.returncode == 0
    assert "1 Git LFS pointer (content stored outside git)" in result.stderr
    assert "LFS pointer file(s) were not scanned" in result.stderr


def test_large_blob_is_streamed_and_located_exactly(repo: Repo) -> None:
    key = live_key("large")
    filler = "x = 1\n" * (9 * 1024 * 1024 // 6)
    added = repo.commit_files({"big/generated.py": f'{filler}KEY = "{key}"\n'}, "big")
    result = scan_report("--history", cwd=repo.path)
    assert result.returncode == 1
    [finding] = result.json()["findings"]
    assert (finding["commit"], finding["line"], finding["column"]) == (
        added,
        filler.count("\n") + 1,
        8,
    )


def test_non_utf8_path(repo: Repo) -> None:
    key = live_key("latin1")
    name = os.fsdecode(b"caf\xe9.py")
    added = repo.commit_files({name: f'KEY = "{key}"\n'}, "latin-1 name")
    result = scan_report("--history", cwd=repo.path)
    assert result.returncode == 1
    [finding] = result.json()["findings"]
    assert (finding["commit"], finding["path"]) == (added, "caf\\xe9.py")


def test_one_reader_and_two_readers_agree(repo: Repo) -> None:
    keys = [live_key(f"many-{index}") for index in range(12)]
    for index, key in enumerate(keys):
        module = {f"pkg/module_{index}.py": f'KEY = "{key}"\n' + "pass\n" * 3000 * index}
        repo.commit_files(module, f"module {index}")
    two = scan_report("--history", cwd=repo.path).json()
    one = scan_report("--history", "--jobs", "1", cwd=repo.path).json()
    assert two["findings"] == one["findings"]
    assert {f["fingerprint"] for f in one["findings"]} == {fingerprint(k) for k in keys}


def test_missing_git_is_a_clear_error(repo: Repo) -> None:
    result = run_vpkscan("scan", "--history", cwd=repo.path, env={"PATH": "/nonexistent"})
    assert result.returncode == 2
    assert result.stderr.startswith("vpkscan: error: git is not installed")
    assert "Traceback" not in result.stderr


def test_corrupt_object_is_a_clear_error(repo: Repo) -> None:
    key = live_key("corrupt")
    repo.commit_files({"a.py": f'KEY = "{key}"\n'}, "key")
    blob = repo.git("rev-parse", "HEAD:a.py").strip()
    path = repo.path / ".git" / "objects" / blob[:2] / blob[2:]
    path.chmod(0o644)
    path.write_bytes(b"not a zlib stream at all")
    result = run_vpkscan("scan", "--history", cwd=repo.path)
    assert result.returncode == 2
    assert result.stderr.startswith("vpkscan: error: git cat-file")
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_object_that_breaks_while_read_is_a_clear_error(repo: Repo, jobs: str) -> None:
    # Its header reads fine (it is listed), its content does not.
    files = {f"small_{index}.txt": f"file {index}\n" for index in range(20)}
    files["big.txt"] = "".join(chr(97 + (i * 7919) % 26) for i in range(200_000))
    repo.commit_files(files, "files")
    blob = repo.git("rev-parse", "HEAD:big.txt").strip()
    path = repo.path / ".git" / "objects" / blob[:2] / blob[2:]
    path.chmod(0o644)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    result = run_vpkscan("scan", "--history", "--jobs", jobs, cwd=repo.path)
    assert result.returncode == 2
    assert result.stderr.startswith("vpkscan: error: git cat-file")
    assert blob in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--history", "src"], "takes no PATH"),
        (["--history", "--staged"], "cannot be combined with --staged"),
        (["--history", "--range", "HEAD~1..HEAD"], "--history and --range cannot be combined"),
        (["--all-objects"], "--all-objects only applies to --history"),
        (["--recurse-submodules"], "--recurse-submodules only applies"),
    ],
)
def test_options_that_do_not_combine(repo: Repo, args: list[str], message: str) -> None:
    result = run_vpkscan("scan", *args, cwd=repo.path)
    assert result.returncode == 2
    assert message in result.stderr


def test_outside_a_repository(tmp_path: Path) -> None:
    result = run_vpkscan("scan", "--history", cwd=tmp_path)
    assert result.returncode == 2
    assert "not inside a git repository" in result.stderr


def test_no_progress_bar_when_stderr_is_not_a_terminal_and_quiet_silences_the_summary(
    repo: Repo,
) -> None:
    repo.commit_files({"a.py": "pass\n"}, "one")
    loud = run_vpkscan("scan", "--history", cwd=repo.path)
    assert "\r" not in loud.stderr and "blobs" not in loud.stderr
    assert "0 findings" in loud.stderr
    quiet = run_vpkscan("scan", "--history", "--quiet", cwd=repo.path)
    assert (quiet.returncode, quiet.stderr) == (0, "")


def test_progress_bar_shows_objects_bytes_rate_and_time_left(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    stream = io.StringIO()
    bar = ProgressBar(stream)
    bar.start(20_000, 1_250_000_000)
    bar.advance(5_000, 250_000_000)
    line = bar.line(bar._started + 2.0)
    assert "[##" in line and "...]" in line
    assert "5,000/20,000 blobs" in line
    assert "250/1,250 MB" in line
    assert "125 MB/s" in line
    assert "0:08 left" in line
    assert len(line) <= 79
    bar.advance(15_000, 1_000_000_000)
    later = bar.line(bar._started + 9.0)
    assert len(later) == len(line)  # the bar keeps its length as the numbers grow
    assert later.count("#") > line.count("#")
    bar.finish()
    assert stream.getvalue().endswith("\r\033[K")


def test_many_segments_shared_by_two_workers_find_what_one_reader_finds(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = [live_key(f"segment-{index}") for index in range(8)]
    for index, key in enumerate(keys):
        module = {
            f"pkg/m{index}.py": "x = 1\n" * 500 + f'KEY = "{key}"\n',
            f"pkg/clean{index}.py": "y = 2\n" * (index + 1),
        }
        repo.commit_files(module, f"module {index}")
    # One blob per segment: the two workers take turns over every blob.
    monkeypatch.setattr(read, "TARGET_BYTES", 1)
    one, one_totals = read.read_blobs(repo.path, list_objects(repo.path), readers=1)
    two, two_totals = read.read_blobs(repo.path, list_objects(repo.path), readers=2)
    assert one == two
    assert one_totals.blobs == two_totals.blobs == 16
    assert {c.key for scan in two.values() for c in scan.candidates} == set(keys)


def _segment(name: str, size: int) -> read.Segment:
    return read.Segment((name,), (size,), (None,))


def test_big_families_are_queued_at_once_and_the_last_work_is_the_smallest() -> None:
    mib = 1024 * 1024
    small = [_segment(f"s{index}", (8 + index % 3) * mib) for index in range(40)]
    big = [_segment("lockfile", 250 * mib), _segment("bundle", 90 * mib)]
    # Pack order: small segments, the lockfile's family in the middle, the bundle last.
    listing = [*small[:20], big[0], *small[20:], big[1]]
    order = [segment.oids[0] for segment in read.balanced(listing)]
    assert sorted(order) == sorted(segment.oids[0] for segment in listing)
    # The lead keeps the first segments in pack order, so the readers start at once.
    assert order[:8] == [f"s{index}" for index in range(8)]
    # Both big families come before every segment that was held back...
    assert max(order.index("lockfile"), order.index("bundle")) < order.index("s39")
    # ...and the held-back ones follow largest first.
    sizes = {segment.oids[0]: segment.sizes[0] for segment in listing}
    tail = order[order.index("bundle") + 1 :]
    assert len(tail) > 10
    assert [sizes[name] for name in tail] == sorted((sizes[name] for name in tail), reverse=True)


def test_a_listing_without_big_families_keeps_the_readers_supplied() -> None:
    mib = 1024 * 1024
    listed: list[read.Segment] = []

    def listing() -> Iterator[read.Segment]:
        for index in range(400):
            segment = _segment(f"s{index}", 8 * mib)
            listed.append(segment)
            yield segment

    queued_while_listing = []
    for segment in read.balanced(listing()):
        if len(listed) < 400:
            queued_while_listing.append(segment)
            # At every moment of the listing, a quarter of it at least is queued.
            assert 4 * len(queued_while_listing) >= len(listed)
    assert 100 <= len(queued_while_listing) < 400
