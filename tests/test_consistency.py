"""Every mode finds, classifies and reports a key the same way (SPEC §3).

One repository with keys planted where real projects put them is scanned through every
mode: the working tree, paths, the index, standard input with ``--stdin-filename``, a
commit range, ``--since-commit``, the whole history, the pre-commit hook and the pre-push
hook. For each (path, key) the rule, message, remediation, encoding and original must
be the same; only the provenance (commit, author, date, exposure) may differ.
"""

from __future__ import annotations

import base64
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import Repo, run_vpkscan, scan_json
from tests.keys import fingerprint, live_key, test_key
from tests.test_sourcemaps import encode_mappings, source_map

#: What must agree between modes.
SAME = ("rule_id", "severity", "message", "remediation", "encoding", "original", "line", "column")
SHARED_KEY = live_key("shared-env")


def _zip(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def _notebook(key: str) -> str:
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Explore\n"]},
        {
            "cell_type": "code",
            "metadata": {},
            "execution_count": 1,
            "outputs": [],
            "source": ["import os\n", f'client = Client(api_key="{key}")\n'],
        },
    ]
    document = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(document, indent=1) + "\n"


def _bundle(key: str) -> tuple[str, bytes]:
    original = "import x from 'y';\n\nexport const KEY = '" + key + "';\n"
    bundle = "!function(){var e='" + key + "';console.log(e)}();\n"
    column = bundle.index(key)
    mappings = encode_mappings([[(0, 0, 0, 0), (column - 1, 0, 2, 19), (column + 42, 0, 3, 0)]])
    return bundle + "//# sourceMappingURL=index.js.map\n", source_map([original], mappings)


def planted() -> dict[str, str | bytes]:
    """The planted project: a Next.js app, an Android app, a notebook, a Helm-like
    deployment, env files, an archive."""
    bundle, source_map_bytes = _bundle(live_key("bundle"))
    secret = base64.b64encode(live_key("k8s").encode()).decode()
    return {
        "README.md": "# Service\n",
        ".env.production": f"VIBEPEAK_API_KEY={SHARED_KEY}\n",
        ".env.development": f"VIBEPEAK_API_KEY={SHARED_KEY}\n",
        "web/package.json": '{"name": "web", "dependencies": {"next": "14", "react": "18"}}\n',
        "web/Dockerfile": f"FROM node:20\nENV NEXT_PUBLIC_VIBEPEAK_KEY={live_key('public')}\n",
        "web/src/components/Player.tsx": (
            f'export const Player = () => <video data-key="{live_key("client")}" />;\n'
        ),
        "web/app/api/generate/route.ts": (
            f'const KEY = "{live_key("server")}";\nexport async function POST() {{ return KEY; }}\n'
        ),
        "web/dist/assets/index.js": bundle,
        "web/dist/assets/index.js.map": source_map_bytes,
        "android/settings.gradle": 'include ":app"\n',
        "android/app/build.gradle": "plugins { id 'com.android.application' }\n",
        "android/app/src/main/res/values/strings.xml": (
            f'<resources>\n  <string name="vpk">{live_key("mobile")}</string>\n</resources>\n'
        ),
        "notebooks/explore.ipynb": _notebook(live_key("notebook")),
        "deploy/secret.yaml": (
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: vibepeak\n"
            f"data:\n  api-key: {secret}\n"
        ),
        "tools/bundle.zip": _zip({"config.py": f'KEY = "{test_key("archive")}"\n'}),
    }


def _by_location(findings: list[dict[str, Any]]) -> dict[tuple[str, str, str], dict[str, Any]]:
    """Findings keyed by (path, fingerprint, rule kind): primary or environment rule."""
    keyed: dict[tuple[str, str, str], dict[str, Any]] = {}
    for finding in findings:
        kind = finding["rule_id"] if finding["rule_id"] in ("VPK007", "VPK008") else "primary"
        keyed[(finding["path"], finding["fingerprint"], kind)] = finding
    return keyed


def _same(finding: dict[str, Any]) -> dict[str, Any]:
    return {name: finding[name] for name in SAME}


