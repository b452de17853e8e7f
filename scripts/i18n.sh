#!/usr/bin/env bash
# Keep the catalogues in step with the code: extract every marked string (in the domain: the
# templates of policy reasons, workflow.domain.phrases), merge it into the
# zh and en catalogues (new strings arrive untranslated; tests/unit/test_i18n.py fails until
# both have a translation: scripts/fill_catalogue.py zh strings.json), then compile.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k N_ -k because:3 -k phrase -k said \
  -k reason_text --no-location --sort-output \
  --project butie -o web/translations/messages.pot . >/dev/null
.venv/bin/pybabel update -i web/translations/messages.pot -d web/translations --no-fuzzy-matching \
  --ignore-obsolete -w 100
.venv/bin/pybabel compile -d web/translations
