#!/usr/bin/env bash
# Re-extract the texts, merge them into the English catalogue and compile it.
# New texts come out with an empty msgstr: translate them in en/LC_MESSAGES/messages.po
# and run this again (tests/test_i18n.py fails while any is missing).
set -euo pipefail
cd "$(dirname "$0")/.."
py=.venv/bin
"$py/pybabel" extract -F babel.cfg -k _l -k lazy_gettext -k 'lazy_pgettext:1c,2' -k '_lp:1c,2' \
  --no-location --sort-output -o translations/messages.pot --ignore-dirs=".venv migrations tests" . >/dev/null 2>&1
"$py/pybabel" update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete -w 100 >/dev/null
"$py/pybabel" compile -d translations --statistics
