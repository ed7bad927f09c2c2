#!/usr/bin/env python3
"""An independent oracle for `ambsim evidence` (issue 21): the same synthetic control fitted
by pysyncon (PyPI; Fordham's implementation of Abadie, Diamond and Hainmueller 2010), on the
shipped AmbSYS panel and on the California Proposition 99 cigarette-sales data.

Checks, each printed with its figures:
1. The panel: for three trusts and three indicators (event March 2024, pre-period December
   2022 to February 2024, South Western and South Central left out as their July-September
   2023 rows are held out), ambsim's weights (de-meaned log values) against pysyncon's fit of
   the same problem; ambsim's loss is no worse than pysyncon's, weights within 0.02, and the
   counterfactual of every post month within 0.5%.
2. Proposition 99 (California from 1989; 38 donor states, 1970-1988 pre-period), in
   Abadie et al.'s form (levels, no intercept) and in ambsim's default (de-meaned logs):
   ambsim against pysyncon as in 1.
3. Proposition 99 against the published weights (Abadie et al. 2010, Table 2: Colorado
   0.164, Connecticut 0.069, Montana 0.199, Nevada 0.234, Utah 0.334). The published fit
   matches predictors (income, beer, age, price and three years of sales) with a fitted V;
   ambsim matches every pre-period year of sales, so the weights are compared as a set:
   the five published states carry at least 85% of ambsim's weight, and each has some.

The Proposition 99 data (per-capita cigarette sales in packs, 39 states, 1970-2000; Abadie
et al.'s data from Orzechowski and Walker's Tax Burden on Tobacco) is read from the file
that the causalpy package ships on PyPI (california_prop99.csv), downloaded at run time.

Usage: python3 .ci/synth-oracle.py [path to ambsim]   (default .build/debug/ambsim)
"""
import csv
import glob
import os
import subprocess
import sys
import tempfile
import zipfile

import numpy as np
import pandas as pd
from pysyncon import Synth

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
AMBSIM = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/ambsim")
PANEL = os.path.join(ROOT, "Scenarios/observed/ambsys-panel-2022-2024.csv")
PUBLISHED = {"Colorado": 0.164, "Connecticut": 0.069, "Montana": 0.199, "Nevada": 0.234, "Utah": 0.334}
failures = []


def check(ok, text):
    print(("ok    " if ok else "FAIL  ") + text)
    if not ok:
        failures.append(text)


