"""Where scanned bytes come from: the working tree, a directory, stdin, the index, history."""
