"""Container images given as folders (an OCI image layout, an unpacked ``docker save``)
give what the same image packed as a tar gives: each blob read once, findings with the
image, layer and instruction, the configuration scanned, whiteouts honoured; a hostile
layout ends in a note or nothing, never a traceback, a hang or a read outside it."""

from __future__ import annotations

import io
import json
import os
import tarfile
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import Repo, run_vpkscan
from tests.helpers_images import (
    FILE_KEY,
    LAYERS,
    docker_save,
    gzipped,
    layer,
    oci_archive,
    oci_layout,
    sha,
    write_files,
    zstd,
)
from vpkscan.model import FileScan
from vpkscan.read.files import scan_file
from vpkscan.sources.archives import layout
from vpkscan.sources.archives.folders import image_folders
from vpkscan.sources.plan import FileRef


def _scan(folder: Path, *targets: str) -> list[dict[str, Any]]:
    run = run_vpkscan("scan", "--no-git", "-f", "json", *(targets or (".",)), cwd=folder)
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    findings: list[dict[str, Any]] = run.json()["findings"]
    return findings


def _shape(findings: list[dict[str, Any]], prefix: str) -> list[tuple[str, str, str]]:
    return sorted(
        (f["path"][len(prefix) :], f["rule_id"], f["message"].replace(prefix, "")) for f in findings
    )


def test_a_layout_folder_reads_as_the_same_layout_in_a_tar(tmp_path: Path) -> None:
    other = [*LAYERS[:2], layer({"srv/x.txt": b"nothing"})]
    images = {"1.0": LAYERS, "2.0": other}
    write_files(tmp_path / "layout", oci_layout(images))
    (tmp_path / "layout.tar").write_bytes(oci_archive(images))
    found = _scan(tmp_path)
    folder = [f for f in found if f["path"].startswith("layout/")]
    packed = [f for f in found if f["path"].startswith("layout.tar!")]
    assert len(folder) + len(packed) == len(found)
    assert _shape(folder, "layout/") == _shape(packed, "layout.tar!")
    dotenvs = [f for f in folder if f["path"].endswith("!app/.env")]
    # The layer both images share is one blob, read once: one finding.
    assert len(dotenvs) == 1
    assert dotenvs[0]["path"] == f"layout/blobs/sha256/{sha(gzipped(LAYERS[1]))}!app/.env"
    assert dotenvs[0]["rule_id"] == "VPK004"
    assert "layer 2 of the image `1.0`" in dotenvs[0]["message"]
    assert "COPY .env /app/.env" in dotenvs[0]["message"]
    configs = [f for f in folder if "`Env`" in f["message"]]
    assert len(configs) == 2 and all(f["rule_id"] == "VPK005" for f in configs)
    # Whiteout in a later layer of the folder.
    seed = next(f for f in folder if f["path"].endswith("!app/seed.json"))
    assert "layer 3" in seed["message"]
    assert "deleted in layer 4 but is still in the image" in seed["message"]
    assert len(folder) == 4


def test_a_tracked_zstd_layout_as_the_scanned_folder(repo: Repo) -> None:
    write_files(repo.path, oci_layout({"app:zstd": LAYERS}, zstd))
    repo.add()
    run = run_vpkscan("scan", "-f", "json", cwd=repo.path)
    assert run.returncode == 1, run.stderr
    findings = run.json()["findings"]
    dotenv = next(f for f in findings if f["path"].endswith("!app/.env"))
    assert dotenv["path"] == f"blobs/sha256/{sha(zstd(LAYERS[1]))}!app/.env"
    assert "layer 2 of the image `app:zstd`" in dotenv["message"]
    assert any("deleted in layer 4" in f["message"] for f in findings)


