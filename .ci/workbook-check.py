"""CI: `ambsim workbook` read back by openpyxl, an independent .xlsx reader.

Runs the built ambsim on the tiny scenario, writes its workbook, and checks the sheet
names, that every number on the Summary sheet equals summary.csv's (minutes shown as
minutes:seconds, shares as percentages: the stored value is the same number), and the
front sheet's scenario and seed. Exits 1 on any mismatch.
"""
import csv, datetime, os, subprocess, sys, tempfile

import openpyxl

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ambsim = os.path.join(root, ".build", "debug", "ambsim")
if not os.path.exists(ambsim):
    ambsim = os.path.join(root, ".build", "release", "ambsim")
work = tempfile.mkdtemp()
run = os.path.join(work, "tiny")
subprocess.run([ambsim, "run", os.path.join(root, "Scenarios", "tiny.yaml"), "-r", "5", "--seed", "11", "-q", "--out", run], check=True)
subprocess.run([ambsim, "workbook", run], check=True, stdout=subprocess.DEVNULL)
book = openpyxl.load_workbook(os.path.join(run, "workbook.xlsx"))
failures = []
expected = ["Run", "Summary", "Standards", "Hospitals", "Zones", "Daily"]
if book.sheetnames != expected:
    failures.append(f"sheets {book.sheetnames}, expected {expected}")

summary = list(csv.reader(open(os.path.join(run, "summary.csv"), newline="")))
sheet = list(book["Summary"].iter_rows(values_only=True))
if [str(h) for h in sheet[0]] != summary[0]:
    failures.append(f"Summary header {sheet[0]} != {summary[0]}")
checked = 0
for r, (want, got) in enumerate(zip(summary[1:], sheet[1:]), start=2):
    unit = want[1]
    for c, (w, g) in enumerate(zip(want, got)):
        try:
            x = float(w)
        except ValueError:
            if (g or "") != w:
                failures.append(f"Summary row {r} column {c + 1}: {g!r} != {w!r}")
            continue
        # Minutes shown as minutes:seconds are read back as a duration, which openpyxl
        # rounds to the microsecond: within 1e-5 minutes (0.6 ms).
        tolerance = 1e-6 * max(1, abs(x))
        if isinstance(g, datetime.timedelta):
            g, tolerance = g.total_seconds() / 60, 1e-5
        elif isinstance(g, datetime.datetime):
            g, tolerance = (g - datetime.datetime(1899, 12, 30)).total_seconds() / 60, 1e-5
        if not isinstance(g, (int, float)) or abs(g - x) > tolerance:
            failures.append(f"Summary row {r} ({want[0]}) column {c + 1}: {g!r} != {x!r}")
        checked += 1
if book["Summary"]["C5"].number_format != "[m]:ss":   # c1_response_mean_min, mean
    failures.append(f"minutes not shown as minutes:seconds ({book['Summary']['C5'].number_format})")
front = {row[0]: row[1] for row in book["Run"].iter_rows(values_only=True)}
if front.get("name") != "tiny" or front.get("master seed") != "11":
    failures.append(f"front sheet {front}")
if failures:
    print("workbook check FAILED:\n  " + "\n  ".join(failures[:20]))
    sys.exit(1)
print(f"workbook check: {len(book.sheetnames)} sheets, {checked} numbers on the Summary sheet equal summary.csv's")
