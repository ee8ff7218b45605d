"""The verification options of ``vpkscan scan`` (SPEC §7); each is also a setting."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def verify_options(command: F) -> F:
    """Add --verify/--no-verify, --api-base, --verify-concurrency, --verify-timeout,
    --verify-time-limit and --fail-on-active (each None unless given)."""
    options = [
        click.option(
            "--verify/--no-verify",
            "verify",
            default=None,
            help="Ask the VibePeak API whether each key found still works: sends each "
            "distinct key once, to --api-base only (default: no).",
        ),
        click.option(
            "--api-base",
            metavar="URL",
            default=None,
            help="Base URL of the VibePeak API for --verify (default: "
            "https://api.vibepeak.ai; plain http only to a loopback address).",
        ),
        click.option(
            "--verify-concurrency",
            type=click.IntRange(1, 64),
            default=None,
            metavar="N",
            help="Keys verified at once (default: 4).",
        ),
        click.option(
            "--verify-timeout",
            type=click.FloatRange(0, 3600, min_open=True),
            default=None,
            metavar="SECONDS",
            help="Wait at most this long for each verification request (default: 10).",
        ),
        click.option(
            "--verify-time-limit",
            type=click.FloatRange(0, 3600, min_open=True),
            default=None,
            metavar="SECONDS",
            help="Verify all keys within this time; later ones are unknown (default: 60).",
        ),
        click.option(
            "--fail-on-active",
            is_flag=True,
            flag_value=True,
            default=None,
            help="Exit 1 only for findings of keys that verified active (needs --verify).",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command
