"""Rules and advice that follow the context of each key, end to end through the CLI.

Keys glued to an escape are found with their encoding; every finding's fix fits the
place that triggered it (a framework config entry, a CI file, documentation, tests, a
local commit); the hook's advice defers to each finding's fix; environments come from
build configurations inside files (Gradle, EAS, Xcode) and from compose overrides.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers import Repo, run_vpkscan, scan_json
from tests.keys import live_key, test_key


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return Repo.init(tmp_path / "repo")


def _by_rule(findings: list[dict[str, Any]], path: str) -> dict[str, dict[str, Any]]:
    return {f["rule_id"]: f for f in findings if f["path"] == path}


@pytest.mark.parametrize(
    ("before", "column", "encoding"),
    [
        ('{"msg":"config\\n', 17, "escape"),  # a JSON log line: a literal backslash-n
        ('{"msg":"a\\tb\\t', 15, "escape"),
        ("key\\u003d", 10, "escape"),  # Gson writes '=' as \u003d
        ("GET /v1?auth=Bearer%20", 23, "url"),
        ("token%3D", 9, "url"),
        ("<p data-k=&quot;", 17, "html"),
    ],
)
def test_keys_glued_to_an_escape_are_found_where_they_start(
    repo: Repo, before: str, column: int, encoding: str
) -> None:
    key = live_key("glued")
    repo.commit_files({"logs/app.log": f"{before}{key}\n"})
    findings = scan_json(cwd=repo.path)
    assert [(f["line"], f["column"], f["encoding"]) for f in findings] == [(1, column, encoding)]
    assert findings[0]["fingerprint"]


@pytest.mark.parametrize("before", ["key\\u005f", "%41", "x", "ab\\u0041"])
def test_an_escape_of_a_word_character_still_joins_the_key_to_a_word(
    repo: Repo, before: str
) -> None:
    """``\\u005f`` is ``_`` and ``%41`` is ``A``: decoded, they touch the key, so there
    is no key boundary and nothing is reported."""
    repo.commit_files({"logs/app.log": f"{before}{live_key('word')}\n"})
    assert scan_json(cwd=repo.path) == []


def test_a_framework_config_entry_is_removed_not_renamed(repo: Repo) -> None:
    key = live_key("next-env")
    repo.commit_files(
        {
            "package.json": '{"dependencies": {"next": "14.2.0"}}\n',
            "next.config.js": f'module.exports = {{ env: {{ VIBEPEAK: "{key}" }} }};\n',
            ".env": f"NEXT_PUBLIC_VIBEPEAK={live_key('dotenv')}\n",
        }
    )
    findings = scan_json(cwd=repo.path)
    entry = _by_rule(findings, "next.config.js")["VPK001"]
    variable = _by_rule(findings, ".env")["VPK001"]
    assert "remove the entry from `next.config.js`" in entry["remediation"]
    assert "rename" not in entry["remediation"]
    assert "rename the variable without the public prefix" in variable["remediation"]


def test_expo_public_variables_are_inlined_into_the_app_not_the_browser(repo: Repo) -> None:
    repo.commit_files(
        {
            "package.json": '{"dependencies": {"expo": "51.0.0", "react-native": "0.74.0"}}\n',
            ".env": f"EXPO_PUBLIC_VIBEPEAK_KEY={live_key('expo-public')}\n"
            f"VIBEPEAK_SERVER_KEY={live_key('expo-private')}\n",
        }
    )
    rules = {(f["line"], f["rule_id"]): f for f in scan_json(cwd=repo.path)}
    public = rules[(1, "VPK001")]
    assert "inlines into the app bundle" in public["message"]
    # The rule's summary names both bundles; the evidence for Expo names only the app's.
    assert "into the browser bundle" not in public["message"]
    assert "backend" in public["remediation"]
    # Expo inlines only EXPO_PUBLIC_ variables: the other one is a committed dotenv file.
    assert (2, "VPK004") in rules
    assert (2, "VPK002") not in rules


def test_plain_text_advice_depends_on_where_the_key_sits(repo: Repo) -> None:
    repo.commit_files(
        {
            ".github/workflows/ci.yml": f"env:\n  VIBEPEAK_API_KEY: {live_key('ci')}\n",
            "docs/setup.md": f"Export `VIBEPEAK_API_KEY={test_key('docs')}`\n",
            "tests/test_client.py": f'KEY = "{test_key("tests")}"\n',
            "server/app.py": f'KEY = "{live_key("server")}"\n',
        }
    )
    findings = scan_json(cwd=repo.path)
    ci = _by_rule(findings, ".github/workflows/ci.yml")
    assert "secret store" in ci["VPK005"]["remediation"]
    assert set(ci) == {"VPK005", "VPK008"}
    assert "placeholder" in _by_rule(findings, "docs/setup.md")["VPK005"]["remediation"]
    assert "vpk_test_ key" in _by_rule(findings, "tests/test_client.py")["VPK005"]["remediation"]
    server = _by_rule(findings, "server/app.py")["VPK005"]["remediation"]
    assert "server-side environment variable" in server


def test_history_of_a_local_commit_says_it_can_still_be_rewritten(repo: Repo) -> None:
    pushed_key, local_key = live_key("was-pushed"), live_key("never-pushed")
    pushed = repo.commit_files({"a.py": f'A = "{pushed_key}"\n'}, "pushed")
    repo.git("update-ref", "refs/remotes/origin/main", pushed)
    repo.commit_files({"a.py": "A = None\n"}, "remove it")
    repo.commit_files({"b.py": f'B = "{local_key}"\n'}, "local only")
    repo.commit_files({"b.py": "B = None\n"}, "remove it again")
    findings = [f for f in scan_json("--history", cwd=repo.path) if f["rule_id"] == "VPK006"]
    by_path = {f["path"]: f for f in findings}
    assert by_path["a.py"]["exposure"] == "pushed"
    assert "readable by anyone with a clone" in by_path["a.py"]["message"]
    assert by_path["b.py"]["exposure"] == "local"
    assert "has not been pushed" in by_path["b.py"]["message"]
    assert "clone" not in by_path["b.py"]["message"]
    assert "rewrite the local commits" in by_path["b.py"]["remediation"]


def test_the_hook_defers_to_each_findings_fix(repo: Repo) -> None:
    repo.write("package.json", '{"dependencies": {"react": "18.3.0", "vite": "5.0.0"}}\n')
    repo.write("src/App.tsx", f'const KEY = "{live_key("hook-browser")}";\n')
    repo.add("package.json", "src/App.tsx")
    run = run_vpkscan("hook", cwd=repo.path)
    assert run.returncode == 1
    report = run.stdout + run.stderr
    assert "fix: rotate the key in Settings → API and proxy browser calls" in report
    assert "read it from an environment variable" not in report
    assert "as its `fix:` line says" in report


def test_build_configurations_inside_files_are_environments(repo: Repo) -> None:
    shared, other = live_key("gradle-shared"), live_key("eas-shared")
    gradle = (
        'plugins { id("com.android.application") }\n'
        "android {\n  buildTypes {\n"
        f'    getByName("debug") {{\n      buildConfigField("String", "K", "\\"{shared}\\"")\n'
        "    }\n"
        f'    getByName("release") {{\n      buildConfigField("String", "K", "\\"{shared}\\"")\n'
        "    }\n  }\n}\n"
    )
    eas = (
        '{"build": {"development": {"env": {"EXPO_PUBLIC_K": "' + other + '"}},\n'
        ' "production": {"env": {"EXPO_PUBLIC_K": "' + other + '"}}}}\n'
    )
    repo.commit_files(
        {
            "app/build.gradle.kts": gradle,
            "app/src/main/AndroidManifest.xml": "<manifest/>\n",
            "eas.json": eas,
        }
    )
    found = {(f["path"], f["line"], f["rule_id"]) for f in scan_json(cwd=repo.path)}
    assert found == {
        ("app/build.gradle.kts", 5, "VPK002"),
        ("app/build.gradle.kts", 5, "VPK007"),
        ("app/build.gradle.kts", 5, "VPK008"),
        ("app/build.gradle.kts", 8, "VPK002"),
        ("app/build.gradle.kts", 8, "VPK007"),
        ("eas.json", 1, "VPK001"),
        ("eas.json", 1, "VPK007"),
        ("eas.json", 1, "VPK008"),
        ("eas.json", 2, "VPK001"),
        ("eas.json", 2, "VPK007"),
    }


def test_a_compose_file_with_an_override_is_the_production_base(repo: Repo) -> None:
    key = live_key("compose")
    service = f"services:\n  api:\n    environment:\n      VIBEPEAK_API_KEY: {key}\n"
    repo.commit_files({"compose.yml": service, "compose.override.yml": service})
    found = {(f["path"], f["rule_id"]) for f in scan_json(cwd=repo.path)}
    assert found == {
        ("compose.yml", "VPK005"),
        ("compose.yml", "VPK007"),
        ("compose.override.yml", "VPK005"),
        ("compose.override.yml", "VPK007"),
        ("compose.override.yml", "VPK008"),
    }


def test_name_words_make_an_environment_only_for_configuration(repo: Repo) -> None:
    """``test_email.html`` is an email template, not test configuration;
    ``keys_debug.xml`` and ``settings_dev.py`` configure an environment."""
    repo.commit_files(
        {
            "templates/test_email.html": f"<p>{live_key('email')}</p>\n",
            "scripts/release.sh": f"export VIBEPEAK_API_KEY={live_key('release-sh')}\n",
            "config/keys_debug.xml": f"<key>{live_key('xml')}</key>\n",
            "mysite/settings_dev.py": f'VIBEPEAK_API_KEY = "{live_key("django")}"\n',
        }
    )
    rules: dict[str, set[str]] = {}
    for finding in scan_json(cwd=repo.path):
        rules.setdefault(finding["path"], set()).add(finding["rule_id"])
    assert "VPK008" not in rules["templates/test_email.html"]
    assert rules["scripts/release.sh"] == {"VPK005"}
    assert rules["config/keys_debug.xml"] == {"VPK005", "VPK008"}
    assert rules["mysite/settings_dev.py"] == {"VPK005", "VPK008"}


def test_flavour_entry_points_and_build_outputs_are_environments(repo: Repo) -> None:
    """``lib/main_staging.dart`` starts the staging flavour; an APK under
    ``build/outputs/apk/demo/debug/`` is a debug build; a scheme's launch environment is
    what the app gets from Xcode."""
    key = live_key("flavours")
    repo.commit_files(
        {
            "pubspec.yaml": "name: app\ndependencies:\n  flutter:\n    sdk: flutter\n",
            "lib/main_staging.dart": f"const key = '{key}';\n",
            "lib/main_production.dart": f"const key = '{key}';\n",
            "lib/widgets/test_banner.dart": f"const other = '{live_key('banner')}';\n",
            "android/app/build/outputs/apk/demo/debug/output-metadata.json": (
                f'{{"key": "{live_key("apk")}"}}\n'
            ),
            "App.xcodeproj/xcshareddata/xcschemes/App.xcscheme": (
                f'<EnvironmentVariable key = "K" value = "{live_key("scheme")}"/>\n'
            ),
        }
    )
    rules: dict[str, set[str]] = {}
    for finding in scan_json(cwd=repo.path):
        rules.setdefault(finding["path"], set()).add(finding["rule_id"])
    assert rules["lib/main_staging.dart"] == {"VPK002", "VPK007", "VPK008"}
    assert rules["lib/main_production.dart"] == {"VPK002", "VPK007"}
    assert rules["lib/widgets/test_banner.dart"] == {"VPK002"}
    assert "VPK008" in rules["android/app/build/outputs/apk/demo/debug/output-metadata.json"]
    assert rules["App.xcodeproj/xcshareddata/xcschemes/App.xcscheme"] == {"VPK005", "VPK008"}


def test_server_builds_test_setups_and_tool_scripts_of_web_and_app_projects(
    repo: Repo,
) -> None:
    """Remix's ``build/`` is its server build; test set-up files and test-runner
    configuration are tests; a variant's webpack configuration runs in Node.js; a script
    at the root of a Capacitor package is tooling; Angular's default environment file
    pairs with its development replacement."""
    shared = live_key("angular")
    repo.commit_files(
        {
            "remix/package.json": '{"dependencies": {"@remix-run/node": "2", "react": "18"}}',
            "remix/build/index.js": f"const k = '{live_key('remix-server')}';\n",
            "remix/public/build/entry.client-4F2A9C1B.js": f"k='{live_key('remix-web')}'\n",
            "web/package.json": '{"dependencies": {"@angular/core": "19"}}',
            "web/src/test-setup.ts": f"const k = '{live_key('setup')}';\n",
            "web/src/environments/environment.ts": f"export const e = {{ k: '{shared}' }};\n",
            "web/src/environments/environment.development.ts": f"export const e = '{shared}';\n",
            "web/webpack.config.renderer.prod.ts": f"const k = '{live_key('webpack')}';\n",
            "php/phpunit.xml.dist": f'<php><env name="K" value="{live_key("phpunit")}"/></php>\n',
            "ionic/package.json": '{"dependencies": {"@capacitor/core": "6"}}',
            "ionic/generate-h2-push.js": f"const k = '{live_key('root-script')}';\n",
            "ionic/www/main.js": f"const k = '{live_key('www')}';\n",
        }
    )
    rules: dict[str, set[str]] = {}
    for finding in scan_json(cwd=repo.path):
        rules.setdefault(finding["path"], set()).add(finding["rule_id"])
    assert rules["remix/build/index.js"] == {"VPK005"}
    assert rules["remix/public/build/entry.client-4F2A9C1B.js"] == {"VPK003"}
    assert rules["web/src/test-setup.ts"] == {"VPK005", "VPK008"}
    assert rules["web/src/environments/environment.ts"] >= {"VPK007"}
    assert "VPK008" not in rules["web/src/environments/environment.ts"]
    assert rules["web/src/environments/environment.development.ts"] >= {"VPK007", "VPK008"}
    assert "VPK003" not in rules["web/webpack.config.renderer.prod.ts"]
    assert rules["php/phpunit.xml.dist"] == {"VPK005", "VPK008"}
    assert rules["ionic/generate-h2-push.js"] == {"VPK005"}
    assert rules["ionic/www/main.js"] == {"VPK002"}
