#!/usr/bin/env bash
# Builds a preview bundle pointed at the sandbox.
set -euo pipefail
export VITE_API_BASE=https://sandbox.vibepeak.ai/v1
export VITE_VIBEPEAK_KEY={{VPK_TEST:vite-shell}}
npm run build -- --mode preview
