"""The governed write path: change requests, channels and merging concurrent edits."""
