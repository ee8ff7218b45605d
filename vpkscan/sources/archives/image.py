"""Container images (``docker save``, ``podman save``, OCI image layouts, as tars,
compressed tars or folders): which members are layers, in which image and at which
index, which instruction made each, and which member is an image's configuration.

Only the small JSON documents are read here (``manifest.json``, ``index.json``, image
manifests and configurations), each within a size bound; anything unexpected in them
(wrong types, bad digests, too large) makes the tar an ordinary archive, never an error.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from vpkscan.model import FileScan, ImageSite
from vpkscan.paths import MEMBER_SEPARATOR

#: Image metadata documents larger than this are not read (they are a few kilobytes).
MAX_DOCUMENT = 4 * 1024 * 1024
MAX_DOCUMENTS = 256
_DIGEST = re.compile(r"(?P<alg>[a-z0-9]+):(?P<hex>[a-f0-9]{32,128})")
_CREATED_BY = 300


@dataclass(frozen=True, slots=True)
class Layer:
    image: str
    index: int
    created_by: str | None


@dataclass
class Image:
    """Layers and configurations by member name (the first image that names one wins)."""

    layers: dict[str, Layer] = dataclasses.field(default_factory=dict)
    #: Per image, its layers' member names in order (for whiteouts).
    order: dict[str, list[str]] = dataclasses.field(default_factory=dict)
    configs: dict[str, tuple[str, dict[str, Any]]] = dataclasses.field(default_factory=dict)


def _norm(name: str) -> str:
    while name.startswith("./"):
        name = name[2:]
    return name


#: An image's JSON document by name (``manifest.json``, ``blobs/sha256/<hex>``), parsed;
#: None when it is missing, too large or no JSON. Tars and layout folders differ only here.
Read = Callable[[str], Any]

#: All documents kept from one tar together (they are a few kilobytes each).
MAX_KEPT = 32 * 1024 * 1024
_ROOT_DOCUMENTS = frozenset({"manifest.json", "index.json"})


def parse(data: bytes | None) -> Any:
    """A JSON document, or None when it is not one (or nests too deep)."""
    if data is None:
        return None
    try:
        return json.loads(data)
    except (ValueError, RecursionError):
        return None


class Documents:
    """The small JSON documents of a tar, kept while its members are scanned: an image's
    manifest and configurations come in any order (``docker save`` writes the manifest
    last), so a compressed image is read in one pass."""

    def __init__(self) -> None:
        self._kept: dict[str, bytes] = {}
        self._room = MAX_KEPT
        self._reads = MAX_DOCUMENTS

    def wants(self, name: str, size: int, head: bytes) -> bool:
        """Whether the member ``name`` may be one (it starts like a JSON object or list)."""
        if size > MAX_DOCUMENT or head.lstrip()[:1] not in (b"{", b"["):
            return False
        if _norm(name) in _ROOT_DOCUMENTS:
            return True
        return len(self._kept) < MAX_DOCUMENTS and size <= self._room

    def keep(self, name: str, data: bytes) -> None:
        self._room -= len(data)
        self._kept.setdefault(_norm(name), data)

    def read(self, name: str) -> Any:
        if self._reads <= 0:
            return None
        self._reads -= 1
        return parse(self._kept.get(_norm(name)))


def _blob(descriptor: Any) -> str | None:
    digest = descriptor.get("digest") if isinstance(descriptor, dict) else None
    match = _DIGEST.fullmatch(digest) if isinstance(digest, str) else None
    return f"blobs/{match['alg']}/{match['hex']}" if match else None


def _strings(value: Any) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _add(image: Image, name: str, config_name: str | None, layers: list[str], read: Read) -> None:
    config = read(config_name) if config_name else None
    config = config if isinstance(config, dict) else {}
    if config_name is not None:
        image.configs.setdefault(_norm(config_name), (name, config))
    history = config.get("history")
    steps = [
        entry.get("created_by")
        for entry in (history if isinstance(history, list) else [])
        if isinstance(entry, dict) and not entry.get("empty_layer")
    ]
    image.order[name] = [_norm(layer) for layer in layers]
    for index, layer in enumerate(layers):
        step = steps[index] if index < len(steps) and isinstance(steps[index], str) else None
        site = Layer(name, index + 1, step[:_CREATED_BY] if step else None)
        image.layers.setdefault(_norm(layer), site)


def _docker(manifest: Any, image: Image, read: Read) -> None:
    for entry in manifest if isinstance(manifest, list) else []:
        if not isinstance(entry, dict):
            continue
        config = entry.get("Config")
        tags = _strings(entry.get("RepoTags"))
        name = tags[0] if tags else (config if isinstance(config, str) else "image")
        _add(
            image,
            name,
            config if isinstance(config, str) else None,
            _strings(entry.get("Layers")),
            read,
        )


def _oci(index: Any, image: Image, read: Read, depth: int = 0) -> None:
    manifests = index.get("manifests") if isinstance(index, dict) else None
    for descriptor in manifests if isinstance(manifests, list) else []:
        blob = _blob(descriptor)
        if blob is None or depth > 3:
            continue
        document = read(blob)
        if not isinstance(document, dict):
            continue
        if isinstance(document.get("manifests"), list):
            _oci(document, image, read, depth + 1)
            continue
        annotations = descriptor.get("annotations")
        ref = (
            annotations.get("org.opencontainers.image.ref.name")
            if isinstance(annotations, dict)
            else None
        )
        name = ref if isinstance(ref, str) else str(descriptor.get("digest"))[:19]
        layers = document.get("layers")
        blobs = [b for b in (_blob(d) for d in layers) if b] if isinstance(layers, list) else []
        _add(image, name, _blob(document.get("config")), blobs, read)


def image_from(read: Read) -> Image | None:
    """The image whose documents ``read`` gives (``docker save``'s ``manifest.json``, else
    an OCI layout's ``index.json``), or None when they describe none."""
    image = Image()
    _docker(read("manifest.json"), image, read)
    if not image.layers:
        _oci(read("index.json"), image, read)
    return image if image.layers else None


def _whiteouts(prefix: str, image: Image, scans: list[FileScan]) -> dict[str, list[str]]:
    """Per layer, the paths its whiteout files delete (``dir/`` for an opaque folder)."""
    found: dict[str, list[str]] = {}
    for scan in scans:
        member, inner = _split(prefix, scan.path)
        if member not in image.layers or inner is None:
            continue
        folder, _, name = _norm(inner).rpartition("/")
        if name == ".wh..wh..opq":
            found.setdefault(member, []).append(f"{folder}/" if folder else "")
        elif name.startswith(".wh."):
            found.setdefault(member, []).append(f"{folder}/{name[4:]}" if folder else name[4:])
    return found


def _split(prefix: str, path: str) -> tuple[str, str | None]:
    rest = path[len(prefix) :] if path.startswith(prefix) else ""
    member, separator, inner = rest.partition(MEMBER_SEPARATOR)
    return _norm(member), inner if separator else None


def _deleted(
    image: Image, layer: Layer, member: str, inner: str, gone: dict[str, list[str]]
) -> int | None:
    """The index of the first later layer of the image that deletes ``inner``."""
    order = image.order.get(layer.image, [])
    path = _norm(inner)
    for index in range(layer.index, len(order)):
        for target in gone.get(order[index], []):
            if target in ("", path) or path.startswith(target.rstrip("/") + "/"):
                return index + 1
    return None


def _field(config: dict[str, Any], key: str) -> str | None:
    """Where in an image configuration ``key`` is set."""
    settings = config.get("config")
    settings = settings if isinstance(settings, dict) else {}
    if any(key in item for item in _strings(settings.get("Env"))):
        return "Env"
    labels = settings.get("Labels")
    if isinstance(labels, dict) and any(key in str(v) or key in str(k) for k, v in labels.items()):
        return "Labels"
    history = config.get("history")
    for entry in history if isinstance(history, list) else []:
        if isinstance(entry, dict) and key in str(entry.get("created_by", "")):
            return "history"
    return None


def locate_in_image(
    path: str, image: Image, scans: list[FileScan], prefix: str | None = None
) -> list[FileScan]:
    """``scans`` of the image tar at ``path``, their candidates marked with the image,
    layer, instruction and configuration field they come from; ``prefix`` is what comes
    before a member's name when it is not ``path!`` (``layout/`` for a layout folder)."""
    prefix = path + MEMBER_SEPARATOR if prefix is None else prefix
    gone = _whiteouts(prefix, image, scans)
    located = []
    for scan in scans:
        member, inner = _split(prefix, scan.path)
        layer = image.layers.get(member)
        config = image.configs.get(member)
        if not scan.candidates or (layer is None and config is None):
            located.append(scan)
            continue
        candidates = []
        for candidate in scan.candidates:
            if layer is not None and inner is not None:
                deleted = _deleted(image, layer, member, inner, gone)
                site = ImageSite(layer.image, layer.index, layer.created_by, None, deleted)
            elif config is not None and inner is None:
                site = ImageSite(config[0], None, None, _field(config[1], candidate.key), None)
            else:
                candidates.append(candidate)
                continue
            candidates.append(dataclasses.replace(candidate, image=site))
        located.append(dataclasses.replace(scan, candidates=tuple(candidates)))
    return located
