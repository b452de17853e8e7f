#!/usr/bin/env bash
# Set up, create a SQLite database with demo users and claims, and serve on 127.0.0.1:5000.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/butie demo
exec .venv/bin/butie serve --host "${HOST:-127.0.0.1}" --port "${PORT:-5000}"
