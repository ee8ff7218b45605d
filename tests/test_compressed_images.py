"""zstd streams in every mode, with the limits and notes of the other compressed formats,
and container images saved as compressed tarballs (``docker save | gzip``, zstd, xz)
recognised as images, their layers and configuration read in one pass."""

from __future__ import annotations

import gzip
import lzma
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import Repo, run_vpkscan, scan_json
from tests.helpers_images import LAYERS, docker_save, layer, oci_archive, sha, tar_of, zstd
from tests.keys import live_key
from vpkscan.sources.archives.inflate import inner_name
from vpkscan.sources.archives.magic import sniff

KEY = live_key("zstd")
LINE = f"KEY = '{KEY}'\n".encode()


def _found(run: Any) -> list[tuple[str, int, str]]:
    assert run.returncode == 1, run.stderr
    return sorted((f["path"], f["line"], f["rule_id"]) for f in run.json()["findings"])


def test_zstd_is_recognised_by_its_magic_and_names() -> None:
    assert sniff(zstd(b"x")) == "zstd"
    assert inner_name("logs/app.log.zst", None) == "app.log"
    assert inner_name("dist/site.tzst", None) == "site.tar"


def test_zstd_streams_and_tars_in_every_mode(repo: Repo) -> None:
    repo.write("logs/app.log.zst", zstd(b"boot\n" + LINE))
    repo.write("data/trace", zstd(LINE))
    repo.write("release/site.tar.zst", zstd(tar_of({"conf/settings.py": b"\n" + LINE})))
    repo.write("release/renamed", zstd(tar_of({"prod.env": b"VIBEPEAK_API_KEY=" + KEY.encode()})))
    repo.add()
    expected = [
        ("data/trace!trace", 1, "VPK005"),
        ("logs/app.log.zst!app.log", 2, "VPK005"),
        ("release/renamed!prod.env", 1, "VPK004"),
        ("release/site.tar.zst!conf/settings.py", 2, "VPK005"),
    ]
    assert _found(run_vpkscan("scan", "-f", "json", cwd=repo.path)) == expected
    assert _found(run_vpkscan("scan", "--staged", "-f", "json", cwd=repo.path)) == expected
    repo.commit()
    assert _found(run_vpkscan("scan", "--history", "-f", "json", cwd=repo.path)) == expected
    stdin = run_vpkscan("scan", "-", "-f", "json", cwd=repo.path, stdin=zstd(LINE))
    assert [path for path, _, _ in _found(stdin)] == ["-!-"]
    # A zstd file inside a zip inside a tar.
    nested = tar_of({"inner.log.zst": zstd(LINE)})
    repo.commit_files({"deep/outer.tar.gz": gzip.compress(nested)})
    assert ("deep/outer.tar.gz!inner.log.zst!inner.log", 1, "VPK005") in _found(
        run_vpkscan("scan", "-f", "json", cwd=repo.path)
    )
    assert all("!" not in f["path"] for f in scan_json("--no-archives", cwd=repo.path))


def test_a_zstd_bomb_stops_at_the_limit_and_fails_the_scan(repo: Repo) -> None:
    repo.commit_files(
        {
            "huge.bin.zst": zstd(bytes(30 * 1024 * 1024) + LINE),
            "huge.tar.zst": zstd(tar_of({"zeros": bytes(30 * 1024 * 1024), "k.py": LINE})),
        }
    )
    for args in ((), ("--history",)):
        run = run_vpkscan("scan", *args, cwd=repo.path)
        assert run.returncode == 2, (args, run.stderr)
        assert "compression bomb" in run.stderr and "--max-archive-ratio" in run.stderr
        assert "Traceback" not in run.stderr
    small = run_vpkscan(
        "scan", "--max-archive-ratio", "100000", "--max-archive-bytes", "1MiB", cwd=repo.path
    )
    assert small.returncode == 2, small.stderr
    assert "--max-archive-bytes" in small.stderr and "Traceback" not in small.stderr
    lifted = run_vpkscan("scan", "--max-archive-ratio", "100000", "-f", "json", cwd=repo.path)
    assert [path for path, _, _ in _found(lifted)] == ["huge.bin.zst!huge.bin", "huge.tar.zst!k.py"]


