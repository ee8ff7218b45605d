"""The opt-in check of found keys against the VibePeak API (SPEC §7).

Nothing here runs unless verification is asked for (``--verify`` or ``verify = true``);
the HTTP client (``vpkscan.verify.client``) is imported only when a key is checked.
``verify_findings`` is the entry point for any command holding findings.
"""

from vpkscan.verify.attach import active_first, verify_findings, verify_result

__all__ = ["active_first", "verify_findings", "verify_result"]
