"""Where built output came from: source map ``sourcesContent`` and VLQ ``mappings``."""
