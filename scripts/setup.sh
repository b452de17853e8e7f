#!/usr/bin/env bash
# Set up everything butie needs on a fresh Debian machine: system packages (when root and
# missing), a virtual environment with the project and its test tools, and the front-end
# assets from npm, copied into web/static/vendor so the service never reaches a CDN.
set -euo pipefail
cd "$(dirname "$0")/.."

# PostgreSQL for the second test database; Chromium for browser tests; Pango, HarfBuzz's
# subsetter (WeasyPrint falls back to a ~10x slower Python subsetter without it) and Noto CJK
# (covers rare name characters such as 䶮) for PDF notices; poppler-utils to inspect PDFs.
need=()
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || need+=(postgresql)
for pkg in chromium libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk \
           poppler-utils; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || need+=("$pkg")
done
# Node may come from elsewhere than Debian: install Debian's only when npm is missing.
command -v npm >/dev/null || need+=(nodejs npm)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "note: ${need[*]} not installed; the tests that need them will be skipped" >&2
  fi
fi

PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/pip install -q --upgrade pip >/dev/null
.venv/bin/pip install -q -e '.[test]'

npm install --no-audit --no-fund --silent >/dev/null
mkdir -p web/static/vendor
cp node_modules/htmx.org/dist/htmx.min.js web/static/vendor/
# The process modeler and viewer (bpmn-js) and the decision table editor (dmn-js): their
# prebuilt bundles, style sheets and icon fonts, for the administrator's pages and claim pages.
for pkg in bpmn-js dmn-js; do
  rm -rf "web/static/vendor/$pkg"
  mkdir -p "web/static/vendor/$pkg"
  cp node_modules/$pkg/dist/*.production.min.js "web/static/vendor/$pkg/"
  cp -r node_modules/$pkg/dist/assets "web/static/vendor/$pkg/"
done
# Chart.js's UMD build: one file, no inline styles (the dashboard's CSP allows none).
cp node_modules/chart.js/dist/chart.umd.min.js web/static/vendor/
.venv/bin/pybabel compile -d web/translations >/dev/null
