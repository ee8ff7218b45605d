"""Source maps: a key in ``sourcesContent`` names its original file and line, and a key in
a bundle is traced to its origin through the sibling map's VLQ ``mappings``."""

from __future__ import annotations

import json
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.helpers import Repo, run_vpkscan
from tests.keys import live_key, test_key
from vpkscan.locate.origins import content_origins, map_reference, source_name
from vpkscan.locate.vlq import MappingError, Origin, decode_segment, original_position
from vpkscan.model import OriginalLocation

KEY = live_key("sourcemap")
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def vlq(value: int) -> str:
    """Encode one number as base64 VLQ (the reference encoding of the spec)."""
    number = (-value << 1) | 1 if value < 0 else value << 1
    out = ""
    while True:
        digit = number & 31
        number >>= 5
        out += ALPHABET[digit | (32 if number else 0)]
        if not number:
            return out


def encode_mappings(lines: list[list[tuple[int, int, int, int]]]) -> str:
    """Mappings for absolute (column, source, line, source column) segments per line."""
    state = [0, 0, 0]
    groups = []
    for segments in lines:
        column = 0
        parts = []
        for gen, source, line, col in segments:
            values = (gen - column, source - state[0], line - state[1], col - state[2])
            column, state = gen, [source, line, col]
            parts.append("".join(vlq(v) for v in values))
        groups.append(",".join(parts))
    return ";".join(groups)


@pytest.mark.parametrize(
    ("segment", "values"),
    [
        ("AAAA", (0, 0, 0, 0)),
        ("SACA", (9, 0, 1, 0)),
        ("D", (-1,)),
        ("gB", (16,)),
        ("AAgBC", (0, 0, 16, 1)),
    ],
)
def test_decode_segment(segment: str, values: tuple[int, ...]) -> None:
    assert decode_segment(segment) == values


@given(st.lists(st.integers(-(2**40), 2**40), min_size=4, max_size=5))
def test_vlq_round_trip(values: list[int]) -> None:
    assert decode_segment("".join(vlq(v) for v in values)) == tuple(values)


@pytest.mark.parametrize("segment", ["A!AA", "g", "AA", "AAAAAA", "ggggggggggggggggA", "A=AA"])
def test_broken_segments_raise(segment: str) -> None:
    with pytest.raises(MappingError):
        decode_segment(segment)


def test_original_position_across_lines() -> None:
    mappings = encode_mappings(
        [[(0, 0, 0, 0), (10, 1, 4, 2)], [], [(0, 1, 7, 0), (5, 0, 2, 0), (30, 2, 40, 3)]]
    )
    assert original_position(mappings, 1, 0) == Origin(0, 0)
    assert original_position(mappings, 1, 9) == Origin(0, 0)
    assert original_position(mappings, 1, 10) == Origin(1, 4)
    assert original_position(mappings, 1, 500) == Origin(1, 4)
    assert original_position(mappings, 2, 3) is None
    assert original_position(mappings, 3, 4) == Origin(1, 7)
    assert original_position(mappings, 3, 29) == Origin(0, 2)
    assert original_position(mappings, 3, 31) == Origin(2, 40)
    assert original_position(mappings, 9, 0) is None


@pytest.mark.parametrize("seed", range(3))
def test_a_long_minified_line_is_decoded_exactly(seed: int) -> None:
    """Many thousands of segments on one line (a minified bundle) use the counted blocks."""
    rng = random.Random(seed)
    segments = []
    column = 0
    for _ in range(30_000):
        column += rng.randint(1, 9)
        segments.append((column, rng.randrange(40), rng.randrange(5000), rng.randrange(80)))
    mappings = encode_mappings([[(0, 0, 0, 0)], segments])
    cache: dict[str, tuple[int, ...]] = {}
    for probe in rng.sample(range(len(segments) - 1), 20):
        gen, source, line, _ = segments[probe]
        next_gen = segments[probe + 1][0]
        for column in (gen, next_gen - 1):
            assert original_position(mappings, 2, column, cache) == Origin(source, line)


@pytest.mark.parametrize(("mappings", "line"), [("AAAA;!!!!", 2), ("AAAA,gggg", 1)])
def test_broken_mappings_raise(mappings: str, line: int) -> None:
    with pytest.raises(MappingError):
        original_position(mappings, line, 50)


