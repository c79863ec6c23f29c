"""changes feature: the one governed write path, proposals waiting for review, and their decisions."""
