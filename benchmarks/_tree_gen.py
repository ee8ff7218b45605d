"""The synthetic working tree of ``tree_bench.py`` (and ``decode_bench.py``).

``ensure_tree`` builds, once and cached under a work directory, a deterministic git
repository of about 20,000 files / 400 MB: source files in a dozen languages, one-line
bundles and source maps, lockfiles, binaries, dotenv files, with about forty planted keys
and as many near misses, and writes ``expected.json``: the exact path, line and column
of every key and decoy. The same seed gives the same tree, byte for byte. Standard
library only; no key literal appears here (keys are assembled at run time).
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from random import Random
from typing import Any

from _common import (
    ALNUM,
    BODY_LEN,
    KEY_NAMESPACE,
    build_key,
    find_key_shapes,
    fingerprint,
    git,
    git_env,
    line_and_column,
)
from _tree_vocab import FOOTERS, HEADERS, TEMPLATES, TOP_DIRS, VPK_IDENTS, WORDS, Vocab, pools_for

GENERATOR_VERSION = 2
DEFAULT_WORKDIR = Path("/tmp/vpkscan-bench-tree")
FULL_FILES = 20_000
FULL_MB = 400
MB = 1_000_000
MARKER = "vpkscan-bench-marker"

# ======================================================================================
# Plan
# ======================================================================================


@dataclass
class Plant:
    """A fragment of text (holding keys and/or decoys) to insert into a file."""

    where: str  # line | inline | start | end | end_nonl | bin_mid | bin_linestart | bin_start
    fragment: str


@dataclass
class FileSpec:
    """One file of the synthetic tree."""

    path: str
    kind: str  # source | bundle | sourcemap | npm-lock | yarn-lock | poetry-lock | binary | env
    ext: str
    size: int
    crlf: bool = False
    plants: list[Plant] = field(default_factory=list)


@dataclass
class Planted:
    """A planted key or decoy, located after the file is written."""

    kind: str  # key | decoy
    path: str
    text: str
    reason: str
    mode: str | None = None
    placeholder: bool = False  # decoy in key format that is only excluded as a placeholder
    line: int = 0
    column: int = 0
    offset: int = -1


def lognormal_sizes(rng: Random, n: int, budget: int, sigma: float, cap: int) -> list[int]:
    """Return ``n`` log-normally distributed sizes summing to about ``budget``."""
    if n <= 0:
        return []
    raw = [rng.lognormvariate(0.0, sigma) for _ in range(n)]
    scale = budget / sum(raw)
    return [max(40, min(cap, int(r * scale))) for r in raw]


def unique_path(taken: set[str], path: str) -> str:
    """Return ``path`` or a numbered variant not yet in ``taken``; record it."""
    stem, dot, ext = path.rpartition(".")
    candidate, i = path, 1
    while candidate.lower() in taken:
        candidate = f"{stem}_{i}{dot}{ext}" if dot else f"{path}_{i}"
        i += 1
    taken.add(candidate.lower())
    return candidate


def make_dirs(rng: Random, vocab: Vocab, count: int) -> list[tuple[str, list[str]]]:
    """Return ``count`` directory paths with the extensions usual in each."""
    dirs: list[tuple[str, list[str]]] = []
    for _ in range(count):
        top, exts = rng.choice(TOP_DIRS)
        parts = [top] + [rng.choice(WORDS) for _ in range(rng.randint(0, 3))]
        dirs.append(("/".join(parts), exts))
    return dirs


CRLF_EXTS = ("py", "js", "ts", "md", "yaml")


def plan_tree(seed: int, n_files: int, total: int) -> list[FileSpec]:
    """Decide every file's path, kind and size (no content yet)."""
    rng = Random(f"{seed}:plan")
    vocab = Vocab(rng)
    scale = min(1.0, total / (FULL_MB * MB))
    taken: set[str] = set()
    specs: list[FileSpec] = []

    def add(path: str, kind: str, ext: str, size: int) -> FileSpec:
        spec = FileSpec(unique_path(taken, path), kind, ext, size)
        specs.append(spec)
        return spec

    for _ in range(4):
        h = rng.randbytes(4).hex()
        size = max(64_000, int(rng.uniform(3, 8) * MB * scale))
        add(f"dist/assets/index-{h}.js", "bundle", "js", size)
        add(f"dist/assets/index-{h}.js.map", "sourcemap", "json", int(size * rng.uniform(1.1, 1.5)))
    add("package-lock.json", "npm-lock", "json", max(30_000, int(6 * MB * scale)))
    add("web/yarn.lock", "yarn-lock", "lock", max(20_000, int(4 * MB * scale)))
    add("poetry.lock", "poetry-lock", "lock", max(20_000, int(3 * MB * scale)))
    for path in (
        ".env",
        ".env.local",
        "services/api/.env",
        "web/.env.production",
        "config/.env.test",
    ):
        add(path, "env", "env", rng.randint(600, 2500))
    add("docs/release notes.md", "source", "md", 3000)
    add("docs/guías/configuración.md", "source", "md", 3000)
    for path in ("src/__init__.py", "web/src/.keep", "tests/fixtures/empty.json"):
        add(path, "empty", "txt", 0)

    used = sum(s.size for s in specs)
    n_bin = max(8, n_files // 20)
    n_text = max(20, n_files - len(specs) - n_bin)
    bin_budget = int(total * 0.15)
    text_budget = max(n_text * 500, total - used - bin_budget)
    bin_kinds = [
        ("assets/images", "png"),
        ("assets/fonts", "woff2"),
        ("lib/native", "so"),
        ("vendor/java", "jar"),
        ("mobile/ios/Assets", "png"),
        ("docs/img", "jpg"),
    ]
    for i, size in enumerate(lognormal_sizes(rng, n_bin, bin_budget, 1.3, 8 * MB)):
        d, ext = bin_kinds[i % len(bin_kinds)] if i < len(bin_kinds) else rng.choice(bin_kinds)
        add(f"{d}/{vocab.snake()}-{rng.randbytes(3).hex()}.{ext}", "binary", ext, size)

    dirs = make_dirs(rng, vocab, max(10, n_text // 12))
    for size in lognormal_sizes(rng, n_text, text_budget, 1.2, int(1.5 * MB)):
        d, exts = rng.choice(dirs)
        ext = rng.choice(exts) if rng.random() < 0.85 else rng.choice(list(TEMPLATES)[:-1])
        name = vocab.snake() if ext in ("py", "rb", "php", "yaml", "md") else vocab.camel()
        spec = add(f"{d}/{name}.{ext}", "source", ext, size)
        spec.crlf = rng.random() < 0.03
    crlf_ok = [s for s in specs if s.kind == "source" and s.ext in CRLF_EXTS and "/" in s.path]
    for spec in rng.sample(crlf_ok, min(len(crlf_ok), 12)):
        spec.crlf = True
    return specs


# ======================================================================================
# Planted keys and decoys
# ======================================================================================

DOC_EXAMPLE_BODY = "aBcDeFgHiJkLmNoPqRsTuVwXyZ123456"
PLACEHOLDER_WORDS = (
    "example",
    "your",
    "dummy",
    "fake",
    "redacted",
    "changeme",
    "sample",
    "test",
    "placeholder",
    "xxx",
    "key",
    "token",
    "secret",
)


def strong_body(rng: Random) -> str:
    """Return a random 32-char body that cannot be mistaken for a placeholder."""
    while True:
        body = "".join(rng.choices(ALNUM, k=BODY_LEN))
        low = body.lower()
        if any(w in low for w in PLACEHOLDER_WORDS):
            continue
        if len(set(body)) < 20 or any(
            body[i] == body[i + 1] == body[i + 2] for i in range(BODY_LEN - 2)
        ):
            continue
        if any(
            ord(body[i + 1]) - ord(body[i]) == 1 == ord(body[i + 2]) - ord(body[i + 1])
            for i in range(BODY_LEN - 2)
        ):
            continue
        return body


def rand_alnum(rng: Random, k: int) -> str:
    """Return ``k`` random ASCII letters/digits."""
    return "".join(rng.choices(ALNUM, k=k))


PLACEHOLDER_BODIES: list[tuple[str, str]] = [
    (DOC_EXAMPLE_BODY, "documented example body"),
    ("x" * 32, "all-x body"),
    ("X" * 32, "all-X body"),
    ("0" * 32, "all-zero body"),
    ("abcdefghijklmnopqrstuvwxyz012345", "sequential letters"),
    ("0123456789abcdefghijklmnopqrstuv", "sequential digits+letters"),
    ("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345", "sequential capitals"),
    ("12345678901234567890123456789012", "repeating digit run"),
    ("EXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAM", "EXAMPLE filler"),
    ("YOURKEYHEREYOURKEYHEREYOURKEYHER", "YOUR filler"),
    ("yourapikeygoeshere00000000000000", "your-api-key filler"),
    ("DUMMYDUMMYDUMMYDUMMYDUMMYDUMMYDU", "DUMMY filler"),
    ("FAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKE", "FAKE filler"),
    ("REDACTEDREDACTEDREDACTEDREDACTED", "REDACTED filler"),
    ("CHANGEMECHANGEMECHANGEMECHANGEME", "CHANGEME filler"),
    ("abababababababababababababababab", "low entropy ab"),
    ("aaaabbbbaaaabbbbaaaabbbbaaaabbbb", "low entropy aaaabbbb"),
    ("01010101010101010101010101010101", "low entropy 01"),
]


class Planter:
    """Assigns planted keys and decoys to files of a plan and records them."""

    def __init__(self, seed: int, specs: list[FileSpec]) -> None:
        """Prepare to plant into ``specs``."""
        self.rng = Random(f"{seed}:plant")
        self.specs = specs
        self.records: list[Planted] = []
        self.used: set[str] = set()

    def pick(self, pred: Callable[[FileSpec], bool], fresh: bool = True) -> FileSpec:
        """Pick a random file matching ``pred``, preferring files with no plants yet."""
        cands = [s for s in self.specs if pred(s) and (not fresh or s.path not in self.used)]
        if not cands:
            cands = [s for s in self.specs if pred(s)]
        if not cands:  # small trees may lack an extension: any plain source file will do
            cands = [s for s in self.specs if is_src()(s)]
        spec = self.rng.choice(cands)
        self.used.add(spec.path)
        return spec

    def key(self, mode: str | None = None) -> str:
        """Return a fresh random key (mode random if not given)."""
        return build_key(mode or self.rng.choice(("live", "test")), strong_body(self.rng))

    def plant(
        self,
        spec: FileSpec,
        where: str,
        template: str,
        reason: str,
        keys: Sequence[str] = (),
        decoys: Sequence[tuple[str, str, bool]] = (),
    ) -> None:
        """Insert ``template`` (with {k0}, {k1}, {d0}, ... filled) into ``spec``."""
        values = {f"k{i}": k for i, k in enumerate(keys)}
        values.update({f"d{i}": d for i, (d, _, _) in enumerate(decoys)})
        spec.plants.append(Plant(where, template.format(**values)))
        for k in keys:
            mode = k[len(KEY_NAMESPACE) :].split("_", 1)[0]
            self.records.append(Planted("key", spec.path, k, reason, mode=mode))
        for d, why, placeholder in decoys:
            self.records.append(Planted("decoy", spec.path, d, why, placeholder=placeholder))


def is_src(*exts: str, crlf: bool = False) -> Callable[[FileSpec], bool]:
    """Predicate: a source file with one of ``exts`` (any if empty) and the given CRLF flag."""

    def pred(s: FileSpec) -> bool:
        return (
            s.kind == "source"
            and s.crlf == crlf
            and (not exts or s.ext in exts)
            and "/" in s.path
            and " " not in s.path
            and "í" not in s.path
        )

    return pred


def of_kind(kind: str, ext: str | None = None) -> Callable[[FileSpec], bool]:
    """Predicate: a file of ``kind`` (and extension ``ext`` if given)."""
    return lambda s: s.kind == kind and (ext is None or s.ext == ext)


def at_path(path: str) -> Callable[[FileSpec], bool]:
    """Predicate: the file at exactly ``path``."""
    return lambda s: s.path == path


# (which file, where in it, template, reason, key modes: None = random)
KeyPlan = tuple[Callable[[FileSpec], bool], str, str, str, tuple[str | None, ...]]


def key_plan() -> list[KeyPlan]:
    """Where the ~44 real keys go; every one must be reported at its exact position."""
    crlf = is_src(*CRLF_EXTS, crlf=True)
    lock_url = "https://registry.example.invalid/vpk-sdk/-/vpk-sdk-2.1.0.tgz"
    env = [
        (".env", "line", "VPK_API_KEY={k0}"),
        (".env.local", "line", 'export VPK_TEST_KEY="{k0}"'),
        ("services/api/.env", "line", "VPK_KEY='{k0}' # prod"),
        ("web/.env.production", "line", "VPK_SECRET = {k0}"),
        ("config/.env.test", "start", "{k0}"),
    ]
    plan: list[KeyPlan] = [
        (
            of_kind("bundle"),
            "inline",
            ';var vpkKey="{k0}",vpkUrl="https://api.example.invalid";',
            "middle of a one-line minified bundle",
            ("live",),
        ),
        (
            of_kind("bundle"),
            "inline_late",
            "{{apiKey:'{k0}',région:'eu→west'}}",
            "near the end of a one-line minified bundle",
            ("test",),
        ),
        (
            of_kind("bundle"),
            "inline",
            '(e.headers.Authorization="Bearer {k0}")',
            "bundle, after multi-byte string literals",
            ("live",),
        ),
        (
            of_kind("sourcemap"),
            "inline",
            'export const VPK_KEY = "{k0}";',
            "inside sourcesContent of a one-line source map",
            ("test",),
        ),
        (
            of_kind("npm-lock"),
            "line",
            f'      "resolved": "{lock_url}?token={{k0}}",',
            "npm lockfile resolved URL",
            ("live",),
        ),
        (of_kind("poetry-lock"), "line", 'source-token = "{k0}"', "poetry.lock", ("test",)),
        (of_kind("binary", "png"), "bin_mid", "{k0}", "binary png, NUL-delimited", (None,)),
        (
            of_kind("binary", "so"),
            "bin_linestart",
            "{k0}",
            "binary .so, right after a newline",
            (None,),
        ),
        (of_kind("binary", "woff2"), "bin_mid", "{k0}", "binary woff2", (None,)),
        (
            of_kind("binary", "jar"),
            "bin_start",
            "{k0}",
            "binary jar, first bytes of the file",
            (None,),
        ),
        (crlf, "line", 'API_KEY = "{k0}"', "CRLF file", ("live",)),
        (crlf, "inline", "key={k0}", "CRLF file, at the end of a line before \\r", ("test",)),
        (crlf, "line", "# clé d'accès → {k0} (dépôt)", "CRLF file, multi-byte before", ("live",)),
        (crlf, "end", "token: {k0}", "CRLF file, last line", ("test",)),
        *[
            (at_path(path), where, tmpl, f".env file ({path})", (None,))
            for path, where, tmpl in env
        ],
        (
            is_src("py"),
            "start",
            "{k0} = 'not-python'",
            "very start of a file (line 1 column 1)",
            ("live",),
        ),
        (is_src("md"), "start", "{k0}", "a file whose first line is only a key", ("test",)),
        (
            is_src("yaml"),
            "end_nonl",
            "api_key: {k0}",
            "last bytes of a file without trailing newline",
            ("live",),
        ),
        (is_src("rb"), "end", "VPK = '{k0}'", "last line of a file", ("test",)),
        (is_src("py"), "line", '    # clé → "{k0}"', "after é and →", ("live",)),
        (is_src("ts"), "line", "  const 日本語キー = '{k0}';", "after CJK identifier", ("test",)),
        (is_src("md"), "line", "🚀 Deploy with `{k0}` 🚀", "after a 4-byte emoji", ("live",)),
        (
            is_src("html"),
            "line",
            '<p title="Schlüssel">Straße → {k0}</p>',
            "HTML text after ü, ß and →",
            ("live",),
        ),
        (is_src("js"), "line", "// next:→{k0}", "directly after →", ("test",)),
        (
            is_src("go"),
            "line",
            '\tkey := "{k0}é"',
            "directly followed by é (not a word char)",
            ("live",),
        ),
        (is_src("py"), "line", 'KEYS = ["{k0}", "{k1}"]', "two keys on one line", ("live", "test")),
        (
            is_src("js"),
            "inline",
            "fetch(`https://api.example.invalid/v1?key={k0}&v=2`)",
            "in a URL query string",
            ("live",),
        ),
        (is_src("json"), "line", '  "vpkApiKey": "{k0}",', "JSON config", ("test",)),
        (is_src("yaml"), "line", "  vpk_api_key: {k0}", "YAML", ("live",)),
        (is_src("go"), "line", '\tconst vpkKey = "{k0}"', "Go, tab-indented", ("live",)),
        (
            is_src("java"),
            "line",
            '    private static final String KEY = "{k0}";',
            "Java",
            ("test",),
        ),
        (is_src("kt"), "line", '    val key = "{k0}"', "Kotlin", ("live",)),
        (is_src("swift"), "line", '    let key = "{k0}"', "Swift", ("test",)),
        (is_src("php"), "line", "    $key = '{k0}';", "PHP", ("live",)),
        (is_src("css"), "line", "/* vpk: {k0} */", "CSS comment", ("test",)),
        (is_src("tsx"), "line", '      <Vpk apiKey="{k0}" />', "TSX prop", ("live",)),
        (is_src("js"), "long_line", "t.k='{k0}'", "middle of a ~20 kB line", ("live",)),
        (
            at_path("docs/release notes.md"),
            "line",
            "Rotated key: {k0}",
            "path with a space",
            ("test",),
        ),
        (
            at_path("docs/guías/configuración.md"),
            "line",
            "Clé: {k0}",
            "path with non-ASCII characters",
            ("live",),
        ),
    ]
    return plan


def plant_keys(p: Planter) -> None:
    """Plant the real keys of ``key_plan`` that vpkscan must report."""
    for pred, where, template, reason, modes in key_plan():
        keys = [p.key(mode) for mode in modes]
        p.plant(p.pick(pred), where, template, reason, keys)


def plant_decoys(p: Planter) -> None:
    """Plant ~45 near misses that vpkscan must NOT report."""
    rng = p.rng
    live, test = "vpk_" + "live_", "vpk_" + "test_"
    near: list[tuple[str, str]] = [
        (live + rand_alnum(rng, 31), "31-char body"),
        (test + rand_alnum(rng, 31), "31-char body"),
        (live + rand_alnum(rng, 33), "33-char body"),
        (test + rand_alnum(rng, 33), "33-char body"),
        (live + strong_body(rng) + "_old", "body followed by _"),
        (test + strong_body(rng) + "_", "body followed by _"),
        (live + strong_body(rng) + "x", "body followed by a letter"),
        (test + strong_body(rng) + "7", "body followed by a digit"),
        ("x" + live + strong_body(rng), "preceded by a letter"),
        ("my_" + live + strong_body(rng), "preceded by an underscore"),
        ("2" + test + strong_body(rng), "preceded by a digit"),
        ("_" + live + strong_body(rng), "preceded by an underscore"),
        ("vpk_prod_" + strong_body(rng), "unknown mode prod"),
        ("vpk_dev_" + strong_body(rng), "unknown mode dev"),
        ("VPK_LIVE_" + strong_body(rng), "uppercase prefix"),
        ("VPK_TEST_" + strong_body(rng), "uppercase prefix"),
        ("Vpk_live_" + strong_body(rng), "capitalised prefix"),
        ("vpk_Live_" + strong_body(rng), "capitalised mode"),
        (live + "...", "ellipsis"),
        (test + "<your-key>", "angle-bracket placeholder"),
        (live + "*" * 32, "asterisks"),
        (live + "${VPK_API_KEY}", "template variable"),
        (live + rand_alnum(rng, 15) + "-" + rand_alnum(rng, 16), "hyphen inside body"),
        (live + rand_alnum(rng, 31) + "é", "31 ASCII + é"),
        (test + DOC_EXAMPLE_BODY, "placeholder: documented example body (test)"),
    ]
    for i, (body, reason) in enumerate(PLACEHOLDER_BODIES):
        near.append(((test if i % 3 == 2 else live) + body, "placeholder: " + reason))
    # A decoy is a "placeholder" when the format rule alone would accept it.
    decoys = [(t, r, any(True for _ in find_key_shapes(t.encode()))) for t, r in near]
    targets: list[tuple[Callable[[FileSpec], bool], str, str]] = [
        (is_src("py"), "line", 'EXAMPLE_KEY = "{d0}"'),
        (is_src("md"), "line", "Use a key like `{d0}` in docs."),
        (is_src("yaml"), "line", "  api_key: {d0}"),
        (is_src("js"), "inline", "k='{d0}'"),
        (of_kind("env"), "line", "VPK_PLACEHOLDER={d0}"),
        (is_src("ts"), "line", "  // e.g. {d0}"),
        (is_src("json"), "line", '  "sampleKey": "{d0}",'),
        (of_kind("bundle"), "inline", 'a.k="{d0}";'),
        (is_src("go"), "line", '\tdemo := "{d0}"'),
        (is_src("md", crlf=True), "line", "Example → {d0}"),
    ]
    for i, decoy in enumerate(decoys):
        pred, where, tmpl = targets[i % len(targets)]
        p.plant(p.pick(pred, fresh=False), where, tmpl, decoy[1], decoys=[decoy])
    split = live + rand_alnum(rng, 16)
    p.plant(
        p.pick(is_src("py")),
        "line",
        f'PARTS = "{split}"\n"{rand_alnum(rng, 16)}"',
        "key split across two lines",
        decoys=[(split, "split across lines", False)],
    )


# ======================================================================================
# Content builders
# ======================================================================================


@dataclass
class Ctx:
    """Everything a content builder needs."""

    seed: int
    pools: dict[str, tuple[list[str], float]]


def sample_lines(rng: Random, ctx: Ctx, ext: str, size: int) -> list[str]:
    """Return template lines of extension ``ext`` totalling about ``size`` bytes."""
    pool, mean = ctx.pools[ext if ext in ctx.pools else "md"]
    return rng.choices(pool, k=max(1, round(size / mean)))


def apply_line_plants(rng: Random, lines: list[str], plants: list[Plant]) -> bool:
    """Insert plants into ``lines``; return False if the file must end without newline."""
    trailing_newline = True
    body_start = min(3, len(lines))
    for plant in plants:
        if plant.where == "line":
            lines.insert(rng.randint(body_start, len(lines)), plant.fragment)
        elif plant.where in ("inline", "inline_late"):
            i = rng.randrange(body_start, len(lines)) if len(lines) > body_start else 0
            if lines:
                lines[i] = (lines[i] + " " + plant.fragment) if lines[i] else plant.fragment
            else:
                lines.append(plant.fragment)
        elif plant.where == "long_line":
            pad = ";".join(f"q{j}=r{j}+1" for j in range(900))
            lines.insert(
                rng.randint(body_start, len(lines)), pad + ";" + plant.fragment + ";" + pad
            )
    for plant in plants:
        if plant.where == "start":
            lines.insert(0, plant.fragment)
    for plant in plants:
        if plant.where in ("end", "end_nonl"):
            lines.append(plant.fragment)
            trailing_newline = plant.where == "end"
    return trailing_newline


def build_source(rng: Random, ctx: Ctx, spec: FileSpec) -> bytes:
    """Build a line-oriented text file (source, config, docs, .env)."""
    vocab = Vocab(rng)
    head = HEADERS.get(spec.ext, "").format(**vocab.fields("snake"))
    lines = head.split("\n") if head else []
    lines += sample_lines(rng, ctx, spec.ext, spec.size)
    if spec.ext == "css" and rng.random() < 0.05:
        blob = base64.b64encode(rng.randbytes(rng.randint(2000, 40000))).decode()
        data_uri = f".i{{background:url(data:image/png;base64,{blob})}}"
        lines.insert(rng.randrange(len(lines)), data_uri)
    foot = FOOTERS.get(spec.ext)
    if foot:
        lines += foot.format().split("\n")
    newline = apply_line_plants(rng, lines, spec.plants)
    eol = "\r\n" if spec.crlf else "\n"
    text = eol.join(lines) + (eol if newline else "")
    return text.encode("utf-8")


def minified_snippets(rng: Random, count: int) -> list[str]:
    """Return a pool of minified-JS-like snippets (some with non-ASCII literals)."""
    vocab = Vocab(rng)
    out: list[str] = []
    for _ in range(count):
        a, b, c = vocab.camel(), vocab.camel(), vocab.pascal()
        n = rng.randint(0, 9999)
        out.append(
            rng.choice(
                (
                    f"function {a}(e,t){{return e.{b}(t,{n})}}",
                    f"var {a}=t({n}),{b}=r.n({a});",
                    f"e.exports={{{a}:function(){{return {b}}},{c}:{n}}};",
                    f'const {a}=async(e)=>{{const t=await fetch("/api/{b}");return t.json()}};',
                    f'{a}.prototype.{b}=function(e){{this.{a}=e||"{vocab.sentence()}"}};',
                    f'if(!{a}){{throw new Error("{vocab.sentence()}")}}',
                    f"window.vpk_config={{{a}:!0,{b}:{n}}};",
                    f'(0,{a}.jsx)("div",{{className:"{b}",children:"{vocab.sentence()}"}}),',
                )
            )
        )
    return out


def build_bundle(rng: Random, ctx: Ctx, spec: FileSpec) -> bytes:
    """Build a single-line minified bundle of about ``spec.size`` bytes."""
    pool = minified_snippets(rng, 4000)
    mean = sum(len(s.encode()) for s in pool) / len(pool)
    parts = rng.choices(pool, k=max(10, round(spec.size / mean)))
    for plant in spec.plants:
        if plant.where == "inline_late":
            i = len(parts) - rng.randint(2, 6)
        else:
            i = rng.randint(len(parts) // 3, 2 * len(parts) // 3)
        parts.insert(i, plant.fragment)
    text = "".join(parts) + "\n//# sourceMappingURL=" + spec.path.rsplit("/", 1)[-1] + ".map"
    return text.replace("\n", "").encode("utf-8")


def build_sourcemap(rng: Random, ctx: Ctx, spec: FileSpec) -> bytes:
    """Build a one-line JSON source map with sourcesContent and VLQ mappings."""
    vocab = Vocab(rng)
    n_sources = rng.randint(20, 60)
    budget = spec.size
    sources = [f"webpack://src/{vocab.camel()}/{vocab.camel()}.tsx" for _ in range(n_sources)]
    contents = [
        "\n".join(sample_lines(rng, ctx, "tsx", budget // (2 * n_sources)))
        for _ in range(n_sources)
    ]
    for plant in spec.plants:
        i = rng.randrange(n_sources)
        lines = contents[i].split("\n")
        lines.insert(rng.randint(0, len(lines)), plant.fragment)
        contents[i] = "\n".join(lines)
    segs = [
        "".join(rng.choices("ACDEGIKMOQSUWYacegikmoqsuwy0123456789+/", k=rng.choice((4, 5, 6))))
        for _ in range(3000)
    ]
    seps = rng.choices((",", ",", ",", ";"), k=max(1, budget // 12))
    mappings = "".join(s + sep for s, sep in zip(rng.choices(segs, k=len(seps)), seps, strict=True))
    doc = {
        "version": 3,
        "file": spec.path.rsplit("/", 1)[-1][:-4],
        "sources": sources,
        "sourcesContent": contents,
        "names": [vocab.camel() for _ in range(500)],
        "mappings": mappings,
    }
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def integrity(rng: Random) -> str:
    """A random sha512 SRI string."""
    return "sha512-" + base64.b64encode(rng.randbytes(64)).decode()


def build_lock(rng: Random, ctx: Ctx, spec: FileSpec) -> bytes:
    """Build package-lock.json, yarn.lock or poetry.lock content of about ``spec.size``."""
    vocab = Vocab(rng)
    lines: list[str] = []
    size = 0
    if spec.kind == "npm-lock":
        lines += ["{", '  "name": "vibepeak-web",', '  "lockfileVersion": 3,', '  "packages": {']
    while size < spec.size:
        name = "-".join(vocab.words(1, 3)) + ("" if rng.random() < 0.7 else "-" + vocab.camel())
        ver = f"{rng.randint(0, 12)}.{rng.randint(0, 30)}.{rng.randint(0, 40)}"
        if spec.kind == "npm-lock":
            entry = [
                f'    "node_modules/{name}": {{',
                f'      "version": "{ver}",',
                f'      "resolved": "https://registry.example.invalid/{name}/-/{name}-{ver}.tgz",',
                f'      "integrity": "{integrity(rng)}",',
                '      "dev": true',
                "    },",
            ]
        elif spec.kind == "yarn-lock":
            entry = [
                f'"{name}@^{ver}":',
                f'  version "{ver}"',
                f'  resolved "https://registry.example.invalid/{name}/-/{name}-{ver}.tgz'
                f'#{rng.randbytes(20).hex()}"',
                f"  integrity {integrity(rng)}",
                "  dependencies:",
                f'    {vocab.snake()} "^{ver}"',
                "",
            ]
        else:
            entry = [
                "[[package]]",
                f'name = "{name}"',
                f'version = "{ver}"',
                f'description = "{vocab.sentence()}"',
                "optional = false",
                "files = [",
                f'    {{file = "{name}-{ver}-py3-none-any.whl", hash = "sha256:'
                f'{rng.randbytes(32).hex()}"}},',
                f'    {{file = "{name}-{ver}.tar.gz", hash = "sha256:{rng.randbytes(32).hex()}"}},',
                "]",
                "",
            ]
        lines += entry
        size += sum(len(x) + 1 for x in entry)
    if spec.kind == "npm-lock":
        lines += ['    "node_modules/zz-end": {}', "  }", "}"]
    newline = apply_line_plants(rng, lines, spec.plants)
    return ("\n".join(lines) + ("\n" if newline else "")).encode("utf-8")


BINARY_HEADERS: dict[str, bytes] = {
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x04\x00\x00\x00\x03\x00\x08\x06"
    b"\x00\x00\x00",
    "jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00",
    "woff2": b"wOF2\x00\x01\x00\x00",
    "so": b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8,
    "jar": b"PK\x03\x04\x14\x00\x08\x08\x08\x00",
}


def build_binary(rng: Random, ctx: Ctx, spec: FileSpec) -> bytes:
    """Build a binary file: a format header, random bytes and (for .so/.jar) C strings."""
    data = bytearray(BINARY_HEADERS[spec.ext])
    data += rng.randbytes(max(0, spec.size - len(data)))
    if spec.ext in ("so", "jar"):
        strings = b"\x00".join(s.encode() for s in VPK_IDENTS) + b"\x00META-INF/MANIFEST.MF\x00"
        at = rng.randrange(len(data))
        data[at:at] = strings
    for plant in spec.plants:
        key = plant.fragment.encode()
        if plant.where == "bin_start":
            data[0:0] = key + b"\x00"
        elif plant.where == "bin_linestart":
            at = rng.randrange(64, len(data))
            data[at:at] = b"\n" + key + b"\n"
        else:
            at = rng.randrange(64, len(data))
            data[at:at] = b"\x00" + key + b"\x00"
    return bytes(data)


def build_env(rng: Random, ctx: Ctx, spec: FileSpec) -> bytes:
    """Build a small .env file."""
    return build_source(rng, ctx, spec)


BUILDERS: dict[str, Callable[[Random, Ctx, FileSpec], bytes]] = {
    "source": build_source,
    "env": build_env,
    "bundle": build_bundle,
    "sourcemap": build_sourcemap,
    "npm-lock": build_lock,
    "yarn-lock": build_lock,
    "poetry-lock": build_lock,
    "binary": build_binary,
    "empty": lambda rng, ctx, spec: b"",
}


# ======================================================================================
# Generation
# ======================================================================================


def locate(records: list[Planted], path: str, data: bytes) -> None:
    """Fill line/column/offset of the records planted in ``path`` from its final bytes."""
    for rec in records:
        needle = rec.text.encode("utf-8")
        at = data.find(needle)
        if at < 0:
            raise AssertionError(f"planted text not found in {path}: {rec.reason}")
        if rec.kind == "key" and data.find(needle, at + 1) >= 0:
            raise AssertionError(f"key planted twice in {path}")
        rec.offset = at
        rec.line, rec.column = line_and_column(data, at)


def verify_file(path: str, data: bytes, records: list[Planted]) -> int:
    """Check that the only key-shaped strings in ``data`` are the planted ones.

    Returns the number of ``vpk_`` prefix occurrences (prefilter hits) for the summary.
    """
    keys = {r.offset for r in records if r.kind == "key"}
    placeholders = {r.text.encode() for r in records if r.kind == "decoy" and r.placeholder}
    seen: set[int] = set()
    for offset, text in find_key_shapes(data):
        if offset in keys:
            seen.add(offset)
        elif text not in placeholders:
            raise AssertionError(f"unplanned key-shaped string at {path}:{offset}")
    if seen != keys:
        raise AssertionError(f"planted key in {path} does not match the key rule")
    return data.count(KEY_NAMESPACE.encode())


def generate(workdir: Path, seed: int, n_files: int, size_mb: float) -> dict[str, Any]:
    """Generate the repository under ``workdir/repo`` and return the expected document."""
    repo = workdir / "repo"
    specs = plan_tree(seed, n_files, int(size_mb * MB))
    planter = Planter(seed, specs)
    plant_keys(planter)
    plant_decoys(planter)
    by_path: dict[str, list[Planted]] = {}
    for rec in planter.records:
        by_path.setdefault(rec.path, []).append(rec)
    ctx = Ctx(seed, pools_for(seed))
    repo.mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    (repo / ".git" / MARKER).write_text("generated by benchmarks/tree_bench.py\n")
    total = hits = 0
    for i, spec in enumerate(specs):
        rng = Random(f"{seed}:file:{i}:{spec.path}")
        data = BUILDERS[spec.kind](rng, ctx, spec)
        recs = by_path.get(spec.path, [])
        if recs:
            locate(recs, spec.path, data)
        hits += verify_file(spec.path, data, recs)
        target = repo / spec.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        total += len(data)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", f"synthetic tree seed={seed}")
    git(repo, "config", "gc.auto", "0")
    keys = [r for r in planter.records if r.kind == "key"]
    decoys = [r for r in planter.records if r.kind == "decoy"]
    return {
        "generator_version": GENERATOR_VERSION,
        "seed": seed,
        "files": len(specs),
        "bytes": total,
        "prefilter_hits": hits,
        "keys": [
            {
                "path": r.path,
                "line": r.line,
                "column": r.column,
                "key_mode": r.mode,
                "fingerprint": fingerprint(r.text),
                "byte_offset": r.offset,
                "reason": r.reason,
            }
            for r in keys
        ],
        "decoys": [
            {
                "path": r.path,
                "line": r.line,
                "column": r.column,
                "length": len(r.text),
                "preview": r.text[:12] + "…",
                "placeholder": r.placeholder,
                "reason": r.reason,
            }
            for r in decoys
        ],
    }


def restore_clean(repo: Path) -> None:
    """Put a cached tree back to its committed state if anything changed it."""
    status = subprocess.run(
        ["git", "status", "--porcelain", "--ignored", "-z"],
        cwd=repo,
        env=git_env(),
        check=True,
        capture_output=True,
    ).stdout
    if status:
        print(f"restoring {repo} to its committed state", file=sys.stderr)
        git(repo, "reset", "-q", "--hard")
        git(repo, "clean", "-q", "-f", "-d", "-x")


def stamp_for(seed: int, n_files: int, size_mb: float) -> dict[str, Any]:
    """The stamp describing a generated tree; a different stamp forces regeneration."""
    return {
        "generator_version": GENERATOR_VERSION,
        "seed": seed,
        "files": n_files,
        "size_mb": size_mb,
    }


def ensure_tree(
    workdir: Path, seed: int, n_files: int, size_mb: float, force: bool = False
) -> dict[str, Any]:
    """Return the expected document, generating the tree first if the cache is stale."""
    stamp_path, expected_path, repo = (
        workdir / "stamp.json",
        workdir / "expected.json",
        workdir / "repo",
    )
    want = stamp_for(seed, n_files, size_mb)
    cached = stamp_path.exists() and expected_path.exists() and (repo / ".git").is_dir()
    if cached and not force and json.loads(stamp_path.read_text()) == want:
        restore_clean(repo)
        return dict(json.loads(expected_path.read_text()))
    if repo.exists():
        if not (repo / ".git" / MARKER).exists():
            raise SystemExit(f"refusing to delete {repo}: not a tree made by this script")
        shutil.rmtree(repo)
    for stale in (stamp_path, expected_path):
        stale.unlink(missing_ok=True)
    workdir.mkdir(parents=True, exist_ok=True)
    print(
        f"generating {n_files} files / {size_mb:g} MB (seed {seed}) in {repo} ...",
        file=sys.stderr,
        flush=True,
    )
    expected = generate(workdir, seed, n_files, size_mb)
    expected_path.write_text(json.dumps(expected, indent=1, ensure_ascii=False) + "\n")
    stamp_path.write_text(json.dumps(want) + "\n")
    return expected