def ambsim_weights(ambsys, org, event, pre, until, kpi, extra, work):
    out = os.path.join(work, f"ev-{org}-{kpi}-{len(os.listdir(work))}")
    args = [AMBSIM, "evidence", "--ambsys", ambsys, "--org", org, "--event", event, "--pre", pre, "--until", until,
            "--indicators", kpi, "--out", out, "-q"] + extra
    run = subprocess.run(args, capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit(f"ambsim evidence failed ({run.returncode}): {run.stderr}")
    with open(os.path.join(out, "weights.csv"), newline="") as f:
        weights = {r["donor"]: float(r["weight"]) for r in csv.DictReader(f)}
    with open(os.path.join(out, "evidence.csv"), newline="") as f:
        counterfactual = [float(r["counterfactual"]) for r in csv.DictReader(f)]
    return weights, counterfactual


def pysyncon_fit(treated, donors, pre, logs, intercept):
    """pysyncon's weights for matching every pre-period value, unweighted (V the identity),
    by its own quadratic programme (`Synth.w_optimize`, scipy's SLSQP) with the tolerance
    tightened: at its default (ftol 1e-6, absolute) it stops short on objectives as small
    as a good fit's (a loss of 3e-4 in log units)."""
    y = np.log(treated) if logs else treated.copy()
    x = np.log(donors) if logs else donors.copy()
    shift_y, shift_x = (y[:pre].mean(), x[:pre].mean(axis=0)) if intercept else (0.0, np.zeros(x.shape[1]))
    w, _ = Synth.w_optimize(V_mat=np.identity(pre), X0=x[:pre] - shift_x, X1=y[:pre] - shift_y,
                            qp_options={"maxiter": 10000, "ftol": 1e-15})
    w = np.asarray(w, dtype=float)
    synthetic = shift_y + (x - shift_x) @ w
    return w, (np.exp(synthetic) if logs else synthetic)


def loss(treated, donors, w, pre, logs, intercept):
    y = np.log(treated[:pre]) if logs else treated[:pre]
    x = np.log(donors[:pre]) if logs else donors[:pre]
    if intercept:
        y, x = y - y.mean(), x - x.mean(axis=0)
    r = y - x @ w
    return float(r @ r)


def compare(label, treated, donors, names, pre, logs, intercept, ours, our_cf, unit=1.0):
    """`unit`: the published unit per ambsim's (60 for times: seconds per minute)."""
    theirs, their_cf = pysyncon_fit(treated, donors, pre, logs, intercept)
    their_cf = their_cf / unit
    mine = np.array([ours.get(n, 0.0) for n in names])
    gap = float(np.max(np.abs(mine - theirs)))
    l_ours, l_theirs = loss(treated, donors, mine, pre, logs, intercept), loss(treated, donors, theirs, pre, logs, intercept)
    cf_gap = float(np.max(np.abs(np.array(our_cf) / their_cf[pre:pre + len(our_cf)] - 1)))
    check(l_ours <= l_theirs * (1 + 1e-6) + 1e-12, f"{label}: ambsim's loss {l_ours:.6g} no worse than pysyncon's {l_theirs:.6g}")
    check(gap <= 0.02, f"{label}: weights within 0.02 of pysyncon's (largest difference {gap:.4f})")
    check(cf_gap <= 0.005, f"{label}: counterfactuals within 0.5% of pysyncon's (largest {cf_gap * 100:.3f}%)")
    return mine


def panel_checks(work):
    df = pd.read_csv(PANEL, na_values=["."])
    df["month"] = df["Year"].astype(str) + "-" + df["Month"].astype(int).map("{:02d}".format)
    months = [m for m in sorted(df["month"].unique()) if "2022-12" <= m <= "2024-06"]
    pre = sum(1 for m in months if m < "2024-03")
    donors_all = ["RRU", "RX6", "RX7", "RX8", "RX9", "RYA", "RYC", "RYD"]
    # the indicators' published codes: C2 mean (A31, seconds), incidents (A7), C1 mean (A25)
    for org in ["RX6", "RYC", "RX8"]:
        for kpi, code, unit in [("c2_response_mean_min", "A31", 60.0), ("calls_count", "A7", 1.0), ("c1_response_mean_min", "A25", 60.0)]:
            donors = [d for d in donors_all if d != org]
            table = df[df["month"].isin(months)].pivot(index="month", columns="Org Code", values=code).loc[months]
            ours, cf = ambsim_weights(PANEL, org, "2024-03", "2022-12..2024-02", "2024-06", kpi, ["--also-hit", "RYF,RYE"], work)
            compare(f"panel {org} {kpi}", table[org].to_numpy(float), table[donors].to_numpy(float), donors, pre, True, True, ours, cf, unit)


def prop99_checks(work):
    subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--disable-pip-version-check", "causalpy==0.9.0", "-d", work],
                   check=True)
    wheel = glob.glob(os.path.join(work, "causalpy-0.9.0-*.whl"))[0]
    with zipfile.ZipFile(wheel) as z, z.open("causalpy/data/california_prop99.csv") as f:
        data = pd.read_csv(f)
    years = data["Year"].to_list()
    states = [c for c in data.columns if c != "Year"]
    check(len(states) == 39 and years[0] == 1970 and years[-1] == 2000, f"Proposition 99 data: {len(states)} states, {years[0]}-{years[-1]}")
    # As an AmbSYS file: one row per state (its name, spaces dropped, as Org Code) and year
    # (1970 as January 2000, 1971 as February 2000, ...), sales as a mean time (A31).
    code = {s: s.replace(" ", "") for s in states}
    path = os.path.join(work, "prop99-as-ambsys.csv")
    with open(path, "w") as f:
        f.write("Year,Month,Org Code,A31\n")
        for i, year in enumerate(years):
            for s in states:
                f.write(f"{2000 + i // 12},{i % 12 + 1},{code[s]},{float(data.loc[i, s])!r}\n")
    pre = years.index(1989)  # 19 pre-period years, 1970-1988
    donors = [s for s in states if s != "California"]
    treated, x = data["California"].to_numpy(float), data[donors].to_numpy(float)
    donor_codes = ",".join(code[s] for s in donors)
    found = {}
    for label, logs, intercept, extra in [("Proposition 99, levels without intercept (Abadie et al.'s form)", False, False, ["--levels", "--no-intercept"]),
                                          ("Proposition 99, de-meaned logs (ambsim's default)", True, True, [])]:
        ours, cf = ambsim_weights(path, "California", "2001-08", "2000-01..2001-07", "2002-07", "c2_response_mean_min",
                                  ["--donors", donor_codes] + extra, work)
        ours = {s: ours[code[s]] for s in donors}
        found[label] = compare(label, treated, x, donors, pre, logs, intercept, ours, cf, 60.0)
    classic = dict(zip(donors, found["Proposition 99, levels without intercept (Abadie et al.'s form)"]))
    print("state         ambsim  published (Abadie et al. 2010, Table 2)")
    for s in sorted(set(PUBLISHED) | {s for s, w in classic.items() if w >= 0.005}):
        print(f"{s:13s} {classic[s]:6.3f}  {PUBLISHED.get(s, 0):6.3f}")
    share = sum(classic[s] for s in PUBLISHED)
    check(share >= 0.85, f"Proposition 99: the five published donors carry {share:.3f} of ambsim's weight (at least 0.85)")
    check(all(classic[s] > 0 for s in PUBLISHED), "Proposition 99: every published donor has weight in ambsim's fit")


def main():
    if not os.access(AMBSIM, os.X_OK):
        raise SystemExit(f"{AMBSIM} is not an executable: build ambsim first (swift build)")
    with tempfile.TemporaryDirectory() as work:
        panel_checks(work)
        prop99_checks(work)
    print(f"synthetic-control oracle: {len(failures)} failure(s)")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
