"""Container images saved with ``docker save``/``podman save`` or as OCI image layouts:
every layer scanned once, members reported under their layer with its index and
instruction, the configuration's Env, Labels and history scanned, whiteouts honoured;
hostile images end in a note or exit 2, never a hang or a write to disk.

Images are written here as the formats describe (tar and JSON), without any daemon.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import tarfile
from pathlib import Path
from typing import Any

from tests.helpers import Repo, run_vpkscan
from tests.helpers_images import (
    DELETED_KEY,
    FILE_KEY,
    LAYERS,
    config,
    docker_save,
    layer,
    oci_archive,
    sha,
    tar_of,
)


def scan(folder: Path, *args: str) -> tuple[int, list[dict[str, Any]], str]:
    run = run_vpkscan("scan", "--no-git", "-f", "json", *args, ".", cwd=folder)
    findings = run.json()["findings"] if run.stdout.strip() else []
    return run.returncode, findings, run.stderr


def test_docker_save_layers_config_and_whiteouts(tmp_path: Path) -> None:
    (tmp_path / "image.tar").write_bytes(docker_save())
    code, findings, stderr = scan(tmp_path)
    assert code == 1, stderr
    by_key = {f["fingerprint"]: f for f in findings}
    assert len(findings) == 3, [f["path"] for f in findings]
    env = next(f for f in findings if "`Env`" in f["message"])
    assert env["path"] == f"image.tar!{sha(json.dumps(config(LAYERS)).encode())}.json"
    assert env["rule_id"] == "VPK005"
    assert "image `shop/api:1.0`" in env["message"] and "`Env`" in env["message"]
    dotenv = next(f for f in findings if f["path"].endswith("!app/.env"))
    assert dotenv["path"] == f"image.tar!{sha(LAYERS[1])}/layer.tar!app/.env"
    assert dotenv["rule_id"] == "VPK004"
    assert "layer 2 of the image `shop/api:1.0`" in dotenv["message"]
    assert "COPY .env /app/.env" in dotenv["message"]
    assert "rebuild the image" in dotenv["remediation"]
    seed = next(f for f in findings if f["path"].endswith("!app/seed.json"))
    assert "layer 3" in seed["message"]
    assert "deleted in layer 4 but is still in the image" in seed["message"]
    assert len(by_key) == 3


def test_oci_archive_shares_layers_between_images(tmp_path: Path) -> None:
    other = [*LAYERS[:2], layer({"srv/x.txt": b"nothing"})]
    (tmp_path / "images.tar").write_bytes(oci_archive({"1.0": LAYERS, "2.0": other}))
    code, findings, stderr = scan(tmp_path)
    assert code == 1, stderr
    dotenvs = [f for f in findings if f["path"].endswith("!app/.env")]
    # The layer both images hold is read once, under its blob.
    assert len(dotenvs) == 1
    packed = gzip.compress(LAYERS[1], mtime=0)
    assert dotenvs[0]["path"] == f"images.tar!blobs/sha256/{sha(packed)}!app/.env"
    assert dotenvs[0]["rule_id"] == "VPK004"
    assert "layer 2 of the image `1.0`" in dotenvs[0]["message"]
    configs = [f for f in findings if "`Env`" in f["message"]]
    assert len(configs) == 2 and all(f["rule_id"] == "VPK005" for f in configs)
    assert any("deleted in layer 4" in f["message"] for f in findings)


def test_image_in_history_and_under_another_name(repo: Repo) -> None:
    repo.commit_files({"release/image.oci": oci_archive({"latest": LAYERS})})
    tree = run_vpkscan("scan", "-f", "json", cwd=repo.path)
    history = run_vpkscan("scan", "--history", "-f", "json", cwd=repo.path)
    assert tree.returncode == history.returncode == 1, (tree.stderr, history.stderr)

    def seen(run: Any) -> list[tuple[str, str, str]]:
        return sorted((f["path"], f["rule_id"], f["message"]) for f in run.json()["findings"])

    assert [p for p, _, _ in seen(tree)] == [p for p, _, _ in seen(history)]
    assert [r for _, r, _ in seen(tree)] == [r for _, r, _ in seen(history)]
    assert len(seen(tree)) == 3


def test_layer_bomb_exits_2_without_hanging(tmp_path: Path) -> None:
    bomb = layer({"zeros.bin": bytes(40 * 1024 * 1024), "app/.env": FILE_KEY.encode()})
    (tmp_path / "bomb.tar").write_bytes(oci_archive({"bomb": [bomb]}))
    code, _, stderr = scan(tmp_path)
    assert code == 2, stderr
    assert "bomb" in stderr and "--max-archive-ratio" in stderr
    assert "Traceback" not in stderr


def test_hostile_members_are_labels_and_symlinks_are_not_followed(tmp_path: Path) -> None:
    target = tmp_path / "secret-outside.txt"
    target.write_text(f"KEY={FILE_KEY}\n")
    hostile = layer(
        {
            "../../escape.env": f"K={DELETED_KEY}\n".encode(),
            "/abs/evil\x1b]0;title\x07.txt": f"K={DELETED_KEY}\n".encode(),
        },
        links={"app/link.txt": str(target), "app/up": "../../.."},
    )
    members = {
        "manifest.json": json.dumps(
            [{"Config": "c.json", "RepoTags": ["evil\x1b[31m:1"], "Layers": ["l1.tar", "l2.tar"]}]
        ).encode(),
        "c.json": json.dumps(config([hostile])).encode(),
        "l1.tar": hostile,
    }
    data = bytearray(tar_of(members))
    # A layer that is a symbolic link to a file outside the image.
    buffer = io.BytesIO(bytes(data))
    with tarfile.open(fileobj=buffer, mode="a") as archive:
        info = tarfile.TarInfo("l2.tar")
        info.type = tarfile.SYMTYPE
        info.linkname = str(target)
        archive.addfile(info)
    folder = tmp_path / "scan"
    folder.mkdir()
    (folder / "evil.tar").write_bytes(buffer.getvalue())
    before = sorted(os.listdir(tmp_path)), sorted(os.listdir(tmp_path.parent))
    run = run_vpkscan("scan", "--no-git", ".", cwd=folder)
    assert run.returncode == 1, run.stderr
    assert "\x1b" not in run.stdout + run.stderr
    assert "evil.tar!l1.tar!../../escape.env" in run.stdout
    # The link was not followed: the key in the file it names is not reported.
    assert FILE_KEY[:14] not in run.stdout and "link.txt" not in run.stdout
    assert (sorted(os.listdir(tmp_path)), sorted(os.listdir(tmp_path.parent))) == before


def test_hostile_manifests_make_a_plain_archive(tmp_path: Path) -> None:
    cases = {
        "types.tar": {"manifest.json": b'{"Layers": 5}', "x.env": f"K={FILE_KEY}".encode()},
        "deep.tar": {"manifest.json": b"[" * 100_000, "x.env": f"K={FILE_KEY}".encode()},
        "digest.tar": {
            "index.json": b'{"manifests": [{"digest": "sha256:../../etc/passwd"}, 7]}',
            "x.env": f"K={FILE_KEY}".encode(),
        },
        "huge.tar": {"manifest.json": b"[" + b" " * (5 * 1024 * 1024) + b"]", "x.env": b""},
    }
    for name, members in cases.items():
        (tmp_path / name).write_bytes(tar_of(members))
    code, findings, stderr = scan(tmp_path)
    assert code == 1, stderr
    assert "Traceback" not in stderr
    assert sorted(f["path"] for f in findings) == [
        "deep.tar!x.env",
        "digest.tar!x.env",
        "types.tar!x.env",
    ]


def test_readme_image_recipe_runs(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    [command] = [
        line.strip()
        for line in readme.splitlines()
        if line.strip().startswith("vpkscan scan") and line.strip().endswith("image.tar")
    ]
    (tmp_path / "image.tar").write_bytes(docker_save())
    run = run_vpkscan(*command.split()[1:], "-f", "json", cwd=tmp_path)
    assert run.returncode == 1, run.stderr
    assert any(f["path"].endswith("!app/.env") for f in run.json()["findings"])