def test_a_hostile_layout_folder(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = layer({"app/.env": f"VIBEPEAK_API_KEY={FILE_KEY}\n".encode()})
    (outside / "layer.tar").write_bytes(secret)
    config = json.dumps({"config": {"Env": [f"K={FILE_KEY}"]}}).encode()
    (outside / "config.json").write_bytes(config)
    root = tmp_path / "layout"
    write_files(root, {"oci-layout": b'{"imageLayoutVersion": "1.0.0"}'})
    blobs = root / "blobs" / "sha256"
    blobs.mkdir(parents=True)
    # A blob that is a symbolic link outside, one that is a folder, one that is a FIFO.
    link = "a" * 64
    (blobs / link).symlink_to(outside / "layer.tar")
    (blobs / ("b" * 64)).mkdir()
    fifo = "c" * 64
    os.mkfifo(blobs / fifo)
    layers = [{"digest": f"sha256:{d}"} for d in (link, "b" * 64, fifo)]
    layers.append({"digest": "sha256:../../outside/layer.tar"})
    (blobs / ("d" * 64)).symlink_to(outside / "config.json")
    index = []
    # Configurations that are a link outside, a FIFO and a folder: none is read.
    for config_digest in ("d" * 64, fifo, "b" * 64):
        data = json.dumps({"config": {"digest": f"sha256:{config_digest}"}, "layers": layers})
        (blobs / sha(data.encode())).write_text(data)
        index.append({"digest": f"sha256:{sha(data.encode())}"})
    index.append({"digest": "sha256:" + "b" * 64})
    (root / "index.json").write_text(json.dumps({"manifests": index}))
    (root / "plain.env").write_text(f"VIBEPEAK_API_KEY={FILE_KEY}\n")
    # A second folder: an index too large to read, a manifest naming files outside.
    other = tmp_path / "layout" / "other"
    other.mkdir()
    (other / "index.json").write_bytes(
        json.dumps({"manifests": index}).encode() + b" " * 5 * 1024 * 1024
    )
    (other / "manifest.json").write_text(
        json.dumps([{"Config": "../../outside/config.json", "Layers": ["../../outside/x"]}])
    )
    run = run_vpkscan("scan", "--no-git", "-f", "json", "layout", cwd=tmp_path)
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    # Only the real file inside the layout: nothing through the links or outside.
    assert [f["path"] for f in run.json()["findings"]] == ["plain.env"]
    assert "image" not in run.json()["findings"][0]["message"]


def test_an_unpacked_docker_save_is_an_image(tmp_path: Path) -> None:
    with tarfile.open(fileobj=io.BytesIO(docker_save())) as archive:
        archive.extractall(tmp_path / "saved", filter="data")
    found = _scan(tmp_path)
    dotenv = next(f for f in found if f["path"].endswith("!app/.env"))
    assert dotenv["path"] == f"saved/{sha(LAYERS[1])}/layer.tar!app/.env"
    assert "layer 2 of the image `shop/api:1.0`" in dotenv["message"]


def test_only_folders_with_blobs_or_layers_are_read_as_images(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(tmp_path / "oci", oci_layout({"1.0": LAYERS}))
    with tarfile.open(fileobj=io.BytesIO(docker_save())) as archive:
        archive.extractall(tmp_path / "saved", filter="data")
    # A project's own index.json and manifest.json, each beside a file with a key.
    key_line = f"VIBEPEAK_API_KEY={FILE_KEY}\n".encode()
    write_files(tmp_path / "web", {"index.json": b"{}", "app/.env": key_line})
    write_files(tmp_path / "ext", {"manifest.json": b"[]", ".env": key_line})
    files = [
        FileRef(p.relative_to(tmp_path).as_posix(), str(p), -1)
        for p in sorted(tmp_path.rglob("*"))
        if p.is_file()
    ]
    # Every folder holds a finding: a key in a file, or (images) in the configuration.
    scans = [FileScan(ref.path, 0, scan_file(ref).candidates) for ref in files]
    assert {s.path.split("/")[0] for s in scans if s.candidates} == {"oci", "saved", "web", "ext"}
    read: list[str] = []
    real = layout.folder_reader

    def reader(folder: str) -> Any:
        read.append(Path(folder).name)
        return real(folder)

    monkeypatch.setattr(layout, "folder_reader", reader)
    folders = image_folders(files)
    layout.locate_in_folders(folders, [FileScan(scan.path, scan.size) for scan in scans], list)
    assert read == []  # no finding anywhere: no document is parsed
    layout.locate_in_folders(folders, scans, list)
    # The images are read; the project's index.json and manifest.json are not.
    assert sorted(read) == ["oci", "saved"]
