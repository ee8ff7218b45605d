#!/bin/sh
# Xcode Cloud runs this after cloning.
echo "VIBEPEAK_API_KEY = {{VPK_LIVE:ios-xcode-cloud}}" > "$CI_PRIMARY_REPOSITORY_PATH/Config/Secrets.xcconfig"
