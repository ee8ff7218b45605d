"""The only package that runs git: processes, the repository, the index, objects, refs, the log."""