def test_a_damaged_zstd_is_scanned_as_bytes_with_a_note(repo: Repo) -> None:
    repo.commit_files({"broken.zst": b"\x28\xb5\x2f\xfd" + b"garbage\n" * 8 + LINE})
    for args in ((), ("--history",)):
        run = run_vpkscan("scan", *args, "-f", "json", cwd=repo.path)
        assert [f["path"] for f in run.json()["findings"]] == ["broken.zst"], run.stderr
        assert "not a readable zstd stream" in run.stderr
        assert "Traceback" not in run.stderr


def test_a_clean_commit_hook_does_not_import_zstandard(repo: Repo) -> None:
    repo.write("notes.txt", b"nothing here\n")
    repo.add()
    code = (
        "import sys\n"
        "from vpkscan.cli import main\n"
        "sys.argv = ['vpkscan', 'scan', '--staged']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exc:\n"
        "    assert exc.code == 0, exc.code\n"
        "assert 'zstandard' not in sys.modules\n"
    )
    run = subprocess.run(
        [sys.executable, "-P", "-c", code], cwd=repo.path, capture_output=True, check=False
    )
    assert run.returncode == 0, run.stderr.decode()


@pytest.mark.parametrize(
    ("name", "pack"),
    [
        ("image.tar.gz", lambda data: gzip.compress(data, mtime=0)),
        ("image.tar.zst", zstd),
        ("image.tar.xz", lzma.compress),
        ("image-no-suffix", zstd),
    ],
)
def test_a_compressed_docker_save_is_an_image(tmp_path: Path, name: str, pack: Any) -> None:
    (tmp_path / name).write_bytes(pack(docker_save()))
    run = run_vpkscan("scan", "--no-git", "-f", "json", ".", cwd=tmp_path)
    findings = run.json()["findings"]
    assert run.returncode == 1 and len(findings) == 3, run.stderr
    env = next(f for f in findings if "`Env`" in f["message"])
    assert env["rule_id"] == "VPK005" and "image `shop/api:1.0`" in env["message"]
    dotenv = next(f for f in findings if f["path"].endswith("!app/.env"))
    assert dotenv["path"] == f"{name}!{sha(LAYERS[1])}/layer.tar!app/.env"
    assert dotenv["rule_id"] == "VPK004"
    assert "layer 2 of the image `shop/api:1.0`" in dotenv["message"]
    assert "COPY .env /app/.env" in dotenv["message"]
    seed = next(f for f in findings if f["path"].endswith("!app/seed.json"))
    assert "deleted in layer 4 but is still in the image" in seed["message"]


def test_zstd_oci_layers_in_a_compressed_archive(tmp_path: Path) -> None:
    other = [*LAYERS[:2], layer({"srv/x.txt": b"nothing"})]
    archive = oci_archive({"1.0": LAYERS, "2.0": other}, zstd)
    (tmp_path / "images.tar.gz").write_bytes(gzip.compress(archive))
    run = run_vpkscan("scan", "--no-git", "-f", "json", ".", cwd=tmp_path)
    assert run.returncode == 1, run.stderr
    findings = run.json()["findings"]
    dotenvs = [f for f in findings if f["path"].endswith("!app/.env")]
    assert len(dotenvs) == 1
    assert dotenvs[0]["path"] == f"images.tar.gz!blobs/sha256/{sha(zstd(LAYERS[1]))}!app/.env"
    assert "layer 2 of the image `1.0`" in dotenvs[0]["message"]
    assert sum("`Env`" in f["message"] for f in findings) == 2
    assert any("deleted in layer 4" in f["message"] for f in findings)


def test_a_zstd_layer_bomb_exits_2(tmp_path: Path) -> None:
    bomb = layer({"zeros.bin": bytes(40 * 1024 * 1024), "app/.env": KEY.encode()})
    (tmp_path / "bomb.tar").write_bytes(oci_archive({"bomb": [bomb]}, zstd))
    run = run_vpkscan("scan", "--no-git", ".", cwd=tmp_path)
    assert run.returncode == 2, run.stderr
    assert "--max-archive-ratio" in run.stderr and "Traceback" not in run.stderr
