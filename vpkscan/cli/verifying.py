"""Verification as the commands run it: only when asked, said on stderr, after the scan.

Free of click, so that the git hook shares it.
"""

from __future__ import annotations

import sys

from vpkscan.config.schema import Config
from vpkscan.errors import UsageError
from vpkscan.model import ScanResult
from vpkscan.paths import printable


def check_options(config: Config) -> None:
    """``--fail-on-active`` without verification would pass every scan: refused."""
    if config.fail_on_active and not config.verify.enabled:
        raise UsageError(
            "--fail-on-active needs --verify",
            "or verify = true in the configuration; without it no key is ever active",
        )


def verified(result: ScanResult, config: Config) -> ScanResult:
    """``result`` with its keys verified when the configuration asks for it."""
    settings = config.verify
    if not settings.enabled or not result.findings:
        return result
    # Imported here: the verification package loads only when a key is to be checked.
    from vpkscan.verify import verify_result
    from vpkscan.verify.endpoint import TASK_PATH

    count = len({finding.key for finding in result.findings})
    keys = "1 key" if count == 1 else f"{count} keys"
    sys.stderr.write(
        f"vpkscan: verifying {keys} with {printable(settings.api_base)} "
        f"(GET {TASK_PATH}, one request per key)\n"
    )
    sys.stderr.flush()
    return verify_result(result, settings)
