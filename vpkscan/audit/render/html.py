"""The audit as one self-contained HTML page: styles and the filter script inline, no
external resource of any kind, readable on a laptop and printable.

Jinja2 renders it with autoescaping on, so that names from hostile repositories are
text, never markup; a Content-Security-Policy that allows only the page's own style and
script (by their hashes) stops anything that escaping would have missed.
"""

from __future__ import annotations

import base64
import hashlib
from importlib import resources
from typing import Any

from vpkscan import __version__
from vpkscan.audit.figures import figures
from vpkscan.audit.model import Audit
from vpkscan.audit.render import headline
from vpkscan.model import Severity
from vpkscan.paths import printable

_TEMPLATES = "vpkscan.audit.templates"


def _asset(name: str) -> str:
    return resources.files(_TEMPLATES).joinpath(name).read_text(encoding="utf-8")


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def csp(style: str, script: str) -> str:
    """The page's Content-Security-Policy: nothing loads, only its own style and script
    run."""
    return (
        f"default-src 'none'; style-src {_hash(style)}; script-src {_hash(script)}; "
        "img-src 'none'; base-uri 'none'; form-action 'none'"
    )


def _clean(value: Any) -> Any:
    """Strings for the template with control characters escaped (autoescaping handles
    the markup; this keeps what a terminal or a printer would act on out of the page).
    Markup (the page's own style and script, JSON for attributes) is left as it is."""
    from markupsafe import Markup

    if isinstance(value, str) and not isinstance(value, Markup):
        return printable(value)
    return value


def render(audit: Audit) -> str:
    import jinja2
    from markupsafe import Markup

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("vpkscan.audit", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.finalize = _clean
    environment.filters["printable"] = printable
    # Line breaks of the page's own text (a command of several lines) are kept.
    environment.globals["newline"] = Markup("\n")
    style, script = _asset("report.css"), _asset("report.js")
    template = environment.get_template("report.html.j2")
    counts = figures(audit)
    return template.render(
        csp=csp(style, script),
        # The page's own files: trusted, and hashed as they are written.
        style=Markup(style),
        script=Markup(script),
        generated_at=audit.generated_at,
        version=__version__,
        figures=counts,
        scans={r.name: r for r in audit.repositories},
        errors=[(r.name, e) for r in audit.repositories for e in r.errors],
        incidents=audit.incidents,
        severities=[s.value for s in reversed(Severity)],
        rules=sorted({rule for i in audit.incidents for rule in i.rules}),
        headline=headline,
    )
