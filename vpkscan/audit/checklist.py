"""The remediation checklist of an incident, built from its facts: which files, which
environments, which repositories' histories, and whether the key still works.

The history purge is a ``git filter-repo --replace-text`` command that matches the key
by a regular expression built from its redacted form (the prefix and the first four
characters of the body, followed by the 28 characters not shown): the command can be
printed, pasted into a ticket and run without the key ever being written down. It also
removes any other key that starts the same way, which is as it should be: every key in
a history is one to remove.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vpkscan.audit.model import LeakStage, Location, Step
from vpkscan.model import KeyMode, RuleId

if TYPE_CHECKING:
    from vpkscan.audit.model import Incident

ROTATE_WHERE = "Settings → API"
REPLACEMENT = "REMOVED_VIBEPEAK_KEY"
_BODY = 32
_KEY_CHARS = "[A-Za-z0-9]"
_EDGE_BEFORE = "(?<![A-Za-z0-9_])"
_EDGE_AFTER = "(?![A-Za-z0-9_])"

PURGE_WARNING = (
    "Rewriting history gives every later commit a new id: agree on a time with everyone "
    "who works on the repository, run it in a fresh clone, force-push every branch and "
    "tag, and have everyone clone again. It does not reach existing clones, forks, pull "
    "request refs or caches of the forge, which is why the key is rotated first."
)
LOCAL_NOTE = (
    "The commits that hold it were never pushed: rewriting them before the next push "
    "(git rebase -i, or git commit --amend for the last one) is enough."
)


def checklist(incident: Incident) -> tuple[Step, ...]:
    """What to do about ``incident``, the most urgent first."""
    steps = [_rotate(incident)]
    in_tree = [p for p in incident.locations if p.in_tree]
    for step in (
        _move(in_tree),
        _untrack(in_tree),
        _proxy(incident.locations),
        _test_keys(incident),
        _one_per_environment(incident.locations),
        *_purge(incident),
    ):
        if step is not None:
            steps.append(step)
    return tuple(steps)


def replacement_line(redacted: str) -> str:
    """The ``--replace-text`` line that replaces the key shown as ``redacted``."""
    shown = redacted.rstrip("…")
    hidden = _BODY - (len(shown) - len("vpk_live_"))
    return f"regex:{_EDGE_BEFORE}{shown}{_KEY_CHARS}{{{hidden}}}{_EDGE_AFTER}==>{REPLACEMENT}"


def purge_command(redacted: str) -> str:
    """Shell commands that purge the key shown as ``redacted`` from the history of the
    repository they run in, with git filter-repo. The replacement file goes to a
    temporary file: inside the clone it would make filter-repo refuse (it rewrites clean,
    fresh clones only). Nothing in the commands comes from a scanned repository."""
    return (
        "replacements=$(mktemp)\n"
        f"printf '%s\\n' '{replacement_line(redacted)}' > \"$replacements\"\n"
        'git filter-repo --replace-text "$replacements"'
    )


def place(location: Location) -> str:
    """``repository: path:line`` (with the commit for a history location)."""
    where = f"{location.repository}: {location.path}:{location.line}"
    if location.commit:
        where += f" (commit {location.commit[:12]})"
    return where


def _rotate(incident: Incident) -> Step:
    prefix = incident.redacted.rstrip("…")
    status = incident.verification.status if incident.verification else None
    if status is not None and status.dead:
        checked = incident.verification.checked_at if incident.verification else None
        when = f" on {checked}" if checked else ""
        return Step(
            "rotate",
            f"The API answered '{status.value}' for this key{when}: it no longer "
            f"authenticates. Confirm in {ROTATE_WHERE} that the key starting {prefix} is "
            "revoked, and that whatever used it has a replacement.",
        )
    text = (
        f"Rotate this key first, in {ROTATE_WHERE}: find the key starting {prefix}, create "
        "a new one, deploy it where the service reads its key, then revoke this one. "
        "Removing it from files does not take it back: a committed key stays in clones, "
        "forks, CI logs and caches."
    )
    if status is not None and status.value == "active" and incident.key_mode is KeyMode.LIVE:
        text += " It is active: whoever copied it spends your credits until it is revoked."
    elif incident.key_mode is KeyMode.TEST:
        text += " It is a test key (free sandbox): rotate it all the same."
    return Step("rotate", text)


def _move(in_tree: list[Location]) -> Step | None:
    if not in_tree:
        return None
    return Step(
        "move",
        "Move it out of these files and read it from a server-side environment variable "
        "(VIBEPEAK_API_KEY), set in the deployment and never committed:",
        _places(in_tree),
    )


def _untrack(in_tree: list[Location]) -> Step | None:
    dotenv = [p for p in in_tree if RuleId.VPK004.value in p.rules]
    if not dotenv:
        return None
    return Step(
        "untrack",
        "Stop tracking these dotenv files (git rm --cached FILE) and add them to .gitignore:",
        _places(dotenv),
    )


def _proxy(locations: tuple[Location, ...]) -> Step | None:
    public = [
        p
        for p in locations
        if {RuleId.VPK001.value, RuleId.VPK002.value, RuleId.VPK003.value} & set(p.rules)
    ]
    if not public:
        return None
    text = (
        "Proxy browser and mobile calls through a backend route that adds the key: no key "
        "belongs in a bundle, an app or a variable with a public prefix (NEXT_PUBLIC_, "
        "VITE_, EXPO_PUBLIC_, …). Apps already shipped keep the key: rotating is what "
        "stops them."
    )
    return Step("proxy", text, _places(public))


def _test_keys(incident: Incident) -> Step | None:
    places = [p for p in incident.locations if RuleId.VPK008.value in p.rules]
    if not places or incident.key_mode is not KeyMode.LIVE:
        return None
    return Step(
        "test-keys",
        "Put vpk_test_ keys in these non-production places (development, test, staging, "
        "CI): the sandbox is free and never charges credits.",
        _places(places),
    )


def _one_per_environment(locations: tuple[Location, ...]) -> Step | None:
    shared = [p for p in locations if RuleId.VPK007.value in p.rules]
    if not shared:
        return None
    environments = sorted({p.environment for p in shared if p.environment})
    named = f" ({', '.join(environments)})" if environments else ""
    return Step(
        "one-key-per-environment",
        f"Give each environment its own key{named}: one key in several environments means "
        "that a leak in one exposes all of them, and rotating it breaks all of them.",
        _places(shared),
    )


def _purge(incident: Incident) -> list[Step]:
    history = [p for p in incident.locations if p.commit is not None]
    steps = []
    for repository in sorted({p.repository for p in history}):
        mine = [p for p in history if p.repository == repository]
        pushed = any(p.exposure == LeakStage.PUSHED.value for p in mine)
        encoded = sorted({p.encoding for p in mine if p.encoding})
        text = f"Purge it from the history of {repository} with git filter-repo"
        if encoded:
            text += (
                f". Some commits hold it encoded ({', '.join(encoded)}), which a text "
                "replacement does not match: remove or rewrite those files in history too "
                "(git filter-repo --path FILE --invert-paths)"
            )
        text += "."
        if not pushed:
            text += " " + LOCAL_NOTE
        steps.append(
            Step(
                "purge-history",
                text,
                _history_places(mine),
                command=purge_command(incident.redacted),
                warning=PURGE_WARNING if pushed else None,
            )
        )
    return steps


def _places(locations: list[Location]) -> tuple[str, ...]:
    """The places of ``locations``; a file the current tree holds is named once, without
    the commits that added it there."""
    current = {(p.repository, p.path) for p in locations if p.in_tree}
    shown = [p for p in locations if p.in_tree or (p.repository, p.path) not in current]
    return tuple(dict.fromkeys(place(p) for p in shown))


def _history_places(locations: list[Location]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(place(p) for p in locations))
