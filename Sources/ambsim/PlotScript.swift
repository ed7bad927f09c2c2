/// The figures of `ambsim plot`, drawn by matplotlib (run headless by python3) from a result
/// folder's own files: the same pictures the notebooks draw for the shipped runs.
let plotScript = #"""
import csv, os, sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

folder, out, label = sys.argv[1], sys.argv[2], sys.argv[3]
plt.rcParams.update({"figure.dpi": 110, "axes.grid": True, "grid.alpha": 0.3, "axes.spines.top": False, "axes.spines.right": False})

def rows(name):
    path = os.path.join(folder, name)
    if not os.path.exists(path):
        return None
    with open(path, newline="") as f:
        return list(csv.DictReader(f))

def num(x):
    try:
        return float(x)
    except (TypeError, ValueError):
        return float("nan")

def footnote(fig, window):
    fig.text(0.01, 0.005, f"Source: {label} ({folder}); {window}. Bars and bands: 95% intervals across replications.",
             fontsize=7, color="0.35", ha="left", va="bottom")

def save(fig, name):
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    fig.savefig(os.path.join(out, name + ".png"), dpi=120)
    plt.close(fig)
    print(name + ".png")

daily = rows("daily.csv") or []
dates = sorted({r["date"] for r in daily})
window = f"calls arriving {dates[0]} to {dates[-1]}" if dates else "the run's counted period"
categories = ["c1", "c2", "c3", "c4"]
standards = {"mean": {"c1": 7, "c2": 18}, "p90": {"c1": 15, "c2": 40, "c3": 120, "c4": 180}}

comparison = rows("comparison.csv")
summary = rows("summary.csv")
if comparison:
    # Impact: B - A with its 95% interval, in minutes (response means and 90th centiles).
    by = {r["kpi"]: r for r in comparison}
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2))
    for ax, stat, title in [(axes[0], "mean", "mean"), (axes[1], "p90", "90th centile")]:
        names = [f"{c}_response_{stat}_min" for c in categories if f"{c}_response_{stat}_min" in by]
        d = [num(by[n]["diff_mean"]) for n in names]
        lo = [num(by[n]["diff_mean"]) - num(by[n]["diff_ci95_low"]) for n in names]
        hi = [num(by[n]["diff_ci95_high"]) - num(by[n]["diff_mean"]) for n in names]
        ax.bar(range(len(names)), d, color="#dd8452", yerr=[lo, hi], capsize=4)
        ax.axhline(0, color="black", linewidth=0.8)
        ax.set_xticks(range(len(names)), [n.split("_")[0].upper() for n in names])
        ax.set_ylabel(f"B - A, response {title}, minutes")
        ax.set_title(f"Impact on the response {title}")
    footnote(fig, window)
    save(fig, "impact")
if summary:
    by = {r["kpi"]: r for r in summary}
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2))
    for ax, stat, title in [(axes[0], "mean", "mean"), (axes[1], "p90", "90th centile")]:
        names = [c for c in categories if f"{c}_response_{stat}_min" in by]
        m = [num(by[f"{c}_response_{stat}_min"]["mean"]) for c in names]
        lo = [mm - num(by[f"{c}_response_{stat}_min"]["ci95_low"]) for mm, c in zip(m, names)]
        hi = [num(by[f"{c}_response_{stat}_min"]["ci95_high"]) - mm for mm, c in zip(m, names)]
        lo = [0 if x != x else x for x in lo]
        hi = [0 if x != x else x for x in hi]
        ax.bar(range(len(names)), m, color="#4c72b0", yerr=[lo, hi], capsize=4, label=label)
        for i, c in enumerate(names):
            if c in standards[stat]:
                ax.hlines(standards[stat][c], i - 0.45, i + 0.45, colors="black", linestyles="--",
                          label="ARP standard" if i == 0 else None)
        ax.set_xticks(range(len(names)), [c.upper() for c in names])
        ax.set_ylabel(f"response {title}, minutes")
        ax.set_title(f"Response {title} by category")
        ax.legend(fontsize=8)
    footnote(fig, window)
    save(fig, "responses")
