"""Types shared by the classifier's rule families."""

from __future__ import annotations

#: Sentences a reviewer can check, e.g. "`web/package.json` depends on react".
Evidence = tuple[str, ...]
