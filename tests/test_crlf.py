"""A checkout with CRLF line ends (``core.autocrlf=true``, the Git for Windows default)
gives the same findings, lines and columns as one with LF."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from tests.helpers import Repo, scan_json
from tests.keys import live_key, test_key

FILES = {
    ".env": f"# settings\nVIBEPEAK_API_KEY={live_key('crlf-env')}\nDEBUG=1\n",
    "web/app.tsx": (
        "import x from 'y';\n\nexport const a = 1;\n"
        f'const key = "{live_key("crlf-web")}"; // the end\n'
    ),
    "server/settings.py": f"import os\n\n\nKEY = '{test_key('crlf-py')}'\nOTHER = 2\n",
    "k8s/secret.yaml": (
        f"kind: Secret\ndata:\n  key: {base64.b64encode(live_key('crlf-b64').encode()).decode()}\n"
    ),
    "ends.txt": f"first line\n{live_key('crlf-end')}\n",
}


def _located(findings: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [
        (f["path"], f["line"], f["column"], f["rule_id"], f["fingerprint"], f["encoding"])
        for f in findings
    ]


def _repo(path: Path, autocrlf: bool) -> Repo:
    repo = Repo.init(path)
    repo.git("config", "core.autocrlf", "true" if autocrlf else "false")
    repo.commit_files({"README.md": "hello\n"}, "initial")
    return repo


def test_a_crlf_working_tree_gives_the_same_findings_as_lf(tmp_path: Path) -> None:
    lf = _repo(tmp_path / "lf", autocrlf=False)
    lf.commit_files(FILES, "keys")
    crlf = _repo(tmp_path / "crlf", autocrlf=True)
    crlf.commit_files(FILES, "keys")
    # Checked out again, the working tree has CRLF line ends.
    for name in FILES:
        (crlf.path / name).unlink()
    crlf.git("checkout", "--", ".")
    assert b"\r\n" in (crlf.path / ".env").read_bytes()
    expected = _located(scan_json(cwd=lf.path))
    assert len(expected) >= len(FILES)
    assert _located(scan_json(cwd=crlf.path)) == expected


def test_crlf_files_staged_give_the_same_findings_as_lf(tmp_path: Path) -> None:
    lf = _repo(tmp_path / "lf", autocrlf=False)
    crlf = _repo(tmp_path / "crlf", autocrlf=True)
    for name, text in FILES.items():
        lf.write(name, text)
        crlf.write(name, text.replace("\n", "\r\n"))
    lf.add()
    crlf.add()
    expected = _located(scan_json("--staged", cwd=lf.path))
    assert len(expected) >= len(FILES)
    assert _located(scan_json("--staged", cwd=crlf.path)) == expected
    # The same CRLF files committed as they are (no conversion) are found in place too.
    raw = _repo(tmp_path / "raw", autocrlf=False)
    for name, text in FILES.items():
        raw.write(name, text.replace("\n", "\r\n"))
    raw.add()
    assert _located(scan_json("--staged", cwd=raw.path)) == expected
    assert _located(scan_json(cwd=raw.path)) == expected
