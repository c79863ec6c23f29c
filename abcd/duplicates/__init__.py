"""Possible duplicate assets: finding them, remembering "not a duplicate", merging and unmerging."""
