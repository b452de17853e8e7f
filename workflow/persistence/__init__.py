"""SQLAlchemy models and query functions. Nothing here commits: callers own transactions."""
