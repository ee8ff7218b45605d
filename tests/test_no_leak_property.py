"""A property over everything a scanned repository controls: whatever file name, author,
source-map origin, note, error or configuration value holds a key, no report format and
no error path prints that key's body (a finding's own key shows only with
``--show-secrets``)."""

from __future__ import annotations

import contextlib
import io

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tests.keys import ALPHABET, LIVE, TEST
from vpkscan.cli.policy import guarded
from vpkscan.config.loader import ConfigError
from vpkscan.errors import UsageError
from vpkscan.model import (
    CommitInfo,
    Exposure,
    Finding,
    KeyMode,
    OriginalLocation,
    RuleId,
    ScanMode,
    ScanResult,
    Severity,
    Skipped,
    SkipReason,
    Summary,
)
from vpkscan.report import OutputFormat, RenderOptions, renderer
from vpkscan.report.summary import render_summary

bodies = st.text(alphabet=ALPHABET, min_size=32, max_size=32)
prefixes = st.sampled_from([LIVE, TEST])
noise = st.text(max_size=12)


@st.composite
def hostile(draw: st.DrawFn) -> tuple[str, str]:
    """Text holding a key somewhere, and the key's body."""
    body = draw(bodies)
    return f"{draw(noise)} {draw(prefixes)}{body} {draw(noise)}", body


@given(
    path=hostile(),
    author=hostile(),
    origin=hostile(),
    note=hostile(),
    error=hostile(),
    found=bodies,
    fmt=st.sampled_from(list(OutputFormat)),
    show=st.booleans(),
)
@settings(max_examples=150, deadline=None)
def test_no_format_prints_a_key_from_a_name(
    path: tuple[str, str],
    author: tuple[str, str],
    origin: tuple[str, str],
    note: tuple[str, str],
    error: tuple[str, str],
    found: str,
    fmt: OutputFormat,
    show: bool,
) -> None:
    # The finding's own key is shown with --show-secrets: the names hold other keys.
    assume(all(found != item[1] for item in (path, author, origin, note, error)))
    key = LIVE + found
    finding = Finding(
        rule=RuleId.VPK006,
        severity=Severity.HIGH,
        key=key,
        key_mode=KeyMode.LIVE,
        path=path[0],
        line=1,
        column=1,
        message=f"Live VibePeak key: `{path[0]}` holds it.",
        commit=CommitInfo("a" * 40, author[0], "2026-01-02T03:04:05+00:00"),
        original=OriginalLocation(origin[0], 3),
        exposure=Exposure.PUSHED,
    )
    summary = Summary(
        mode=ScanMode.HISTORY,
        root="/repo",
        files_scanned=1,
        bytes_scanned=10,
        skipped=(Skipped(path[0], SkipReason.EXCLUDED),),
        notes=(note[0],),
        errors=(error[0],),
    )
    result = ScanResult((finding,), summary)
    output = renderer(fmt)(result, RenderOptions(show_secrets=show)) + render_summary(result)
    for _, body in (path, author, origin, note, error):
        assert body not in output
    assert (found in output) == ((show and fmt is not OutputFormat.GITHUB) or show) or not show


@given(value=hostile(), debug=st.booleans(), kind=st.sampled_from(["config", "usage", "bug"]))
@settings(max_examples=60, deadline=None)
def test_no_error_path_prints_a_key(value: tuple[str, str], debug: bool, kind: str) -> None:
    def fail() -> int:
        if kind == "config":
            raise ConfigError(f".vpkscan.toml: fail-on: expected a severity, got {value[0]!r}")
        if kind == "usage":
            raise UsageError(f"{value[0]}: no such file or directory")
        raise RuntimeError(f"unexpected {value[0]!r}")

    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr):
        code = guarded(fail, debug=debug)
    assert code == (3 if kind == "bug" else 2)
    assert value[1] not in stderr.getvalue()
