#!/usr/bin/env bash
# Set up (see setup.sh) and run every check: lint, import contracts, types (mypy on
# workflow/ and web/), the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check workflow web tests benchmarks
.venv/bin/lint-imports
.venv/bin/mypy
.venv/bin/python -m pytest -p no:cacheprovider "$@"
