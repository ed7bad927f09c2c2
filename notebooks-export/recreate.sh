#!/usr/bin/env bash
# Recreates, from scratch, the reference results the notebooks read and the notebooks'
# executed copies, HTML exports and figures. About two minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/install-deps
swift build -c release
ambsim=.build/release/ambsim
# Outage scenarios against their baselines (writes both run folders and comparison.csv).
$ambsim Scenarios/swasft-ortivus-outage-2023.yaml -q
$ambsim Scenarios/scas-ortivus-outage-2023.yaml -q
# The other disruption kinds, each against the South Western baseline.
for kind in cad-failure 111-outage hospital-divert fleet-loss; do $ambsim Scenarios/swasft-$kind.yaml -q; done
# The 111 outage carried on to its full, phased restoration (90 days), against the baseline.
$ambsim compare Scenarios/swasft-summer-2023-baseline.yaml Scenarios/swasft-111-outage.yaml --set horizon=90d -q \
  --out Results/swasft-111-outage-to-october/comparison.csv > /dev/null
$ambsim run Scenarios/swasft-winter-baseline.yaml -q
$ambsim run Scenarios/tiny.yaml -q
$ambsim run Scenarios/mmc-check.yaml -q
# Every handover of one replication, for the handover distribution.
$ambsim run Scenarios/swasft-ortivus-outage-2023.yaml --trace -q --out Results/swasft-ortivus-outage-2023-traced
(cd Results/swasft-ortivus-outage-2023-traced && rm -f calls.csv replications.csv summary.csv timeseries.csv standards.csv hospitals.csv zones.csv daily.csv breakdown_replications.csv)
# The outage carried on past the summer, so that the backlog is seen cleared.
$ambsim run Scenarios/swasft-ortivus-outage-2023.yaml --set horizon=70d -q --out Results/swasft-ortivus-outage-2023-to-september
# Sensitivity: outage length, paper handover adjustment, and every uncertain input alone.
$ambsim sweep Scenarios/swasft-ortivus-outage-2023.yaml --vary 'disruption[1].after=4d,8d,11d,14d,21d' -q \
  --out Results/swasft-ortivus-outage-2023-sweep-length
$ambsim sweep Scenarios/swasft-ortivus-outage-2023.yaml --vary 'record_modes.paper.handover_extra_minutes=-2,0,2,5,8,12' -q \
  --out Results/swasft-ortivus-outage-2023-sweep-handover
$ambsim sweep Scenarios/swasft-ortivus-outage-2023.yaml --one-at-a-time -q --out Results/swasft-ortivus-outage-2023-tornado
# The shipped baselines against NHS England's published months (exit 1 = some indicator
# outside tolerance, which is what the backtest is for; the per-month hourly series are not kept).
for pair in swasft-summer-2023-baseline:RYF scas-summer-2023-baseline:RYE; do
  $ambsim backtest Scenarios/${pair%%:*}.yaml --ambsys Scenarios/observed/ambsys-extract.csv --org ${pair##*:} \
    --month 2023-04,2023-05,2023-06 -q > /dev/null || [ $? -eq 1 ]
  rm -f Results/${pair%%:*}-backtest-${pair##*:}/timeseries-*.csv
done
# The baselines (issue 20) with each month's demand and hospitals driven by the record, over
# every month of the panel they may use; the rest is predicted.
for pair in swasft-summer-2023-baseline:RYF scas-summer-2023-baseline:RYE; do
  $ambsim backtest Scenarios/${pair%%:*}.yaml --ambsys Scenarios/observed/ambsys-panel-2022-2024.csv --org ${pair##*:} \
    --month 2023-04..2023-06,2023-10..2024-12 --drive demand,handover -r 8 -q \
    --out Results/${pair%%:*}-driven-${pair##*:} > /dev/null || [ $? -eq 1 ]
  rm -f Results/${pair%%:*}-driven-${pair##*:}/timeseries-*.csv Results/${pair%%:*}-driven-${pair##*:}/replications-*.csv
done
# What the record alone says (issue 21): a planted event on North East, against its synthetic control.
$ambsim evidence --ambsys Scenarios/observed/ambsys-panel-2022-2024.csv --org RX6 --event 2024-03-01 \
  --pre 2022-12..2024-02 --also-hit RYF,RYE --plant 0.15:2 --out Results/evidence-RX6-planted -q > /dev/null
# What the record allows (issue 21): the South Western baseline's visitor call rate and fleet, history-matched on May-June 2023.
$ambsim reconcile Scenarios/swasft-summer-2023-baseline.yaml --ambsys Scenarios/observed/ambsys-panel-2022-2024.csv \
  --org RYF --month 2023-05,2023-06 --indicators calls_count,c2_response_mean_min,c2_response_p90_min \
  --set 'fleet_scale={uncertain: {uniform: {min: 0.75, max: 0.95}}}' -r 4 --points 24 --waves 2 -q \
  --out Results/swasft-summer-2023-baseline-reconcile-RYF > /dev/null
bash notebooks-export/run-notebooks.sh --in-place