def test_impossible_mappings() -> None:
    with pytest.raises(MappingError):
        original_position("AAAA,ADAA", 1, 50)  # source index -1
    assert original_position("AAAA,D", 1, 50) is None  # last segment has no source


@pytest.mark.parametrize(
    ("source", "root", "name"),
    [
        ("webpack://app/./src/key.ts", None, "app/src/key.ts"),
        ("./src/a.js", "", "src/a.js"),
        ("a.js", "src/", "src/a.js"),
        ("file:///home/u/p/a.ts", "ignored/", "/home/u/p/a.ts"),
        ("", None, None),
    ],
)
def test_source_names(source: str, root: str | None, name: str | None) -> None:
    assert source_name([source], root, 0) == name
    assert source_name([source], root, 1) is None


def test_map_reference() -> None:
    assert map_reference(b"x;\n//# sourceMappingURL=main.4f2a.js.map\n") == "main.4f2a.js.map"
    assert map_reference(b"/*# sourceMappingURL=maps/a.css.map */") == "maps/a.css.map"
    assert map_reference(b"//# sourceMappingURL=https://cdn.example.invalid/a.map") is None
    assert map_reference(b"//# sourceMappingURL=data:application/json;base64,e30=") is None
    assert map_reference(b"//# sourceMappingURL=../../etc/x.map") is None
    assert map_reference(b"no comment") is None


def source_map(contents: list[str], mappings: str = "", root: str | None = None) -> bytes:
    document: dict[str, object] = {
        "version": 3,
        "file": "app.js",
        "sources": [f"webpack://web/./src/file{i}.ts" for i in range(len(contents))],
        "sourcesContent": contents,
        "names": [],
        "mappings": mappings,
    }
    if root is not None:
        document["sourceRoot"] = root
    return json.dumps(document).encode()


def test_sources_content_origin() -> None:
    contents = ["a\n" * 3, 'const t = "tab\\there";\n\n// é → ü\nexport const k = "' + KEY + '";\n']
    data = source_map(contents)
    offset = data.index(KEY.encode())
    assert content_origins(data, [offset]) == [OriginalLocation("web/src/file1.ts", 4)]
    assert content_origins(data, [10]) == [None]
    assert content_origins(b"{not json", [3]) == [None]


def test_cli_reports_origins_for_maps_and_bundles(repo: Repo) -> None:
    original = "import x from 'y';\n\nexport const KEY = '" + KEY + "';\n"
    bundle = "!function(){var e='" + KEY + "';console.log(e)}();\n"
    column = bundle.index(KEY)
    mappings = encode_mappings([[(0, 0, 0, 0), (column - 1, 0, 2, 19), (column + 42, 0, 3, 0)]])
    repo.write("web/dist/assets/index-3f2a9c1b.js", bundle + "//# sourceMappingURL=index.map\n")
    repo.write("web/dist/assets/index.map", source_map([original], mappings))
    repo.add()
    run = run_vpkscan("scan", "--format", "json", cwd=repo.path)
    assert run.returncode == 1, run.stderr
    got = [(f["path"], f["line"], f["original"]) for f in run.json()["findings"]]
    assert got == [
        ("web/dist/assets/index-3f2a9c1b.js", 1, {"path": "web/src/file0.ts", "line": 3}),
        ("web/dist/assets/index.map", 1, {"path": "web/src/file0.ts", "line": 3}),
    ]
    text = run_vpkscan("scan", "--color", "never", cwd=repo.path).stdout
    assert "original: web/src/file0.ts:3" in text


def test_broken_sibling_map_gives_findings_without_origin(repo: Repo) -> None:
    bundle = "var k='" + test_key(5) + "';"
    repo.write("dist/app.js", bundle)
    repo.write("dist/app.js.map", b'{"version":3,"sources":["a.ts"],"mappings":"AAAA,!!;;gggg"')
    repo.write("dist/other.js", bundle + "\n//# sourceMappingURL=other.js.map")
    repo.write("dist/other.js.map", b'{"version":3,"sources":["a.ts"],"mappings":"AAAA,gggg"}')
    repo.add()
    run = run_vpkscan("scan", "--format", "json", cwd=repo.path)
    assert run.returncode == 1, run.stderr
    assert [(f["path"], f["original"]) for f in run.json()["findings"]] == [
        ("dist/app.js", None),
        ("dist/other.js", None),
    ]
    assert "Traceback" not in run.stderr
