#!/bin/sh
# vpkscan-managed-hook: pre-push
# Installed by `vpkscan install-hook --pre-push`; `vpkscan uninstall-hook` removes it.
# Blocks a push whose commits add a VibePeak key.
# Skip it once with SKIP=vpkscan-push, or git push --no-verify.
VPKSCAN_PYTHON=@PYTHON@
# -P: a vpkscan folder in the repository must not shadow the installed package; -c rather
# than -m vpkscan spares the start-up of runpy on every commit.
if [ -x "$VPKSCAN_PYTHON" ]; then
    exec "$VPKSCAN_PYTHON" -P -c 'from vpkscan.cli import main; main()' hook --push "$@"
fi
if command -v vpkscan >/dev/null 2>&1; then
    exec vpkscan hook --push "$@"
fi
echo "vpkscan: not found (the hook was installed with $VPKSCAN_PYTHON);" \
    "reinstall vpkscan, or remove the hook with: vpkscan uninstall-hook" >&2
exit 1
