"""What to do now, worded for the context that triggered a rule.

A rule's remediation (``catalog``) fits its usual context; these variants replace it where
the finding's context asks for something else: a framework config entry is removed, not
renamed; a CI file's key belongs in the CI's secret store; documentation shows a
placeholder; tests use a test key; a key in a local commit is removed by rewriting it.
"""

from __future__ import annotations

from vpkscan.paths import display_path

ROTATE = "rotate the key in Settings → API"


def public_entry(path: str) -> str:
    return (
        f"{ROTATE}, remove the entry from `{display_path(path)}` (its value is inlined into "
        "the bundle whatever it is called), and call VibePeak from a server route that reads "
        "the key from the server's environment"
    )


PUBLIC_MOBILE = (
    f"{ROTATE}, keep it out of EXPO_PUBLIC_ variables (Expo inlines them into the app), and "
    "route the app's calls through your backend, which holds the key"
)
CI = (
    f"{ROTATE} and keep it in the CI's secret store (a GitHub Actions or GitLab CI/CD "
    "secret), passed to the job as the environment variable VIBEPEAK_API_KEY"
)
DOCS = (
    f"{ROTATE} and show a placeholder such as `VIBEPEAK_API_KEY=<your key>` in the "
    "documentation instead"
)
TESTS = (
    f"{ROTATE}; give tests a vpk_test_ key from an environment variable (VIBEPEAK_API_KEY), "
    "or a fake that never calls the API"
)
#: VPK006 for a commit that no remote holds yet: rewriting it still takes the key back.
LOCAL_HISTORY_SUMMARY = (
    "key removed from the tree but still in a local commit that has not been pushed"
)
LOCAL_HISTORY = (
    "rewrite the local commits that hold it before pushing (git rebase -i, or git commit "
    f"--amend for the last one); {ROTATE} if it was shared in any other way"
)
