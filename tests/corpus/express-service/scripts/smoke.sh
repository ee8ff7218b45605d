#!/bin/sh
# Quick check that the deployed key still authenticates.
set -eu
curl -fsS https://api.vibepeak.ai/v1/tasks/does-not-exist \
  -H "Authorization: Bearer {{VPK_LIVE:ex-smoke}}" -o /dev/null -w '%{http_code}\n'
