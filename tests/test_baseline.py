"""Baselines: deterministic hash-only files, round trips, stale entries, atomic writes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import Repo, run_vpkscan
from tests.keys import body, fingerprint, live_key
from vpkscan.suppress import baseline as store


def _setup(repo: Repo) -> str:
    key = live_key("base")
    repo.write("src/config.py", f'# settings\nAPI = "{key}"\n')
    repo.add()
    return key


def test_create_writes_a_hash_only_sorted_file(repo: Repo) -> None:
    key = _setup(repo)
    repo.write("a/early.py", f'K = "{live_key("early")}"\n')
    repo.add()
    result = run_vpkscan("baseline", "create", cwd=repo.path)
    assert result.returncode == 0, result.stderr
    text = (repo.path / ".vpkscan-baseline.json").read_text()
    assert key not in text and body("base") not in text
    document = json.loads(text)
    assert document["version"] == store.VERSION
    assert [e["path"] for e in document["entries"]] == ["a/early.py", "src/config.py"]
    assert all(set(e) == {"path", "rule", "fingerprint"} for e in document["entries"])
    assert document["entries"][1]["fingerprint"] == fingerprint(key)
    again = run_vpkscan("baseline", "create", "--force", cwd=repo.path)
    assert again.returncode == 0
    assert (repo.path / ".vpkscan-baseline.json").read_text() == text  # deterministic


def test_create_refuses_to_overwrite(repo: Repo) -> None:
    _setup(repo)
    assert run_vpkscan("baseline", "create", cwd=repo.path).returncode == 0
    result = run_vpkscan("baseline", "create", cwd=repo.path)
    assert result.returncode == 2
    assert "exists" in result.stderr


def test_round_trip_moving_code_stays_suppressed_new_occurrence_reported(repo: Repo) -> None:
    key = _setup(repo)
    run_vpkscan("baseline", "create", cwd=repo.path)
    clean = run_vpkscan("scan", "--format", "json", cwd=repo.path)
    assert clean.returncode == 0 and clean.json()["findings"] == []
    assert "1 suppressed: 1 baseline" in clean.stderr
    # Moving the key down the file does not invalidate the entry.
    repo.write("src/config.py", f'# settings\n\n\nimport os\n\nAPI = "{key}"\n')
    moved = run_vpkscan("scan", "--format", "json", cwd=repo.path)
    assert moved.returncode == 0 and moved.json()["findings"] == []
    # The same key in another file is a new occurrence.
    repo.write("src/other.py", f'API = "{key}"\n')
    repo.add()
    new = run_vpkscan("scan", "--format", "json", cwd=repo.path)
    assert new.returncode == 1
    assert [f["path"] for f in new.json()["findings"]] == ["src/other.py"]


def test_check_lists_stale_and_new_entries_and_update_refreshes(repo: Repo) -> None:
    _setup(repo)
    run_vpkscan("baseline", "create", cwd=repo.path)
    assert run_vpkscan("baseline", "check", cwd=repo.path).returncode == 0
    repo.write("src/config.py", "API = os.environ['VIBEPEAK_API_KEY']\n")
    repo.write("src/new.py", f'K = "{live_key("new")}"\n')
    repo.add()
    check = run_vpkscan("baseline", "check", cwd=repo.path)
    assert check.returncode == 1
    assert "stale baseline entry (matches nothing now): src/config.py VPK005" in check.stderr
    assert "new: src/new.py VPK005" in check.stdout
    assert "src/config.py" not in check.stdout
    update = run_vpkscan("baseline", "update", cwd=repo.path)
    assert update.returncode == 0
    assert "1 added, 1 stale removed" in update.stderr
    entries = store.read(repo.path / ".vpkscan-baseline.json")
    assert {e.path for e in entries} == {"src/new.py"}


def test_explicit_baseline_option_and_no_default(repo: Repo, tmp_path: Path) -> None:
    _setup(repo)
    elsewhere = tmp_path / "accepted.json"
    run_vpkscan("baseline", "create", "--file", str(elsewhere), cwd=repo.path)
    assert run_vpkscan("scan", cwd=repo.path).returncode == 1  # not at the default place
    assert run_vpkscan("scan", "--baseline", str(elsewhere), cwd=repo.path).returncode == 0


def test_newer_format_is_an_error_older_is_upgraded(repo: Repo) -> None:
    key = _setup(repo)
    path = repo.path / ".vpkscan-baseline.json"
    path.write_text(json.dumps({"version": store.VERSION + 1, "entries": []}))
    newer = run_vpkscan("scan", cwd=repo.path)
    assert newer.returncode == 2
    assert "newer than this vpkscan understands" in newer.stderr
    legacy = {
        "version": 1,
        "secrets": {"src/config.py": [{"rule": "VPK005", "fingerprint": fingerprint(key)}]},
    }
    path.write_text(json.dumps(legacy))
    assert run_vpkscan("scan", cwd=repo.path).returncode == 0
    assert json.loads(path.read_text()) == legacy  # upgraded in memory only


def test_broken_baseline_is_exit_2(repo: Repo) -> None:
    _setup(repo)
    (repo.path / ".vpkscan-baseline.json").write_text("{not json")
    result = run_vpkscan("scan", cwd=repo.path)
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_write_is_atomic_under_interruption(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "baseline.json"
    old = [store.Entry("a.py", "VPK005", "0" * 16)]
    store.write(path, old)
    before = path.read_bytes()

    def interrupted(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        store.write(path, [*old, store.Entry("b.py", "VPK004", "1" * 16)])
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["baseline.json"]


def test_stale_entries_are_a_note_unless_strict(repo: Repo) -> None:
    _setup(repo)
    run_vpkscan("baseline", "create", cwd=repo.path)
    repo.write("src/config.py", "API = os.environ['VIBEPEAK_API_KEY']\n")
    repo.add()
    check = run_vpkscan("baseline", "check", cwd=repo.path)
    assert check.returncode == 0, check.stderr
    assert "vpkscan: note: stale baseline entry" in check.stderr
    assert "0 new" in check.stderr
    strict = run_vpkscan("baseline", "check", "--strict", cwd=repo.path)
    assert strict.returncode == 1


def test_a_baselined_key_stays_accepted_once_its_file_is_deleted(repo: Repo) -> None:
    key = live_key("moved-to-history")
    repo.commit_files({"src/settings.py": f'KEY = "{key}"\n', "README.md": "x\n"}, "add")
    assert run_vpkscan("baseline", "create", cwd=repo.path).returncode == 0
    repo.commit_files(
        {".vpkscan-baseline.json": (repo.path / ".vpkscan-baseline.json").read_text()}
    )
    repo.git("rm", "-q", "src/settings.py")
    repo.commit("remove the key")
    history = run_vpkscan("scan", "--history", "--format", "json", cwd=repo.path)
    assert history.returncode == 0, history.stdout
    assert history.json()["findings"] == []
    assert "1 suppressed" in history.stderr
    (repo.path / ".vpkscan-baseline.json").unlink()
    unbaselined = run_vpkscan("scan", "--history", "--format", "json", cwd=repo.path)
    assert [f["rule_id"] for f in unbaselined.json()["findings"]] == ["VPK006"]


def test_a_configured_baseline_is_used_if_present_a_command_line_one_must_exist(
    repo: Repo,
) -> None:
    _setup(repo)
    repo.write(".vpkscan.toml", 'baseline = "accepted/vpkscan.json"\n')
    configured = run_vpkscan("scan", cwd=repo.path)
    assert configured.returncode == 1, configured.stderr
    assert "note: no baseline at accepted/vpkscan.json yet" in configured.stderr
    given = run_vpkscan("scan", "--baseline", "accepted/vpkscan.json", cwd=repo.path)
    assert given.returncode == 2
    assert "baseline not found" in given.stderr
    (repo.path / "accepted").mkdir()
    assert run_vpkscan("baseline", "create", cwd=repo.path).returncode == 0
    assert (repo.path / "accepted" / "vpkscan.json").is_file()
    assert not (repo.path / ".vpkscan-baseline.json").exists()
    assert run_vpkscan("scan", cwd=repo.path).returncode == 0


def _entries(repo: Repo) -> list[dict[str, str]]:
    document = json.loads((repo.path / ".vpkscan-baseline.json").read_text())
    entries: list[dict[str, str]] = document["entries"]
    return entries


def test_update_lists_each_added_entry_for_review(repo: Repo) -> None:
    key = _setup(repo)
    assert run_vpkscan("baseline", "create", cwd=repo.path).returncode == 0
    new_key = live_key("reviewed")
    repo.write("web/.env", f"# web\n\nVIBEPEAK_API_KEY={new_key}\n")
    repo.add()
    update = run_vpkscan("baseline", "update", cwd=repo.path)
    assert update.returncode == 0, update.stderr
    assert update.stdout.splitlines() == [
        f"added: web/.env:3 VPK004 committed-env-file [high] live key {new_key[:13]}…"
    ]
    assert key not in update.stdout + update.stderr
    assert new_key not in update.stdout + update.stderr
    assert "the baseline belongs in the repository" in update.stderr
    assert "1 added, 0 stale removed" in update.stderr
    again = run_vpkscan("baseline", "update", cwd=repo.path)
    assert again.stdout == "" and "belongs in the repository" not in again.stderr


def test_create_lists_every_entry_once_with_its_lines(repo: Repo) -> None:
    key = live_key("twice")
    repo.write("src/config.py", f'A = "{key}"\nB = "{key}"\n')
    repo.add()
    create = run_vpkscan("baseline", "create", cwd=repo.path)
    assert create.returncode == 0, create.stderr
    assert create.stdout.splitlines() == [
        f"added: src/config.py:1,2 VPK005 hardcoded-key [high] live key {key[:13]}…"
    ]
    assert ".vpkscan-baseline.json: 1 entry (1 added)\n" in create.stderr


def test_reasons_are_kept_for_the_entries_they_were_given_with(repo: Repo) -> None:
    _setup(repo)
    first = run_vpkscan("baseline", "create", "--reason", "sandbox fixture", cwd=repo.path)
    assert first.returncode == 0, first.stderr
    assert [e["reason"] for e in _entries(repo)] == ["sandbox fixture"]
    repo.write("docs/setup.md", f"export KEY={live_key('doc')}\n")
    repo.add()
    second = run_vpkscan("baseline", "update", "--reason", "rotated, ticket  SEC-42", cwd=repo.path)
    assert second.returncode == 0, second.stderr
    reasons = {e["path"]: e["reason"] for e in _entries(repo)}
    assert reasons == {
        "src/config.py": "sandbox fixture",
        "docs/setup.md": "rotated, ticket SEC-42",
    }
    third = run_vpkscan("baseline", "update", cwd=repo.path)
    assert third.returncode == 0
    assert {e["path"]: e["reason"] for e in _entries(repo)} == reasons
    assert run_vpkscan("scan", cwd=repo.path).returncode == 0


def test_a_reason_never_stores_a_key_and_cannot_be_empty(repo: Repo) -> None:
    _setup(repo)
    pasted = live_key("pasted")
    result = run_vpkscan("baseline", "create", "--reason", f"was {pasted}", cwd=repo.path)
    assert result.returncode == 0, result.stderr
    assert [e["reason"] for e in _entries(repo)] == [f"was {pasted[:13]}…"]
    empty = run_vpkscan("baseline", "update", "--reason", "  ", cwd=repo.path)
    assert empty.returncode == 2
    assert "--reason needs a text" in empty.stderr


@pytest.mark.parametrize("version", [1, 2])
def test_check_reads_files_written_before_reasons(repo: Repo, version: int) -> None:
    key = _setup(repo)
    entry = {"rule": "VPK005", "fingerprint": fingerprint(key)}
    document: dict[str, object] = (
        {"version": 1, "secrets": {"src/config.py": [entry]}}
        if version == 1
        else {"version": 2, "tool": "vpkscan", "entries": [{"path": "src/config.py", **entry}]}
    )
    path = repo.path / ".vpkscan-baseline.json"
    path.write_text(json.dumps(document))
    check = run_vpkscan("baseline", "check", cwd=repo.path)
    assert check.returncode == 0, check.stderr
    assert check.stderr.endswith(".vpkscan-baseline.json: 1 entry, 0 stale, 0 new\n")
    assert run_vpkscan("scan", cwd=repo.path).returncode == 0
    update = run_vpkscan("baseline", "update", cwd=repo.path)
    assert update.returncode == 0 and update.stdout == ""
    assert "reason" not in path.read_text()
