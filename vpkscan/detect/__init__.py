"""Finding key-shaped strings in bytes, and telling real keys from placeholders."""
