"""Where a key sits: the project signals that decide which best practice it breaks."""
