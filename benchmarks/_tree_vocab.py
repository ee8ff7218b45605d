"""Vocabulary and line templates of the synthetic tree (``_tree_gen.py``).

Words, ``vpk_``-holding identifiers (prefilter hits that are not keys), non-ASCII
fragments, per-extension line templates and the folder layout: the raw material the
generator fills files with. Changing anything here changes the generated tree, so bump
``_tree_gen.GENERATOR_VERSION`` with it. Standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass
from random import Random

WORDS = [
    "user",
    "account",
    "client",
    "config",
    "request",
    "response",
    "handler",
    "session",
    "token",
    "cache",
    "store",
    "event",
    "payload",
    "order",
    "invoice",
    "price",
    "item",
    "cart",
    "auth",
    "login",
    "state",
    "props",
    "value",
    "result",
    "error",
    "status",
    "message",
    "queue",
    "worker",
    "job",
    "task",
    "schedule",
    "metric",
    "report",
    "export",
    "import",
    "file",
    "path",
    "buffer",
    "stream",
    "render",
    "view",
    "model",
    "route",
    "router",
    "service",
    "api",
    "http",
    "key",
    "secret",
    "env",
    "live",
    "test",
    "mode",
    "retry",
    "limit",
    "timeout",
    "count",
    "index",
    "data",
    "list",
    "map",
    "set",
    "table",
    "row",
    "column",
    "field",
    "schema",
    "query",
    "filter",
    "sort",
    "page",
    "size",
    "offset",
    "vpk",
    "peak",
    "vibe",
    "billing",
    "usage",
    "plan",
    "tier",
    "region",
    "node",
    "pool",
    "batch",
    "chunk",
    "scan",
    "rule",
    "match",
    "finding",
    "context",
    "target",
    "sink",
    "source",
    "format",
    "output",
    "input",
    "parse",
    "encode",
    "decode",
    "hash",
    "digest",
    "sign",
    "verify",
    "loader",
    "builder",
    "factory",
    "manager",
    "registry",
]
VPK_IDENTS = [
    "vpk_client",
    "vpk_config",
    "vpk_live_mode",
    "vpk_test_helpers",
    "vpk_base_url",
    "vpk_timeout",
    "vpk_retry",
    "init_vpk_client",
    "load_vpk_config",
    "is_vpk_test_env",
    "vpk_live_endpoint",
    "vpk_test_fixture",
    "vpk_key_id",
    "vpk_region",
    "vpk_session",
    "vpk_webhook_secret_name",
]
UNICODE_BITS = [
    "café",
    "naïve",
    "résumé",
    "→",
    "über",
    "año",
    "déjà-vu",
    "façade",
    "日本語",
    "中文",
    "✓",
    "—",
    "«quoted»",
    "Ωmega",
    "🚀",
    "ñandú",
    "crème",
    "brûlée",
    "Straße",
]
SENTENCE_WORDS = [
    "the",
    "a",
    "this",
    "that",
    "we",
    "you",
    "should",
    "must",
    "will",
    "can",
    "request",
    "key",
    "client",
    "server",
    "value",
    "returns",
    "handles",
    "creates",
    "updates",
    "deletes",
    "reads",
    "writes",
    "when",
    "if",
    "before",
    "after",
    "every",
    "each",
    "new",
    "old",
    "default",
    "optional",
    "required",
    "retry",
    "cache",
    "token",
    "session",
    "billing",
    "usage",
    "limit",
    "rate",
    "vibe",
    "peak",
]
LOREM_HOSTS = ("api.example.invalid", "cdn.example.invalid", "auth.example.invalid")


@dataclass
class Vocab:
    """Random source of identifiers, sentences and literals for filler text."""

    rng: Random

    def words(self, lo: int = 1, hi: int = 3) -> list[str]:
        """Return between ``lo`` and ``hi`` random words."""
        return self.rng.choices(WORDS, k=self.rng.randint(lo, hi))

    def snake(self) -> str:
        """A snake_case identifier (sometimes a vpk_* one)."""
        if self.rng.random() < 0.04:
            return self.rng.choice(VPK_IDENTS)
        return "_".join(self.words())

    def camel(self) -> str:
        """A camelCase identifier."""
        w = self.words()
        return w[0] + "".join(x.capitalize() for x in w[1:])

    def pascal(self) -> str:
        """A PascalCase identifier."""
        return "".join(x.capitalize() for x in self.words(1, 3))

    def const(self) -> str:
        """An UPPER_CASE constant name."""
        return self.snake().upper()

    def sentence(self) -> str:
        """A short English-ish sentence, occasionally with non-ASCII words."""
        w = self.rng.choices(SENTENCE_WORDS, k=self.rng.randint(3, 10))
        if self.rng.random() < 0.15:
            w.insert(self.rng.randrange(len(w)), self.rng.choice(UNICODE_BITS))
        return " ".join(w).capitalize()

    def fields(self, style: str) -> dict[str, str]:
        """Template fields: a/b/c identifiers in ``style``, C/D classes, K const, s/n/h/u."""
        ident = self.snake if style == "snake" else self.camel
        return {
            "a": ident(),
            "b": ident(),
            "c": ident(),
            "C": self.pascal(),
            "D": self.pascal(),
            "K": self.const(),
            "s": self.sentence(),
            "n": str(self.rng.choice((0, 1, 2, 3, 10, 30, 100, 256, 1024, 5000, 65535))),
            "h": self.rng.randbytes(6).hex(),
            "u": self.rng.choice(LOREM_HOSTS) + "/" + "/".join(self.words(1, 3)),
            "w": self.rng.choice(WORDS),
        }


# Line templates per file extension: (identifier style, templates).
TEMPLATES: dict[str, tuple[str, list[str]]] = {
    "py": (
        "snake",
        [
            "import {a}",
            "from {a}.{b} import {C}",
            "",
            "",
            "class {C}({D}):",
            '    """{s}."""',
            "    def {a}(self, {b}: int = {n}) -> {C}:",
            "        {a} = self.{b}.{c}({n})",
            "        return {a}",
            "        # {s}",
            "        if {a} is None:",
            '            raise ValueError("{s}")',
            '        logger.info("{s} %s", {b})',
            "    {a}: dict[str, {C}] = {{}}",
            '{K} = "https://{u}"',
            "        for {a} in self.{b}:",
            "            yield {a}.{c}",
            "    @property",
            "def {a}({b}, {c}=None):",
            '    return {{"{w}": {b}, "{a}": {n}}}',
        ],
    ),
    "js": (
        "camel",
        [
            "import {{ {a}, {b} }} from './{w}';",
            "const {a} = require('{w}');",
            "",
            "export function {a}({b}, {c}) {{",
            "  const {a} = {b}.{c}({n});",
            "  return {a};",
            "}}",
            "  // {s}",
            "  if (!{a}) throw new Error('{s}');",
            "  await {a}.{b}({{ {c}: {n} }});",
            "module.exports = {{ {a}, {b} }};",
            "const {K} = 'https://{u}';",
            "  {a}.forEach(({b}) => {c}.push({b}));",
            "/** {s} */",
            "let {a} = `{s} ${{{b}}}`;",
        ],
    ),
    "ts": (
        "camel",
        [
            "import type {{ {C} }} from './{w}';",
            "export interface {C} {{",
            "  {a}: string;",
            "  {b}?: number;",
            "}}",
            "",
            "export async function {a}({b}: {C}): Promise<{D}> {{",
            "  const {a}: {C} = await {b}.{c}({n});",
            "  return {a} as {D};",
            "  // {s}",
            "export const {K} = '{u}';",
            "type {C} = Record<string, {D}>;",
            "  private readonly {a} = new Map<string, {C}>();",
        ],
    ),
    "tsx": (
        "camel",
        [
            "import React from 'react';",
            "export function {C}({{ {a}, {b} }}: {D}Props) {{",
            "  const [{a}, set{C}] = useState<{D} | null>(null);",
            "  return (",
            '    <div className="{w}-{a}">',
            "      <span>{{{a}}}</span>",
            "      <p>{s}</p>",
            "    </div>",
            "  );",
            "}}",
            "",
            "  useEffect(() => {{ {a}.{b}(); }}, [{c}]);",
        ],
    ),
    "go": (
        "camel",
        [
            "package {w}",
            'import "{w}/{a}"',
            "",
            "func {C}({a} *{D}, {b} int) error {{",
            "\t{a} := {b}.{C}({n})",
            "\tif err != nil {{",
            '\t\treturn fmt.Errorf("{s}: %w", err)',
            "\t}}",
            "\treturn nil",
            "}}",
            "// {C} {s}",
            "type {C} struct {{",
            '\t{C} string `json:"{a}"`',
            'const {K} = "https://{u}"',
        ],
    ),
    "java": (
        "camel",
        [
            "package com.vibepeak.{w};",
            "import com.vibepeak.{w}.{C};",
            "",
            "public class {C} extends {D} {{",
            "    private final {C} {a};",
            "    public {D} {a}(int {b}) {{",
            "        return this.{a}.{b}({n});",
            "    }}",
            "    // {s}",
            "    /** {s} */",
            "}}",
            '    private static final String {K} = "{u}";',
        ],
    ),
    "kt": (
        "camel",
        [
            "package com.vibepeak.{w}",
            "import com.vibepeak.{w}.{C}",
            "",
            "class {C}(private val {a}: {D}) {{",
            "    fun {a}({b}: Int): {D} = {c}.{b}({n})",
            "    // {s}",
            "}}",
            "    val {a} = listOf({n}, {n})",
            'const val {K} = "{u}"',
        ],
    ),
    "swift": (
        "camel",
        [
            "import Foundation",
            "",
            "final class {C}: {D} {{",
            "    let {a}: {D}",
            "    func {a}(_ {b}: Int) -> {D} {{",
            "        return {c}.{b}({n})",
            "    }}",
            "    // {s}",
            "}}",
            'let {a} = "{u}"',
        ],
    ),
    "rb": (
        "snake",
        [
            "require '{w}'",
            "",
            "class {C} < {D}",
            "  def {a}({b}, {c} = {n})",
            "    @{a} = {b}.{c}",
            "  end",
            "  # {s}",
            "end",
            "{K} = '{u}'.freeze",
            "    raise ArgumentError, '{s}' if {a}.nil?",
        ],
    ),
    "php": (
        "snake",
        [
            "<?php",
            "namespace VibePeak\\{C};",
            "",
            "class {C} extends {D}",
            "{{",
            "    public function {a}(${b}) {{",
            "        return $this->{c}->{b}({n});",
            "    }}",
            "    // {s}",
            "}}",
            "define('{K}', '{u}');",
        ],
    ),
    "css": (
        "snake",
        [
            ".{w}-{h} {{",
            "  color: #{h};",
            "  margin: {n}px 0;",
            "  display: flex;",
            "}}",
            "",
            "/* {s} */",
            "@media (max-width: {n}px) {{ .{w} {{ display: none; }} }}",
            "  font-family: 'Inter', sans-serif;",
        ],
    ),
    "html": (
        "camel",
        [
            '<div class="{w} {a}">',
            "  <p>{s}</p>",
            "</div>",
            '<a href="https://{u}">{s}</a>',
            '<script src="/assets/{a}-{h}.js"></script>',
            "<!-- {s} -->",
            "",
            '<input name="{a}" value="{n}">',
        ],
    ),
    "md": (
        "snake",
        [
            "# {s}",
            "## {C}",
            "",
            "{s}. {s}.",
            "{s} `{a}` {s}.",
            "- {s}",
            "- `{a}`: {s}",
            "```",
            "{a} = {b}({n})",
            "See [{w}](https://{u}).",
            "| {a} | {n} | {s} |",
        ],
    ),
    "json": (
        "camel",
        [
            '  "{a}": "{s}",',
            '  "{b}": {n},',
            '  "{c}": true,',
            '  "{a}Url": "https://{u}",',
            '    "{a}": ["{w}", "{h}"],',
        ],
    ),
    "yaml": (
        "snake",
        [
            "{a}:",
            "  {b}: {n}",
            '  {c}: "{s}"',
            "  url: https://{u}",
            "  - name: {a}",
            "    image: registry.example.invalid/{w}:{h}",
            "# {s}",
            "",
        ],
    ),
    "env": (
        "snake",
        [
            "{K}={n}",
            "{K}=https://{u}",
            "# {s}",
            "{K}={w}",
            "",
        ],
    ),
}

HEADERS: dict[str, str] = {
    "py": "# Copyright VibePeak. {s}.\nfrom __future__ import annotations\n",
    "go": "// Copyright VibePeak. {s}.\npackage {w}\n",
    "json": "{{",
    "html": '<!doctype html>\n<html lang="en">',
    "php": "<?php",
}
FOOTERS: dict[str, str] = {"json": '  "end": true\n}}', "html": "</html>"}

TOP_DIRS: list[tuple[str, list[str]]] = [
    ("src", ["py", "py", "py", "md", "json", "yaml"]),
    ("services", ["go", "go", "py", "yaml", "md", "json"]),
    ("web/src", ["ts", "tsx", "tsx", "js", "css", "json"]),
    ("packages", ["ts", "js", "js", "json", "md"]),
    ("mobile/android", ["kt", "kt", "java", "json"]),
    ("mobile/ios", ["swift", "swift", "json"]),
    ("backend", ["java", "java", "kt", "yaml"]),
    ("legacy", ["php", "php", "rb", "rb", "html", "css"]),
    ("docs", ["md", "md", "md", "html"]),
    ("tests", ["py", "ts", "go", "json", "yaml"]),
    ("config", ["yaml", "yaml", "json"]),
]


def pools_for(seed: int, size: int = 2500) -> dict[str, tuple[list[str], float]]:
    """Build, per extension, a pool of filled template lines and their mean length."""
    rng = Random(f"{seed}:pools")
    vocab = Vocab(rng)
    pools: dict[str, tuple[list[str], float]] = {}
    for ext, (style, templates) in TEMPLATES.items():
        lines = [rng.choice(templates).format(**vocab.fields(style)) for _ in range(size)]
        mean = sum(len(x.encode()) + 1 for x in lines) / len(lines)
        pools[ext] = (lines, mean)
    return pools
