"""history feature: a record's changes told for people, comparing two versions and restoring one."""
