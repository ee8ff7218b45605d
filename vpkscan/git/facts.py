"""Facts about a repository for reports and the hook installer, read through GitPython:
the branch and commit it is at, where it comes from, where git runs its hooks; and the
web addresses of a commit or a file on the forge that hosts it.

None of this is on the hot path (it is read once per scan, and never by ``vpkscan hook``),
so GitPython is imported inside the functions that use it: importing this module costs
nothing. Everything read here comes from the repository and may be hostile: a broken or
odd repository gives fewer facts, never an exception, and no user name or password of a
remote URL is kept.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import quote, urlsplit

from vpkscan.model import RepoFacts

if TYPE_CHECKING:
    from git import Repo
    from git.config import GitConfigParser

_T = TypeVar("_T")

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*")
#: ``[user@]host:path``, git's short form for ssh (no scheme, a colon before any slash).
_SCP = re.compile(r"(?:(?P<user>[^/]*)@)?(?P<host>[^@/:]+):(?P<path>.*)", re.S)
_HOST = re.compile(r"[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?")
_PORT = re.compile(r"[0-9]{1,5}")
_SHA = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")
#: Characters that may stay as they are in a URL path (RFC 3986 pchar and ``/``).
_PATH_SAFE = "/:@!$&'()*+,;=~%-._"

#: ssh endpoints with a name of their own, and the web host they belong to.
_WEB_HOSTS = {
    "ssh.github.com": "github.com",
    "altssh.gitlab.com": "gitlab.com",
    "altssh.bitbucket.org": "bitbucket.org",
}
#: Forges whose ssh host name is also their web host name.
_SSH_FORGES = ("github", "gitlab", "gitea", "forgejo", "codeberg")
_AZURE_SSH = ("ssh.dev.azure.com", "vs-ssh.visualstudio.com")


def repo_facts(root: Path) -> RepoFacts | None:
    """Branch, HEAD and remote of the repository at ``root`` (the top of its working tree,
    or the git directory of a bare repository).

    None when ``root`` is not a repository that GitPython can open. A fact that cannot be
    read is None: no commit yet, a detached HEAD, no remote, a broken configuration.
    """
    repo = _open(root)
    if repo is None:
        return None
    with repo:
        top = repo.working_tree_dir or repo.git_dir
        head = _attempt(lambda: _head_commit(repo))
        current = _attempt(lambda: _current_branch(repo))
        remote = _attempt(lambda: _remote_url(_config(repo), current))
    return RepoFacts(
        root=os.fspath(top),
        head=head,
        branch=current if head is not None else None,
        remote_url=remote,
    )


def hooks_dir(root: Path) -> Path | None:
    """The folder git runs the hooks of the repository at ``root`` from.

    That is ``core.hooksPath`` when set (a relative value is taken from the top of the
    working tree, or from the git directory of a bare repository: where git runs hooks),
    else ``hooks`` in the git directory shared by all worktrees. None when GitPython
    cannot read the repository or its configuration.
    """
    repo = _open(root)
    if repo is None:
        return None
    with repo:
        values = _attempt(lambda: _values(_config(repo), "core", "hookspath"))
        if values is None:
            return None
        if values:
            where = os.path.expanduser(values[-1])
            return Path(repo.working_tree_dir or repo.git_dir, where)
        return Path(repo.common_dir, "hooks")


def strip_userinfo(url: str) -> str:
    """``url`` without the user name and password it may carry (``https://user:token@``).

    A bare ``git@`` is kept (``git@github.com:o/r.git``): it names the forge's shared ssh
    account, never a person or a secret.
    """
    separator = url.find("://")
    if separator > 0 and _SCHEME.fullmatch(url[:separator]):
        start = separator + 3
        end = min((i for i in (url.find(c, start) for c in "/?#") if i != -1), default=len(url))
        at = url.rfind("@", start, end)
        if at == -1 or url[start:at] == "git":
            return url
        return url[:start] + url[at + 1 :]
    scp = _SCP.fullmatch(url)
    if scp and scp["user"] is not None and scp["user"] != "git":
        return url[len(scp["user"]) + 1 :]
    return url


def web_url(remote_url: str | None) -> str | None:
    """The https address of the repository's page for a remote URL, or None when that
    cannot be told (a local path, an unknown ssh host, an address that is not clean).

    ``git@github.com:o/r.git``, ``https://github.com/o/r.git`` and
    ``ssh://git@github.com/o/r.git`` all give ``https://github.com/o/r``. An http(s)
    remote is taken to be the page itself, as on most forges.
    """
    if not remote_url:
        return None
    parts = _split(strip_userinfo(remote_url))
    if parts is None:
        return None
    scheme, host, port, path = parts
    path = path.strip("/").removesuffix(".git").rstrip("/")
    if not path or not path.isascii() or any(not c.isprintable() or c.isspace() for c in path):
        return None
    path = quote(path, safe=_PATH_SAFE)
    known = host in {"github.com", "gitlab.com", "bitbucket.org", "codeberg.org"}
    if scheme in ("http", "https"):
        if not known and path.startswith("scm/"):
            return None  # Bitbucket Server clones from /scm/, its pages live elsewhere
        netloc = host if known or not port else f"{host}:{port}"
        return f"{'https' if known else scheme}://{netloc}/{path}"
    if scheme not in ("ssh", "git", "git+ssh", "ssh+git"):
        return None
    if host in _AZURE_SSH:
        pieces = path.split("/")
        if len(pieces) != 4 or pieces[0] != "v3":
            return None
        organization, project, name = pieces[1:]
        return f"https://dev.azure.com/{organization}/{project}/_git/{name}"
    host = _WEB_HOSTS.get(host, host)
    labels = host.split(".")
    if host in _WEB_HOSTS.values() or any(w in label for label in labels for w in _SSH_FORGES):
        return f"https://{host}/{path}"
    return None


def commit_url(web: str, commit: str) -> str | None:
    """The page of ``commit`` on the forge at ``web`` (a ``web_url`` result)."""
    if not _SHA.fullmatch(commit):
        return None
    forge = _forge(web)
    part = {"gitlab": "/-/commit/", "bitbucket": "/commits/"}.get(forge, "/commit/")
    return f"{web}{part}{commit}"


def file_url(web: str, commit: str, path: str) -> str | None:
    """The page of ``path`` (repository-relative, ``/`` separators) as it is at
    ``commit``, on the forge at ``web``; the path is percent-encoded."""
    if not _SHA.fullmatch(commit) or not path:
        return None
    encoded = quote(path.encode("utf-8", "surrogateescape"), safe="/")
    forge = _forge(web)
    if forge == "azure":
        return f"{web}?path=/{encoded}&version=GC{commit}"
    part = {
        "gitlab": "/-/blob/",
        "bitbucket": "/src/",
        "gitea": "/src/commit/",
    }.get(forge, "/blob/")
    return f"{web}{part}{commit}/{encoded}"


def _forge(web: str) -> str:
    host = urlsplit(web).hostname or ""
    labels = host.split(".")
    if host == "bitbucket.org":
        return "bitbucket"
    if host == "dev.azure.com" or host.endswith(".visualstudio.com"):
        return "azure"
    if any("gitlab" in label for label in labels):
        return "gitlab"
    if host == "codeberg.org" or any(w in label for label in labels for w in ("gitea", "forgejo")):
        return "gitea"
    return "github"


def _split(url: str) -> tuple[str, str, str | None, str] | None:
    """Scheme, lower-case host, port and path of a remote URL; None for a local path."""
    separator = url.find("://")
    if separator > 0 and _SCHEME.fullmatch(url[:separator]):
        try:
            parts = urlsplit(url)
            host, port = parts.hostname, parts.port
        except ValueError:
            return None
        if host is None or parts.query or parts.fragment:
            return None
        scheme, path, port_text = parts.scheme.lower(), parts.path, None
        if port is not None:
            port_text = str(port)
    else:
        scp = _SCP.fullmatch(url)
        if scp is None:
            return None
        scheme, host, path, port_text = "ssh", scp["host"], scp["path"], None
    host = host.lower()
    if not _HOST.fullmatch(host) or ("." not in host and host != "localhost"):
        return None
    if port_text is not None and not _PORT.fullmatch(port_text):
        return None
    return scheme, host, port_text, path


def _attempt(read: Callable[[], _T]) -> _T | None:
    """``read()``, or None when it fails.

    GitPython's parsers raise many kinds of exception on hostile or unusual repositories
    (configuration syntax, encodings, missing objects, reftable, ...); a fact is a nicety
    of the report, so any failure only makes it unknown.
    """
    try:
        return read()
    except Exception:
        return None


def _open(root: Path) -> Repo | None:
    try:
        import git
    except ImportError:  # GitPython refuses to load when it cannot run git
        return None
    try:
        # expand_vars=False: a ``$NAME`` in a directory name is a name, not a variable.
        return git.Repo(root, expand_vars=False)
    except Exception:
        return None


def _head_commit(repo: Repo) -> str | None:
    from git.refs.symbolic import SymbolicReference

    # Reads the refs only: no object is looked up, so no git process is started.
    commit = SymbolicReference.dereference_recursive(repo, "HEAD")
    return commit if _SHA.fullmatch(commit) else None


def _current_branch(repo: Repo) -> str | None:
    head = repo.head
    if head.is_detached:
        return None
    path = head.reference.path
    return path.removeprefix("refs/heads/") if path.startswith("refs/heads/") else None


def _env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def _config(repo: Repo) -> GitConfigParser:
    """The configuration git itself would read: system, global, repository, worktree.

    GitPython's own reader ignores ``GIT_CONFIG_GLOBAL``, ``GIT_CONFIG_SYSTEM`` and
    ``GIT_CONFIG_NOSYSTEM``; git honours them, and an isolated environment relies on them.
    """
    from git.config import GitConfigParser

    files: list[str] = []
    if not _env_flag("GIT_CONFIG_NOSYSTEM"):
        files.append(os.environ.get("GIT_CONFIG_SYSTEM") or "/etc/gitconfig")
    configured_global = os.environ.get("GIT_CONFIG_GLOBAL")
    if configured_global is not None:
        files += [configured_global] if configured_global else []
    else:
        home = os.path.expanduser("~")
        xdg = os.environ.get("XDG_CONFIG_HOME") or os.path.join(home, ".config")
        files += [os.path.join(xdg, "git", "config"), os.path.join(home, ".gitconfig")]
    files.append(os.path.join(repo.common_dir, "config"))
    config = GitConfigParser(files, read_only=True, repo=repo)
    worktree = os.path.join(repo.git_dir, "config.worktree")
    enabled = _values(config, "extensions", "worktreeconfig")
    if enabled and enabled[-1].lower() in {"true", "yes", "on", "1"} and os.path.isfile(worktree):
        config = GitConfigParser([*files, worktree], read_only=True, repo=repo)
    return config


def _values(config: GitConfigParser, section: str, option: str) -> list[str]:
    """Every value of ``option`` in ``section`` (``remote "origin"``), in the order read.

    Section names are case-insensitive in git, subsection names are not; an option
    without ``=`` has no text value and is left out.
    """
    name, _, sub = section.partition(" ")
    found: list[str] = []
    for candidate in config.sections():
        head, _, rest = candidate.partition(" ")
        if head.lower() != name.lower() or rest != sub:
            continue
        for key, values in config.items_all(candidate):
            if key.lower() == option:
                found += [value for value in values if value is not None]
    return found


def _remote_url(config: GitConfigParser, branch: str | None) -> str | None:
    """The URL of the current branch's upstream remote, else ``origin``, else the only
    remote; without user name or password."""
    urls: dict[str, str] = {}
    for section in config.sections():
        head, _, rest = section.partition(" ")
        if head.lower() != "remote" or len(rest) < 2 or rest[0] != '"' or rest[-1] != '"':
            continue
        values = _values(config, section, "url")
        if values:
            urls.setdefault(rest[1:-1], values[0])
    upstream = _values(config, f'branch "{branch}"', "remote") if branch else []
    for name in (*upstream[-1:], "origin"):
        if name in urls:
            return strip_userinfo(urls[name])
    if len(urls) == 1:
        return strip_userinfo(next(iter(urls.values())))
    return None
