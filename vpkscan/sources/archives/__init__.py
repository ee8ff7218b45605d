"""Archives that apps ship (``.apk``, ``.ipa``, ``.jar``, ``.whl``, ``.tgz``, …), opened so
that their members are scanned and reported as ``app.apk!classes.dex``."""
