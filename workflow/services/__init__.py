"""Use cases: module-level functions, dependencies passed in, never committing."""
