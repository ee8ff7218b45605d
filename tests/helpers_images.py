"""Container images written as the formats describe (tar and JSON), without any daemon:
``docker save`` tarballs, OCI image layouts as tars or as files."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import zstandard

from tests.keys import live_key, test_key

ENV_KEY = live_key("image-env")
FILE_KEY = live_key("image-file")
DELETED_KEY = test_key("image-deleted")


def layer(files: dict[str, bytes], links: dict[str, str] | None = None) -> bytes:
    """A layer tar: regular files, and symbolic links (``name -> target``)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        for name, target in (links or {}).items():
            info = tarfile.TarInfo(name)
            info.type = tarfile.SYMTYPE
            info.linkname = target
            archive.addfile(info)
    return buffer.getvalue()


def tar_of(members: dict[str, bytes]) -> bytes:
    return layer(members)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


LAYERS = [
    layer({"etc/os-release": b"ID=test\n"}),
    layer({"app/.env": f"VIBEPEAK_API_KEY={FILE_KEY}\n".encode()}),
    layer({"app/seed.json": f'{{"key": "{DELETED_KEY}"}}'.encode()}),
    layer({"app/.wh.seed.json": b""}),
]


def config(layers: list[bytes]) -> dict[str, Any]:
    return {
        "architecture": "amd64",
        "os": "linux",
        "config": {
            "Env": ["PATH=/usr/bin", f"VIBEPEAK_API_KEY={ENV_KEY}"],
            "Labels": {"maintainer": "team"},
        },
        "rootfs": {"type": "layers", "diff_ids": [f"sha256:{sha(x)}" for x in layers]},
        "history": [
            {"created_by": "/bin/sh -c #(nop) ADD file:abc in / "},
            {"created_by": "/bin/sh -c #(nop) ENV VIBEPEAK_API_KEY=...", "empty_layer": True},
            {"created_by": "COPY .env /app/.env # buildkit"},
            {"created_by": "COPY seed.json /app/ # buildkit"},
            {"created_by": "RUN /bin/sh -c rm /app/seed.json # buildkit"},
        ],
    }


def docker_save(layers: list[bytes] = LAYERS, tags: tuple[str, ...] = ("shop/api:1.0",)) -> bytes:
    """The classic ``docker save`` layout: ``<id>/layer.tar``, ``<id>.json``, manifest.json."""
    members: dict[str, bytes] = {}
    names = []
    for data in layers:
        name = f"{sha(data)}/layer.tar"
        members[name] = data
        names.append(name)
    blob = json.dumps(config(layers)).encode()
    members[f"{sha(blob)}.json"] = blob
    manifest = [{"Config": f"{sha(blob)}.json", "RepoTags": list(tags), "Layers": names}]
    members["manifest.json"] = json.dumps(manifest).encode()
    return tar_of(members)


def gzipped(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def zstd(data: bytes) -> bytes:
    return zstandard.ZstdCompressor().compress(data)


def oci_layout(
    images: dict[str, list[bytes]], compress: Callable[[bytes], bytes] = gzipped
) -> dict[str, bytes]:
    """The files of an OCI image layout: compressed layers as blobs, one manifest per
    image (a layer two images share is one blob)."""
    media = "zstd" if compress is zstd else "gzip"
    members: dict[str, bytes] = {"oci-layout": b'{"imageLayoutVersion": "1.0.0"}'}
    index: list[dict[str, Any]] = []
    for ref, layers in images.items():
        descriptors = []
        for data in layers:
            packed = compress(data)
            members[f"blobs/sha256/{sha(packed)}"] = packed
            descriptors.append(
                {
                    "mediaType": f"application/vnd.oci.image.layer.v1.tar+{media}",
                    "digest": f"sha256:{sha(packed)}",
                    "size": len(packed),
                }
            )
        blob = json.dumps(config(layers)).encode()
        members[f"blobs/sha256/{sha(blob)}"] = blob
        manifest = json.dumps(
            {
                "schemaVersion": 2,
                "config": {"digest": f"sha256:{sha(blob)}", "size": len(blob)},
                "layers": descriptors,
            }
        ).encode()
        members[f"blobs/sha256/{sha(manifest)}"] = manifest
        index.append(
            {
                "mediaType": "application/vnd.oci.image.manifest.v1+json",
                "digest": f"sha256:{sha(manifest)}",
                "size": len(manifest),
                "annotations": {"org.opencontainers.image.ref.name": ref},
            }
        )
    members["index.json"] = json.dumps({"schemaVersion": 2, "manifests": index}).encode()
    return members


def oci_archive(
    images: dict[str, list[bytes]], compress: Callable[[bytes], bytes] = gzipped
) -> bytes:
    """An OCI image layout in a tar."""
    return tar_of(oci_layout(images, compress))


def write_files(folder: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
