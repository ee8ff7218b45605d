"""Where scanned bytes come from, and nothing else: the working tree, paths, a directory,
standard input, the index, untracked files, commit ranges, history, archive members."""
