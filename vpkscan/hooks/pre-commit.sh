#!/bin/sh
# vpkscan-managed-hook: pre-commit
# Installed by `vpkscan install-hook`; `vpkscan uninstall-hook` removes it.
# Blocks a commit whose staged changes hold a VibePeak key.
# Skip it once with SKIP=vpkscan, or git commit --no-verify.
# POSIX sh only: Git for Windows runs hooks with its own sh, whatever the file's mode.
VPKSCAN_PYTHON=@PYTHON@
# A hook that was here before (`install-hook --force` keeps it as pre-commit.vpkscan-saved)
# runs after vpkscan passes, with the same arguments.
saved="$0.vpkscan-saved"
vpkscan_hook() {
    if [ -f "$VPKSCAN_PYTHON" ]; then
        "$VPKSCAN_PYTHON" -P -c 'from vpkscan.cli import main; main()' hook
        return
    fi
    if command -v vpkscan >/dev/null 2>&1; then
        vpkscan hook
        return
    fi
    for candidate in python3 python py; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -P -c 'import vpkscan' >/dev/null 2>&1; then
            "$candidate" -P -m vpkscan hook
            return
        fi
    done
    echo "vpkscan: not found (the hook was installed with $VPKSCAN_PYTHON);" \
        "reinstall vpkscan, or remove the hook with: vpkscan uninstall-hook" >&2
    return 1
}
if [ -f "$saved" ]; then
    vpkscan_hook || exit $?
    exec "$saved" "$@"
fi
# -P: a vpkscan folder in the repository must not shadow the installed package; -c rather
# than -m vpkscan spares the start-up of runpy on every commit.
if [ -f "$VPKSCAN_PYTHON" ]; then
    exec "$VPKSCAN_PYTHON" -P -c 'from vpkscan.cli import main; main()' hook
fi
# The interpreter it was installed with is gone: the vpkscan command, or a Python that
# has vpkscan (py is the Windows launcher).
if command -v vpkscan >/dev/null 2>&1; then
    exec vpkscan hook
fi
for candidate in python3 python py; do
    if command -v "$candidate" >/dev/null 2>&1 &&
        "$candidate" -P -c 'import vpkscan' >/dev/null 2>&1; then
        exec "$candidate" -P -m vpkscan hook
    fi
done
echo "vpkscan: not found (the hook was installed with $VPKSCAN_PYTHON);" \
    "reinstall vpkscan, or remove the hook with: vpkscan uninstall-hook" >&2
exit 1
