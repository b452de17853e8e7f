"""Pure business rules: standard library and small validation libraries only."""
