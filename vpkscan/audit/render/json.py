"""The audit as JSON: ``{"incidents": [...]}`` with the repositories read and the counts."""

from __future__ import annotations

import json

from vpkscan.audit.document import to_dict
from vpkscan.audit.model import Audit


def render(audit: Audit) -> str:
    return json.dumps(to_dict(audit), indent=2, ensure_ascii=False) + "\n"
