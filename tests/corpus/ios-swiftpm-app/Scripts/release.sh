#!/usr/bin/env bash
# Generates the Xcode project, archives Release and notifies the render backend.
set -euo pipefail
xcodegen generate
xcodebuild -scheme Lumen -configuration Release -archivePath build/Lumen.xcarchive archive
curl -fsS -X POST https://api.vibepeak.ai/v1/webhooks/test \
  -H "Authorization: Bearer {{VPK_LIVE:iosspm-script}}" \
  -d '{"event":"app.release"}'
