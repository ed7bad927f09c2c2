#!/usr/bin/env bash
# Writes, calibrates and backtests a baseline for every trust in the AmbSYS panel:
#   Scenarios/england/<org>-init.yaml   what `ambsim init` wrote from the record (January-June 2024)
#   Scenarios/england/<org>.yaml        the trust's baseline: the init file with the values calibrate fitted
#   Results/england/<org>-calibrate/    calibrate's folder (every candidate, the backtest at the fit)
#   Results/england/<org>-backtest/     the backtest of the baseline over January-June 2024
# Usage, from the repository root after a release build: bash Scenarios/england/make-baselines.sh [ORG ...]
set -euo pipefail
ambsim=${AMBSIM:-.build/release/ambsim}
panel=Scenarios/observed/ambsys-panel-2022-2024.csv
months=2024-01..2024-06
orgs=("$@")
[ ${#orgs[@]} -gt 0 ] || orgs=(R1F RRU RX6 RX7 RX8 RX9 RYA RYC RYD RYE RYF)
for org in "${orgs[@]}"; do
  o=$(echo "$org" | tr 'A-Z' 'a-z')
  "$ambsim" init --org "$org" --ambsys "$panel" --months "$months" --out "Scenarios/england/$o-init.yaml" --name "$o-baseline" \
    | tee "Results/england/$o-init.txt"
  # Replications per candidate and month: more for a small trust, whose months are noisier
  # (about 8,000 incidents a day's worth, 4 to 24).
  perday=$(awk -F, -v o="$org" '$3==o && $1==2024 && $2<=6 {s+=$4; d+=($2==2?29:($2==4||$2==6?30:31))} END {printf "%d", s/d}' "$panel")
  reps=$(( 8000 / perday )); [ "$reps" -lt 4 ] && reps=4; [ "$reps" -gt 24 ] && reps=24
  # The calibration init proposes (its "next:" line), run with those replications and at
  # most 250 candidates (restarts included; five values to fit).
  next=$(sed -n 's/^next: ambsim calibrate //p' "Results/england/$o-init.txt")
  eval "\"\$ambsim\" calibrate $next -r $reps --budget $((250 * reps * 6)) -q --out Results/england/$o-calibrate" >/dev/null
  # The baseline: the fitted values over the init file, named for the trust.
  { echo "# $org baseline: Scenarios/england/$o-init.yaml with the values ambsim calibrate fitted on AmbSYS $org $months"
    echo "# (Results/england/$o-calibrate: every candidate and the backtest at the fit). Made by Scenarios/england/make-baselines.sh."
    echo "extends: $o-init.yaml"
    echo "name: $o-baseline"
    sed -n '/^fleet_scale:/,$p' "Results/england/$o-calibrate/calibrated.yaml"; } > "Scenarios/england/$o.yaml"
  "$ambsim" backtest "Scenarios/england/$o.yaml" --ambsys "$panel" --org "$org" --month "$months" -r 12 -q \
    --out "Results/england/$o-backtest" > "Results/england/$o-backtest.txt" || true
  # The hourly series (0.8 MB a month) are left out of the repository; rerun the backtest for them.
  rm -f "Results/england/$o-backtest"/timeseries-*.csv
  echo "$org: $(tail -1 "Results/england/$o-backtest.txt")"
done
