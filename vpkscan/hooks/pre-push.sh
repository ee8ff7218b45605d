#!/bin/sh
# vpkscan-managed-hook: pre-push
# Installed by `vpkscan install-hook --pre-push`; `vpkscan uninstall-hook` removes it.
# Blocks a push whose commits add a VibePeak key.
# Skip it once with SKIP=vpkscan-push, or git push --no-verify.
# POSIX sh only: Git for Windows runs hooks with its own sh, whatever the file's mode.
VPKSCAN_PYTHON=@PYTHON@
# A hook that was here before (`install-hook --force` keeps it as pre-push.vpkscan-saved)
# runs after vpkscan passes, with the same arguments and the same lines on its input.
saved="$0.vpkscan-saved"
vpkscan_hook() {
    if [ -f "$VPKSCAN_PYTHON" ]; then
        "$VPKSCAN_PYTHON" -P -c 'from vpkscan.cli import main; main()' hook --push "$@"
        return
    fi
    if command -v vpkscan >/dev/null 2>&1; then
        vpkscan hook --push "$@"
        return
    fi
    for candidate in python3 python py; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -P -c 'import vpkscan' >/dev/null 2>&1; then
            "$candidate" -P -m vpkscan hook --push "$@"
            return
        fi
    done
    echo "vpkscan: not found (the hook was installed with $VPKSCAN_PYTHON);" \
        "reinstall vpkscan, or remove the hook with: vpkscan uninstall-hook" >&2
    return 1
}
if [ -f "$saved" ]; then
    lines=$(cat)
    printf '%s\n' "$lines" | vpkscan_hook "$@" || exit $?
    printf '%s\n' "$lines" | "$saved" "$@"
    exit $?
fi
# -P: a vpkscan folder in the repository must not shadow the installed package; -c rather
# than -m vpkscan spares the start-up of runpy on every commit.
if [ -f "$VPKSCAN_PYTHON" ]; then
    exec "$VPKSCAN_PYTHON" -P -c 'from vpkscan.cli import main; main()' hook --push "$@"
fi
# The interpreter it was installed with is gone: the vpkscan command, or a Python that
# has vpkscan (py is the Windows launcher).
if command -v vpkscan >/dev/null 2>&1; then
    exec vpkscan hook --push "$@"
fi
for candidate in python3 python py; do
    if command -v "$candidate" >/dev/null 2>&1 &&
        "$candidate" -P -c 'import vpkscan' >/dev/null 2>&1; then
        exec "$candidate" -P -m vpkscan hook --push "$@"
    fi
done
echo "vpkscan: not found (the hook was installed with $VPKSCAN_PYTHON);" \
    "reinstall vpkscan, or remove the hook with: vpkscan uninstall-hook" >&2
exit 1
