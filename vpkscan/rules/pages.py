"""The long-form page of every rule: what it detects, why, how to fix it, examples.

The same text is printed by ``vpkscan explain``, written to ``docs/rules/`` and used as
SARIF help, so there is one source for it.
"""

from __future__ import annotations

from vpkscan.model import RuleId
from vpkscan.rules.catalog import RULES

_COST = (
    "A live key (`vpk_live_`) charges your credits and runs the real video pipeline for "
    "whoever holds it; a test key (`vpk_test_`) only reaches the free sandbox, which returns "
    "watermarked samples, so its findings are low severity — but it still identifies your "
    "account and should not be public."
)
_ROTATE = (
    "1. **Rotate the key now** in the VibePeak dashboard, Settings → API: create a new key, "
    "deploy it, then revoke the old one (the dashboard lists keys by name, creation date, "
    "short prefix and last use — the prefix in vpkscan's report, e.g. `vpk_live_aBcD…`, "
    "tells you which one). Removing the key from the code does not un-leak it."
)

_BODY: dict[RuleId, tuple[str, str, str, str, str]] = {
    RuleId.VPK001: (
        "A key assigned to an environment variable whose name a frontend build tool inlines "
        "into the browser bundle: `NEXT_PUBLIC_` (Next.js), `VITE_` (Vite), `REACT_APP_` "
        "(Create React App), `EXPO_PUBLIC_` (Expo), `GATSBY_`, `NUXT_PUBLIC_`, `PUBLIC_` "
        "(SvelteKit, Astro), `VUE_APP_`, `STORYBOOK_`, … — in `.env*` files, shell scripts, "
        "Dockerfile `ENV`/`ARG`, CI `env:` blocks, `vercel.json`, `netlify.toml`, Expo app "
        "config, code that assigns `process.env.NEXT_PUBLIC_…` — and values inlined by "
        "`next.config.*` `env`, `vite.config.*` `define`, Storybook's `env` in "
        "`.storybook/main.*` or Angular `environment*.ts`.",
        "VibePeak's documentation says never to put keys in frontend environment variables: "
        "the build copies their values into JavaScript that every visitor downloads.",
        "2. Rename the variable without the public prefix (`VIBEPEAK_API_KEY`) and set it "
        "only in the server's environment; an entry of a framework config (`env`, `define`) "
        "is inlined whatever it is called: remove it. For Expo, keep keys out of "
        "`EXPO_PUBLIC_` variables and route the app's calls through your backend.\n"
        "3. Call VibePeak from a server route (an API route, a server action, a backend) that "
        "reads the key and forwards the request; the browser calls that route.",
        "NEXT_PUBLIC_VIBEPEAK_KEY=vpk_live_…        # .env.local\n"
        "VITE_VPK_KEY=vpk_live_…                    # .env",
        "VIBEPEAK_API_KEY=vpk_live_…                # read by server code only\n"
        "NEXT_PUBLIC_VIBEPEAK_KEY=vpk_live_xxxxxxxx… # a placeholder is never reported",
    ),
    RuleId.VPK002: (
        "A key in what is compiled or bundled into a mobile app: an Android module's source "
        "sets (`src/main/`, build types, flavours: Kotlin and Java, every `res/` folder, "
        "`assets/`, the manifest), `buildConfigField`/`resValue`, `gradle.properties`; an "
        "Apple target's Swift/Objective-C, `Info.plist`, `*.xcconfig`, entitlements and the "
        "resources its Xcode project copies; a Flutter app's `lib/` and declared assets; the "
        "code and assets of React Native and Expo packages, Expo's `app.json`/`app.config.*`; "
        "Capacitor/Cordova configs and `www/`; packaged `.apk .aab .ipa` files. CI files, "
        "docs, tooling and tests of a mobile repository are not part of the app.",
        "Everything compiled into an app ships to every device that installs it, and app "
        "packages are trivially unpacked. VibePeak's documentation says never to put keys "
        "in mobile apps.",
        "2. Remove the key from the app and its build settings.\n"
        "3. Have the app call your backend, which holds the key in its environment and calls "
        "VibePeak; authenticate your own users there.",
        'buildConfigField "String", "VPK_KEY", "\\"vpk_live_…\\""   // app/build.gradle\n'
        'let key = "vpk_live_…"                                    // ios/App/Api.swift',
        "// the app asks your backend, which holds VIBEPEAK_API_KEY\n"
        'let url = URL(string: "https://api.example.com/videos")',
    ),
    RuleId.VPK003: (
        "A key in code that runs in the browser: built bundles and chunks (`dist/`, "
        "`build/`, `.next/static/`, hashed chunk names, `*.min.js`), source maps, HTML, "
        'frontend components (`.jsx .tsx .vue .svelte .astro`), `"use client"` modules '
        "and the browser side of a package that depends on react, vue, svelte, "
        "@angular/core, … Server code stays VPK005: `pages/api/`, `app/**/route.ts`, "
        '`"use server"`, `*.server.ts`, `server/`, `api/`, `functions/`, Express/Fastify/'
        "Nest entry points, build configuration.",
        "Anything in a bundle can be read by any visitor with the browser's developer tools. "
        "VibePeak's documentation says never to put keys in client-side code.",
        "2. Delete the key from the source and rebuild (built output keeps it until then).\n"
        "3. Proxy browser calls through a server route that adds the `Authorization: Bearer` "
        "header from a server-side environment variable.",
        'const client = new VibePeak("vpk_live_…")   // src/App.tsx',
        'const res = await fetch("/api/generate", {method: "POST", body})  // src/App.tsx\n'
        "// app/api/generate/route.ts reads process.env.VIBEPEAK_API_KEY on the server",
    ),
    RuleId.VPK004: (
        "A key in a dotenv file tracked by git: `.env`, `.env.*` (`.env.local`, "
        "`.env.production`, …), `*.env`, `.envrc`, `.flaskenv`.",
        "Dotenv files are meant to stay on the machine that runs the code; VibePeak's own "
        'snippet marks its `.env` with "never commit this!". Once committed, the key is in '
        "every clone and in history.",
        "2. Untrack the file (`git rm --cached .env`) and add it to `.gitignore`.\n"
        "3. Commit a `.env.example` with placeholders (`VIBEPEAK_API_KEY=vpk_live_xxxxx`) "
        "instead, and set real values in the deployment's environment.",
        "VIBEPEAK_API_KEY=vpk_live_…   # .env, tracked",
        "VIBEPEAK_API_KEY=vpk_live_xxxxx   # .env.example: a placeholder",
    ),
    RuleId.VPK005: (
        "A key hardcoded in any other tracked file: server code, configuration, scripts, "
        "documentation, notebooks, tests, recorded HTTP traffic, CI configuration.",
        "Source code is copied, shared and published far more widely than a server's "
        "environment; VibePeak's documentation says to keep keys in server-side "
        "environment variables.",
        '2. Read the key from the environment (`os.environ["VIBEPEAK_API_KEY"]`, '
        "`process.env.VIBEPEAK_API_KEY`) and set it in the deployment's secret store.\n"
        "3. Use a `vpk_test_` key in tests and examples.",
        'VIBEPEAK_KEY = "vpk_live_…"   # settings.py',
        'VIBEPEAK_KEY = os.environ["VIBEPEAK_API_KEY"]',
    ),
    RuleId.VPK006: (
        "A key that is no longer in the current tree but is still in a commit reachable from "
        "a branch, tag or other ref (history scans only).",
        "Anyone with a clone, a fork or a CI cache has every commit; deleting the line does "
        "not remove the key from them.",
        "2. If the commits were never pushed, rewrite them (`git commit --amend`, "
        "`git rebase -i`).\n"
        "3. If they were pushed, rotation is what protects you; purging with "
        "`git filter-repo --replace-text` and force-pushing only limits further spread.",
        "a commit that added `config.py` with `vpk_live_…`, deleted later",
        "history that only ever held placeholders or `vpk_test_` keys of the sandbox",
    ),
    RuleId.VPK007: (
        "The same key in the configuration of two or more environments (`.env.development` "
        "and `.env.production`, staging and production manifests, …). Reported at every "
        "occurrence concerned, next to the primary finding.",
        "VibePeak's documentation says to use separate keys per environment, so that one "
        "can be rotated or revoked without breaking the others, and a leak in development "
        "does not expose production.",
        "2. Create one key per environment in Settings → API, named after it.\n"
        "3. Give each environment its own key through its own secret store.",
        "VIBEPEAK_API_KEY=vpk_live_…A   # .env.development\n"
        "VIBEPEAK_API_KEY=vpk_live_…A   # .env.production (same key)",
        "VIBEPEAK_API_KEY=vpk_test_…B   # .env.development\n"
        "VIBEPEAK_API_KEY=vpk_live_…C   # deployment secret store",
    ),
    RuleId.VPK008: (
        "A live key in development, test, staging or CI configuration or in test fixtures "
        "(the environment is inferred from file and folder names: `.env.development`, "
        "`config/staging.yml`, `overlays/dev/`, `tests/`, `fixtures/`, CI files).",
        "VibePeak's documentation says to build and test with test keys: they are free and "
        "reach the sandbox. A live key outside production spends credits and is copied to "
        "more machines and people than production secrets should be.",
        "2. Replace it with a `vpk_test_` key.\n"
        "3. Keep the live key only in production's secret store.",
        "VIBEPEAK_API_KEY=vpk_live_…   # tests/fixtures/settings.env",
        "VIBEPEAK_API_KEY=vpk_test_…   # tests/fixtures/settings.env (reported as low only)",
    ),
}


def page(rule_id: RuleId) -> str:
    """The rule's page as Markdown."""
    rule = RULES[rule_id]
    detects, why, fix, fires, silent = _BODY[rule_id]
    return (
        f"# {rule.id.value} {rule.name}\n\n"
        f"Severity: {rule.live_severity.value} for live keys, low for test keys.\n\n"
        f"## What it detects\n\n{detects}\n\n"
        f"## Why it matters\n\n{why}\n\n{_COST}\n\n"
        f"## How to fix it now\n\n{_ROTATE}\n{fix}\n\n"
        f"In short: {rule.remediation}.\n\n"
        f"## Examples\n\nReported:\n\n```\n{fires}\n```\n\nNot reported:\n\n```\n{silent}\n```\n"
    )


def find_rule(name: str) -> RuleId | None:
    """A rule by id (``VPK003``, ``vpk3``) or name (``client-side-code``)."""
    wanted = name.strip().lower()
    for rule in RULES.values():
        if wanted in (rule.id.value.lower(), rule.name):
            return rule.id
    if wanted.startswith("vpk") and wanted[3:].isdigit():
        normalized = f"vpk{int(wanted[3:]):03d}"
        if normalized != wanted:
            return find_rule(normalized)
    return None
