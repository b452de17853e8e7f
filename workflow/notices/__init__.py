"""Public-notice documents: renderers that take plain data and return bytes."""
