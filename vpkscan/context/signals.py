"""Tables of path signals, as data: what marks an env file, and so on."""

from __future__ import annotations

#: Exact file names of dotenv-style files.
ENV_FILE_NAMES = frozenset({".env", ".envrc", ".flaskenv"})
#: ``.env.local``, ``.env.production``, …
ENV_FILE_PREFIX = ".env."
#: ``prod.env``, ``docker.env``, …
ENV_FILE_SUFFIX = ".env"
