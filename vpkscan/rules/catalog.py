"""Every rule as data: name, severity, what it means, and what to do now."""

from __future__ import annotations

from dataclasses import dataclass

from vpkscan.model import Finding, KeyMode, RuleId, Severity

DOCS_BASE = "https://github.com/vpkscan/vpkscan/blob/main/docs/rules/"


@dataclass(frozen=True, slots=True)
class Rule:
    """A documented best practice and what breaking it costs."""

    id: RuleId
    name: str
    live_severity: Severity
    summary: str
    remediation: str

    @property
    def help_uri(self) -> str:
        return f"{DOCS_BASE}{self.id.value}.md"

    def severity_for(self, mode: KeyMode) -> Severity:
        """Test keys only reach the free sandbox: every test-key finding is low."""
        return self.live_severity if mode is KeyMode.LIVE else Severity.LOW


_ROTATE = "rotate the key in Settings → API"


def remediation_of(finding: Finding) -> str:
    """What to do about ``finding``: its context's advice, else its rule's."""
    return finding.remediation or RULES[finding.rule].remediation


RULES: dict[RuleId, Rule] = {
    rule.id: rule
    for rule in (
        Rule(
            RuleId.VPK001,
            "public-env-var",
            Severity.CRITICAL,
            "key in an environment variable that build tools inline into a browser or app bundle",
            f"{_ROTATE}, rename the variable without the public prefix, and call VibePeak "
            "from a server route that reads it",
        ),
        Rule(
            RuleId.VPK002,
            "mobile-app-code",
            Severity.CRITICAL,
            "key in mobile app code, resources or build settings, which ship to every device",
            f"{_ROTATE} and route the app's calls through your backend, which holds the key",
        ),
        Rule(
            RuleId.VPK003,
            "client-side-code",
            Severity.CRITICAL,
            "key in code that runs in the browser, where any visitor can read it",
            f"{_ROTATE} and proxy browser calls through a server route that adds the key",
        ),
        Rule(
            RuleId.VPK004,
            "committed-env-file",
            Severity.HIGH,
            "key in a dotenv file tracked by git",
            f"{_ROTATE}, untrack the file (git rm --cached), add it to .gitignore, and keep "
            "keys in the server's environment",
        ),
        Rule(
            RuleId.VPK005,
            "hardcoded-key",
            Severity.HIGH,
            "key hardcoded in source or configuration",
            f"{_ROTATE} and read it from a server-side environment variable "
            "(VIBEPEAK_API_KEY) instead",
        ),
        Rule(
            RuleId.VPK006,
            "key-in-history",
            Severity.HIGH,
            "key removed from the tree but still in a commit, readable by anyone with a clone",
            f"{_ROTATE}; then purge it from history with git filter-repo if you must",
        ),
        Rule(
            RuleId.VPK007,
            "key-shared-across-environments",
            Severity.MEDIUM,
            "the same key configured for two or more environments",
            "create one key per environment in Settings → API so each can be rotated alone",
        ),
        Rule(
            RuleId.VPK008,
            "live-key-outside-production",
            Severity.MEDIUM,
            "live key in development, test, staging or CI configuration",
            "use a vpk_test_ key outside production and rotate the live one",
        ),
    )
}
