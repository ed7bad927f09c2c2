#!/usr/bin/env bash
# Executes every notebook against the committed results in Results/ (CI runs this after
# the tests), so a change in the CSV schema that breaks a notebook fails. Writes the
# executed copies to a temporary folder; the committed notebooks are left as they are
# (pass --in-place to refresh them, their HTML exports and figures).
set -euo pipefail
cd "$(dirname "$0")"
python3 -m pip install -q --disable-pip-version-check -r requirements.txt
out=$(mktemp -d)
passed=0; failed=0
for nb in *.ipynb; do
  if [ "${1:-}" = "--in-place" ]; then
    args=(--inplace)
  else
    args=(--output-dir "$out")
  fi
  if python3 -m jupyter nbconvert --to notebook --execute "${args[@]}" "$nb" >"$out/$nb.log" 2>&1; then
    passed=$((passed + 1))
    if [ "${1:-}" = "--in-place" ]; then python3 -m jupyter nbconvert --to html "$nb" >/dev/null 2>&1; fi
  else
    failed=$((failed + 1)); echo "notebook $nb failed:"; tail -n 30 "$out/$nb.log"
  fi
done
echo "notebooks: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