if daily:
    fig, axes = plt.subplots(2, 1, figsize=(11, 6.4), sharex=True)
    for ax, kpi, unit in [(axes[0], "c2_response_mean_min", "C2 mean response, minutes"), (axes[1], "handover_hours_lost", "handover hours lost")]:
        sel = [r for r in daily if r["kpi"] == kpi]
        x = [r["date"] for r in sel]
        m = [num(r["mean"]) for r in sel]
        ax.plot(x, m, marker="o", color="#4c72b0", label=label)
        ax.fill_between(x, [num(r["ci95_low"]) for r in sel], [num(r["ci95_high"]) for r in sel], color="#4c72b0", alpha=0.2)
        ax.set_ylabel(unit)
        ax.set_ylim(bottom=0)
    paper = [r for r in daily if r["kpi"] == "paper_or_offline_share"]
    if any(num(r["mean"]) > 0 for r in paper):
        top = axes[0].get_ylim()[1]
        axes[0].fill_between([r["date"] for r in paper], 0, [num(r["mean"]) * top for r in paper], step="mid", color="#dd8452", alpha=0.15,
                             label="on paper (height: share of replications)")
    axes[0].legend(fontsize=8)
    axes[0].set_title("Day by day")
    step = max(1, len(dates) // 12)
    axes[1].set_xticks(dates[::step], dates[::step], rotation=30, ha="right")
    footnote(fig, window)
    save(fig, "daily")
target = rows("target.csv")
if target:
    # The response curve of `ambsim target`: each target KPI's mean and 95% interval at every
    # evaluated lever value, the target's line, the answer marked.
    kpis = sorted({r["kpi"] for r in target})
    lever = target[0]["lever"]
    answer = None
    met = sorted({num(r["value"]) for r in target if r["met"] == "true"})
    for v in met:
        if all(r["met"] == "true" for r in target if num(r["value"]) == v):
            answer = v
            break
    fig, axes = plt.subplots(1, len(kpis), figsize=(5.5 * len(kpis), 4.2), squeeze=False)
    limits = dict(a.split("=", 1) for a in sys.argv[4:]) if len(sys.argv) > 4 else {}
    for ax, kpi in zip(axes[0], kpis):
        sel = sorted([r for r in target if r["kpi"] == kpi], key=lambda r: num(r["value"]))
        x = [num(r["value"]) for r in sel]
        m = [num(r["mean"]) for r in sel]
        ax.errorbar(x, m, yerr=[[mm - num(r["ci95_low"]) for mm, r in zip(m, sel)], [num(r["ci95_high"]) - mm for mm, r in zip(m, sel)]],
                    fmt="o-", color="#4c72b0", capsize=3, label="evaluated (95% interval)")
        ax.scatter([xx for xx, r in zip(x, sel) if r["met"] == "true"], [mm for mm, r in zip(m, sel) if r["met"] == "true"],
                   s=80, facecolors="none", edgecolors="#55a868", linewidths=2, label="target met", zorder=3)
        if kpi in limits:
            ax.axhline(num(limits[kpi]), color="black", linestyle="--", linewidth=1, label=f"target {num(limits[kpi]):.2f}")
        if answer is not None:
            ax.axvline(answer, color="#dd8452", linewidth=2, label=f"answer {answer:g}")
        ax.set_xlabel(lever)
        ax.set_ylabel(kpi + (", minutes" if kpi.endswith("_min") else ""))
        ax.set_ylim(bottom=0)
        ax.legend(fontsize=8)
        ax.set_title("Response curve")
    footnote(fig, "every point run with the same seeds (common random numbers)")
    save(fig, "target")
national = rows("national.csv")
if national:
    # A study's national table: B - A of each trust and England, with the paired 95% interval.
    kpis = [k for k in ["c2_response_mean_min", "handover_hours_lost"] if any(r["kpi"] == k for r in national)]
    fig, axes = plt.subplots(1, len(kpis), figsize=(6 * len(kpis), 0.32 * len({r["trust"] for r in national}) + 2), squeeze=False)
    for ax, kpi in zip(axes[0], kpis):
        sel = [r for r in national if r["kpi"] == kpi and r["difference"] != ""]
        y = list(range(len(sel)))[::-1]
        d = [num(r["difference"]) for r in sel]
        ax.barh(y, d, xerr=[[dd - num(r["ci95_low"]) for dd, r in zip(d, sel)], [num(r["ci95_high"]) - dd for dd, r in zip(d, sel)]],
                color=["#c44e52" if r["trust"] == "England" else ("#4c72b0" if r["affected"] != "no" else "0.7") for r in sel], capsize=2)
        ax.set_yticks(y, [r["trust"] for r in sel])
        ax.axvline(0, color="black", linewidth=0.8)
        ax.set_xlabel(f"disruption - baseline: {kpi}" + (", minutes" if kpi.endswith("_min") else ""))
        ax.set_title("What the disruption costs, by trust")
    # No folder in the note: a study run locally and one merged from Slurm parts draw the same figure.
    fig.text(0.01, 0.005, f"Source: ambsim study {label}; England formed from the trusts as AmbSYS forms it (grey: not hit). Bars: paired 95% intervals.",
             fontsize=7, color="0.35", ha="left", va="bottom")
    save(fig, "national")
hospitals = rows("hospitals.csv")
if hospitals:
    sel = sorted([r for r in hospitals if r["kpi"] == "handover_hours_lost"], key=lambda r: num(r["mean"]))
    if sel:
        fig, ax = plt.subplots(figsize=(10, max(3, 0.35 * len(sel) + 1.2)))
        y = range(len(sel))
        m = [num(r["mean"]) for r in sel]
        lo = [max(0, mm - num(r["ci95_low"])) if num(r["ci95_low"]) == num(r["ci95_low"]) else 0 for mm, r in zip(m, sel)]
        hi = [max(0, num(r["ci95_high"]) - mm) if num(r["ci95_high"]) == num(r["ci95_high"]) else 0 for mm, r in zip(m, sel)]
        ax.barh(list(y), m, color="#4c72b0", xerr=[lo, hi], capsize=2)
        ax.set_yticks(list(y), [r["hospital"] for r in sel])
        ax.set_xlabel("handover hours lost (beyond 15 minutes), in the counted period")
        ax.set_title("Handover hours lost per hospital")
        footnote(fig, window)
        save(fig, "hospitals")
"""#
