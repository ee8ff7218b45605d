"""Git history and commit ranges: every blob read once, every finding traced to its commit.

``engine`` orchestrates: ``walk`` lists what each commit introduces, ``read`` scans every
distinct blob once (``memo`` skips what a blob shares with its clean delta base),
``attribute`` turns the blobs with keys into findings per introducing commit,
``exposure`` says whether each commit was pushed. Git is reached through ``gitio`` only.
"""