def _hook_findings(repo: Path, push: bool) -> list[dict[str, Any]]:
    """The findings of the hook's own scan, rendered as the JSON report renders them."""
    import os

    from vpkscan.config.resolve import load_config
    from vpkscan.git.repo import locate
    from vpkscan.hooks.scan import scan_push, scan_staged
    from vpkscan.report import RenderOptions
    from vpkscan.report.json import render
    from vpkscan.sources.pushed import PushRange

    located = locate(repo)
    assert located is not None
    cwd = os.getcwd()
    os.chdir(repo)
    try:
        config = load_config(cwd=repo, root=located.root, fail_on=None, exclude=())
        if push:
            result = scan_push(located.root, [PushRange(None, "HEAD")], config=config)
        else:
            result = scan_staged(located, [], config=config)
    finally:
        os.chdir(cwd)
    findings: list[dict[str, Any]] = json.loads(render(result, RenderOptions()))["findings"]
    return findings


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Findings of every mode, from one repository: staged modes before the commit,
    history modes after it."""
    from tests.helpers import GIT_ENV

    with pytest.MonkeyPatch.context() as patch:
        for name, value in GIT_ENV.items():
            patch.setenv(name, value)
        repo = Repo.init(tmp_path_factory.mktemp("consistency") / "repo")
        repo.commit_files({"README.md": "# Service\n"}, "start")
        files = planted()
        for name, content in files.items():
            repo.write(name, content)
        repo.add()
        modes: dict[str, list[dict[str, Any]]] = {
            "staged": scan_json("--staged", cwd=repo.path),
            "hook": _hook_findings(repo.path, push=False),
        }
        stdin: list[dict[str, Any]] = []
        for name, content in files.items():
            data = content.encode() if isinstance(content, str) else content
            # Run from a subfolder: the name is taken relative to the current directory.
            stdin += scan_json(
                "-", "--stdin-filename", f"../{name}", cwd=repo.path / "web", stdin=data
            )
        modes["stdin"] = stdin
        repo.commit("add the project")
        modes["tree"] = scan_json(cwd=repo.path)
        modes["paths"] = scan_json(
            "web", "android", "notebooks", "deploy", "tools", ".", cwd=repo.path
        )
        modes["range"] = scan_json("--range", "HEAD~1..HEAD", cwd=repo.path)
        modes["since"] = scan_json("--since-commit", "HEAD~1", cwd=repo.path)
        modes["history"] = scan_json("--history", cwd=repo.path)
        modes["push"] = _hook_findings(repo.path, push=True)
        return {"repo": repo, "modes": modes}


EXPECTED_PRIMARY = {
    ".env.production": "VPK004",
    ".env.development": "VPK004",
    "web/Dockerfile": "VPK001",
    "web/src/components/Player.tsx": "VPK003",
    "web/app/api/generate/route.ts": "VPK005",
    "web/dist/assets/index.js": "VPK003",
    "web/dist/assets/index.js.map": "VPK003",
    "android/app/src/main/res/values/strings.xml": "VPK002",
    "notebooks/explore.ipynb": "VPK005",
    "deploy/secret.yaml": "VPK005",
    "tools/bundle.zip!config.py": "VPK005",
}


def test_the_tree_scan_finds_every_planted_key(project: dict[str, Any]) -> None:
    primary = {
        f["path"]: f["rule_id"]
        for f in project["modes"]["tree"]
        if f["rule_id"] not in ("VPK007", "VPK008")
    }
    assert primary == EXPECTED_PRIMARY
    notebook = next(f for f in project["modes"]["tree"] if f["path"].endswith(".ipynb"))
    assert "cell 2" in notebook["message"]
    bundle = next(f for f in project["modes"]["tree"] if f["path"].endswith("index.js"))
    assert bundle["original"] == {"path": "web/src/file0.ts", "line": 3}
    secret = next(f for f in project["modes"]["tree"] if f["path"] == "deploy/secret.yaml")
    assert secret["encoding"] == "base64"
    shared = {
        (f["path"], f["rule_id"])
        for f in project["modes"]["tree"]
        if f["fingerprint"] == fingerprint(SHARED_KEY)
    }
    assert (".env.development", "VPK007") in shared
    assert (".env.development", "VPK008") in shared


@pytest.mark.parametrize(
    "mode", ["paths", "staged", "hook", "stdin", "range", "since", "history", "push"]
)
def test_every_mode_reports_what_the_tree_scan_reports(project: dict[str, Any], mode: str) -> None:
    reference = _by_location(project["modes"]["tree"])
    got = _by_location(project["modes"][mode])
    if mode == "stdin":
        # One file at a time: rules across files (VPK007) cannot be known.
        reference = {k: v for k, v in reference.items() if k[2] == "primary"}
        got = {k: v for k, v in got.items() if k[2] == "primary"}
    assert sorted(got) == sorted(reference)
    for location, finding in reference.items():
        assert _same(got[location]) == _same(finding), location


@pytest.mark.parametrize("mode", ["range", "since", "history", "push"])
def test_history_modes_add_only_provenance(project: dict[str, Any], mode: str) -> None:
    head = project["repo"].head()
    for finding in project["modes"][mode]:
        assert finding["commit"] == head
        assert finding["author"] == "Test Author <author@example.invalid>"
        assert finding["exposure"] == "local"
    for finding in project["modes"]["tree"]:
        assert finding["commit"] is None
        assert finding["exposure"] is None


def test_staged_modes_say_the_key_is_only_staged(project: dict[str, Any]) -> None:
    assert {f["exposure"] for f in project["modes"]["staged"]} == {"staged"}
    assert {f["exposure"] for f in project["modes"]["hook"]} == {"staged"}


def test_stdin_is_classified_with_the_project_around_its_name(tmp_path: Path) -> None:
    source = f'export const client = new Client("{live_key("stdin")}");\n'.encode()
    outside = tmp_path / "outside"
    outside.mkdir()
    alone = scan_json("-", "--stdin-filename", "src/api.js", cwd=outside, stdin=source)
    # No project around the name: nothing says that this code runs in a browser.
    assert [(f["path"], f["rule_id"]) for f in alone] == [("src/api.js", "VPK005")]
    repo = Repo.init(tmp_path / "repo")
    repo.commit_files(
        {
            "package.json": '{"dependencies": {"react": "18", "react-dom": "18"}}\n',
            "src/api.js": "export const client = null;\n",
        }
    )
    inside = scan_json("-", "--stdin-filename", "api.js", cwd=repo.path / "src", stdin=source)
    repo.write("src/api.js", source)
    tree = scan_json(cwd=repo.path)
    assert [(f["path"], f["rule_id"]) for f in inside] == [("src/api.js", "VPK003")]
    assert [_same(f) for f in inside] == [_same(f) for f in tree]


def test_text_reports_agree_too(project: dict[str, Any]) -> None:
    repo = project["repo"]
    tree = run_vpkscan("scan", "--color", "never", cwd=repo.path)
    history = run_vpkscan("scan", "--history", "--color", "never", cwd=repo.path)
    assert tree.returncode == history.returncode == 1
    assert "cell 2" in tree.stdout and "cell 2" in history.stdout


def test_vpk006_has_one_definition_in_every_history_mode(repo: Repo) -> None:
    kept = live_key("kept-elsewhere")
    gone = live_key("gone")
    encoded = base64.b64encode(f"token={kept}".encode()).decode()
    repo.commit_files({"config/settings.py": f'KEY = "{kept}"\n', "README.md": "x\n"}, "base")
    start = repo.head()
    repo.commit_files(
        {"scripts/try.py": f'KEY = "{kept}"\n', "scripts/other.py": f'KEY = "{gone}"\n'}, "try"
    )
    repo.git("rm", "-q", "scripts/try.py", "scripts/other.py")
    repo.commit("clean up")
    # The key stays in the tree in another form too: still not VPK006.
    repo.commit_files({"deploy/secret.yaml": f"data:\n  token: {encoded}\n"}, "deploy")

    def rules(*args: str) -> dict[str, str]:
        found = scan_json(*args, cwd=repo.path)
        return {f["path"]: f["rule_id"] for f in found if f["commit"] != start}

    expected = {
        "scripts/try.py": "VPK005",
        "scripts/other.py": "VPK006",
        "deploy/secret.yaml": "VPK005",
    }
    assert rules("--history") == expected
    assert rules("--range", f"{start}..HEAD") == expected
    assert rules("--since-commit", start) == expected
    # A range that ends before the removal ends at a tree that still holds both keys.
    ended = scan_json("--range", f"{start}..HEAD~2", cwd=repo.path)
    assert {f["path"]: f["rule_id"] for f in ended} == {
        "scripts/try.py": "VPK005",
        "scripts/other.py": "VPK005",
    }
