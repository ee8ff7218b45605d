"""Expected errors: each says what went wrong and what to do; the CLI exits 2 on them."""

from __future__ import annotations


class VpkscanError(Exception):
    """Base class for errors caused by input, configuration or environment, not by a bug."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class UsageError(VpkscanError):
    """Options that do not fit together, or a target that does not exist."""


class NotARepositoryError(VpkscanError):
    """A mode that needs a git repository was run outside one."""


class GitError(VpkscanError):
    """git is missing or failed on the repository."""


class UnreadableTargetError(VpkscanError):
    """A target named on the command line cannot be read."""


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP arrived: the scan stops as on Ctrl-C (every worker and git
    process ended, no partial report), and exits with 128 + the signal number."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum
