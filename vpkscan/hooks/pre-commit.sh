#!/bin/sh
# vpkscan-managed-hook: pre-commit
# Installed by `vpkscan install-hook`; `vpkscan uninstall-hook` removes it.
# Blocks a commit whose staged changes hold a VibePeak key.
# Skip it once with SKIP=vpkscan, or git commit --no-verify.
VPKSCAN_PYTHON=@PYTHON@
# -P: a vpkscan folder in the repository must not shadow the installed package; -c rather
# than -m vpkscan spares the start-up of runpy on every commit.
if [ -x "$VPKSCAN_PYTHON" ]; then
    exec "$VPKSCAN_PYTHON" -P -c 'from vpkscan.cli import main; main()' hook
fi
if command -v vpkscan >/dev/null 2>&1; then
    exec vpkscan hook
fi
echo "vpkscan: not found (the hook was installed with $VPKSCAN_PYTHON);" \
    "reinstall vpkscan, or remove the hook with: vpkscan uninstall-hook" >&2
exit 1
