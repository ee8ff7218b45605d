#!/bin/bash
set -e
export VIBEPEAK_API_KEY="{{VPK_LIVE:android-kokoro}}"
./gradlew assembleDebug
