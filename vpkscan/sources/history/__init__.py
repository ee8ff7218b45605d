"""Git history and commit ranges as a source: every blob read once, every finding traced
to its commit.

``scan`` orchestrates: ``vpkscan.git.log`` lists what each commit introduces,
``vpkscan.read.blobs`` scans every distinct blob once, ``collect`` and ``attribute`` turn
the blobs with keys into findings per introducing commit (located and classified by the
same functions as every other mode), ``present`` tells which keys the end tree still
holds (VPK006), ``exposure`` says whether each commit was pushed.
"""
