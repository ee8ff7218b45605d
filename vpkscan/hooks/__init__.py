"""The git hooks: what they scan (``scan``), and the native hook scripts with their
installer (``install``) for repositories that do not use the pre-commit framework."""
