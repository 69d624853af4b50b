"""Figures for the teaching labs that compare greenfab's results with a textbook formula, or that need a
view the analysis package does not have yet (scenario bars, the hourly load curve). Every number comes
from a greenfab HDF5 file, read with the analysis package's loader; the formulas are drawn as lines.

    /usr/bin/python3 docs/teaching/lab_plots.py littles   littles.h5  -o littles.png
    /usr/bin/python3 docs/teaching/lab_plots.py kingman   kingman.h5  -o kingman.png
    /usr/bin/python3 docs/teaching/lab_plots.py standby   standby.h5  -o standby.png
    /usr/bin/python3 docs/teaching/lab_plots.py bars      sweep.h5 --kpis wip_mean,lead_time_mean_s -o bars.png
    /usr/bin/python3 docs/teaching/lab_plots.py lines     smed.h5 --x batch --group setup --kpi lead_time_mean_s -o smed.png
    /usr/bin/python3 docs/teaching/lab_plots.py hourly    pv.h5 --days 7 -o load.png
    /usr/bin/python3 docs/teaching/lab_plots.py stock     mts.h5 -o stock.png

Run from the repository root (or with it on PYTHONPATH), with Debian's /usr/bin/python3.
"""

import argparse
import math
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from analysis import load as L  # noqa: E402

plt.rcParams.update({"figure.dpi": 100, "savefig.dpi": 110, "font.size": 10, "axes.titlesize": 11,
                     "axes.grid": True, "grid.alpha": 0.3, "axes.axisbelow": True})

# How to show a KPI: (label, divisor to the shown unit)
SHOWN = {
    "wip_mean": ("WIP (parts)", 1), "littles_law_wip": ("TH x CT (parts)", 1),
    "throughput_per_h": ("throughput (parts/h)", 1),
    "lead_time_mean_s": ("mean lead time (h)", 3600), "lead_time_p90_s": ("lead time, 90th percentile (h)", 3600),
    "machine_energy_per_part_J": ("machine energy per part (kWh)", 3.6e6),
    "machine_energy_J": ("machine energy (MWh)", 3.6e9), "machine_power_mean_W": ("mean machine power (kW)", 1e3),
    "grid_import_J": ("grid import (MWh)", 3.6e9), "scope2_location_kg": ("scope 2, location-based (t CO2e)", 1e3),
    "pv_self_consumption_share": ("PV used on site (%)", 0.01), "energy_cost": ("energy cost (EUR)", 1),
    "grid_export_J": ("grid export (MWh)", 3.6e9),
    "order_lead_time_mean_s": ("order lead time, release to customer (h)", 3600),
    "transport_load_factor": ("truck load factor (%)", 0.01), "transport_vehicle_km": ("truck km", 1),
    "transport_scope1_kg": ("truck CO2e, scope 1 (t)", 1e3), "on_time_share": ("orders on time (%)", 0.01),
    "dispatch_wait_mean_s": ("wait for a truck (h)", 3600),
    "order_production_time_mean_s": ("order arrival to last part made (h)", 3600),
    "transport_scope1_kg/orders_delivered": ("truck CO2e per delivered order (kg)", 1),
}


def shown(kpi):
    return SHOWN.get(kpi, (kpi, 1))


def number(text):
    """The leading number of a factor value such as '2 min', 'exp(75 s)' or '12' (NaN if none)."""
    m = re.search(r"[-+]?\d*\.?\d+(?:[eE][-+]?\d+)?", str(text))
    return float(m.group()) if m else math.nan


TIME_UNITS = {"s": 1.0, "min": 60.0, "h": 3600.0, "d": 86400.0, "w": 604800.0}


def numbers_in_one_unit(texts, name):
    """Factor values such as '15 min' and '4 h' on one axis: (numbers, unit). Durations given in different
    units are converted to the smallest of them; other mixed units are refused rather than drawn wrong."""
    found = [re.search(r"([-+]?\d*\.?\d+(?:[eE][-+]?\d+)?)\s*([A-Za-z%]*)", str(t)) for t in texts]
    values = [float(m.group(1)) if m else math.nan for m in found]
    units = [m.group(2) if m else "" for m in found]
    distinct = sorted(set(units))
    if len(distinct) <= 1:
        return values, distinct[0] if distinct else ""
    if all(u in TIME_UNITS for u in distinct):
        unit = min(distinct, key=TIME_UNITS.get)
        return [v * TIME_UNITS[u] / TIME_UNITS[unit] for v, u in zip(values, units)], unit
    sys.exit(f"lab_plots.py: the levels of factor '{name}' mix units {', '.join(distinct)}: give them in one unit")


def scenarios(res):
    return res.require("scenarios", ["name"], "scenario figures")


def title(ax_or_fig, res, text):
    ax_or_fig.suptitle(f"{text}\n{res.name}: greenfab sweep, {int(res.meta.get('replications', 0))} replications "
                       f"per scenario, 95 % CI", fontsize=10)
    ax_or_fig.tight_layout(rect=(0, 0, 1, 0.93))


def column(df, kpi):
    if "/" in kpi:  # a ratio of two KPIs' scenario means, e.g. CO2e per delivered order; CI by error propagation
        a, b = kpi.split("/", 1)
        (ma, ha), (mb, hb) = column(df, a), column(df, b)
        m = ma / mb
        return m, m.abs() * np.sqrt((ha / ma) ** 2 + (hb / mb) ** 2)
    if kpi not in df.columns:
        raise L.MissingData(f"no KPI {kpi}; have: {', '.join(c for c in df.columns if not c.endswith('_hw'))}")
    hw = df[kpi + "_hw"] if kpi + "_hw" in df.columns else 0 * df[kpi]
    return df[kpi].astype(float), hw.astype(float)


def factor_column(res, df, name):
    """A factor column by its name or by a suffix of it (`batch` finds `stations_press_batch`)."""
    for f in res.factors:
        if f == name or f.endswith("_" + name):
            return df[f]
    raise L.MissingData(f"no factor {name}; factors: {', '.join(res.factors)}")


# --- Lab 1: Little's law ----------------------------------------------------------------------------

def littles(res, opts):
    tasks = L.replications(res)
    sc = scenarios(res)
    fig, (a, b) = plt.subplots(1, 2, figsize=(10, 4.2))
    rho = 60.0 / np.array([number(v) for v in factor_column(res, sc, "interarrival")])
    x = tasks["throughput_per_h"] / 3600 * tasks["lead_time_mean_s"]
    a.scatter(x, tasks["wip_mean"], s=14, color="#1565c0", label="one replication")
    top = max(x.max(), tasks["wip_mean"].max()) * 1.05
    a.plot([0, top], [0, top], color="k", lw=1, label="WIP = TH x CT")
    a.set_xlabel("throughput x mean lead time (parts)")
    a.set_ylabel("time-average WIP (parts)")
    a.set_title("Little's law holds in every replication")
    a.legend()
    m, hw = column(sc, "lead_time_mean_s")
    a2 = np.linspace(0.45, 0.92, 100)
    b.plot(a2, 1 / (1 - a2), color="k", lw=1, label="M/M/1 exact: W = E[S]/(1 - rho)")
    b.errorbar(rho, m / 60, yerr=hw / 60, fmt="o", color="#c62828", capsize=3, label="greenfab, mean +/- 95 % CI")
    b.set_xlabel("utilisation rho")
    b.set_ylabel("mean time in system W (min)")
    b.set_title("... and W explodes as rho -> 1")
    b.legend()
    title(fig, res, "Lab 1: Little's law on the M/M/1 station")
    return fig


# --- Lab 3: Kingman -----------------------------------------------------------------------------------

def kingman(res, opts):
    sc = scenarios(res).copy()
    service = 4.0  # min, the model's E[S]
    sc["rho"] = service / np.array([number(v) for v in factor_column(res, sc, "interarrival")])
    sc["cs"] = np.array([number(v) for v in factor_column(res, sc, "process_sd")]) / service
    m, hw = column(sc, "lead_time_mean_s")
    sc["wq"], sc["wq_hw"] = m / 60 - service, hw / 60
    fig, ax = plt.subplots(figsize=(7, 4.5))
    grid = np.linspace(sc["rho"].min() - 0.03, sc["rho"].max() + 0.01, 100)
    colours = plt.cm.viridis(np.linspace(0, 0.85, sc["cs"].nunique()))
    for colour, (cs, g) in zip(colours, sc.groupby("cs")):
        ax.plot(grid, (1 + cs**2) / 2 * grid / (1 - grid) * service, color=colour, lw=1)
        ax.errorbar(g["rho"], g["wq"], yerr=g["wq_hw"], fmt="o", color=colour, capsize=3, label=f"cs = {cs:g}")
    ax.set_xlabel("utilisation rho")
    ax.set_ylabel("mean wait in queue Wq (min)")
    ax.legend(title="dots: greenfab; lines: Kingman")
    title(fig, res, "Lab 3: Wq = (ca² + cs²)/2 x rho/(1 - rho) x E[S], ca = 1")
    return fig


# --- Lab 11: make to stock ----------------------------------------------------------------------------

def stock(res, opts):
    sc = scenarios(res).copy()
    service = 5.0  # min, the model's E[S]
    sc["rho"] = service / np.array([number(v) for v in factor_column(res, sc, "demand")])
    sc["S"] = np.array([number(v) for v in factor_column(res, sc, "base_stock")])
    fill, fill_hw = column(sc, "fg_fill_rate")
    on_hand, on_hand_hw = column(sc, "fg_on_hand_mean")
    sc["fill"], sc["fill_hw"], sc["on_hand"], sc["on_hand_hw"] = fill, fill_hw, on_hand, on_hand_hw
    fig, (a, b) = plt.subplots(1, 2, figsize=(11, 4.3))
    grid = np.arange(1, sc["S"].max() + 1)
    colours = plt.cm.viridis(np.linspace(0, 0.7, sc["rho"].nunique()))
    for colour, (rho, g) in zip(colours, sc.groupby("rho")):
        a.plot(grid, 1 - rho**grid, color=colour, lw=1)
        a.errorbar(g["S"], g["fill"], yerr=g["fill_hw"], fmt="o", color=colour, capsize=3, label=f"rho = {rho:.2f}")
        b.plot(grid - rho * (1 - rho**grid) / (1 - rho), 1 - rho**grid, color=colour, lw=1)
        b.errorbar(g["on_hand"], g["fill"], xerr=g["on_hand_hw"], yerr=g["fill_hw"], fmt="o", color=colour,
                   capsize=3, label=f"rho = {rho:.2f}")
    a.set_xlabel("base stock S")
    a.set_ylabel("fill rate")
    a.set_title("fill rate = 1 - rho^S")
    a.legend(title="dots: greenfab; lines: exact")
    b.set_xlabel("mean pumps on the shelf")
    b.set_ylabel("fill rate")
    b.set_title("what the service costs in stock")
    b.legend(title="dots: greenfab; lines: exact")
    title(fig, res, opts.title or "Lab 11: base stock, fill rate and stock of an M/M/1 cell")
    return fig


# --- Lab 6: auto-standby ------------------------------------------------------------------------------

def standby_closed_form(T_h, lam=0.5, mu=1.0, w=0.1):
    p = math.exp(-lam * T_h) if T_h < 1e3 else 0.0
    a = 1 + p * lam * w
    power = (20 * a + 6 - 3.5 * p) / (4 * a)
    W = 1 / (mu - lam) + p * (2 * w + lam * w * w) / (2 * (1 + lam * p * w))
    return power, W


def standby(res, opts):
    sc = scenarios(res)
    T = np.array([number(v) for v in factor_column(res, sc, "standby_after")])
    shown_T = np.where(T > 100, 4.0, T)  # "never" drawn at 4 h
    pw, pw_hw = column(sc, "machine_power_mean_W")
    w, w_hw = column(sc, "lead_time_mean_s")
    grid = np.linspace(0, 3, 100)
    fig, (a, b) = plt.subplots(1, 2, figsize=(10, 4.2))
    for ax, y, hw, k, div, lab in ((a, pw, pw_hw, 0, 1e3, "mean power (kW = kWh per hour)"),
                                   (b, w, w_hw, 1, 3600, "mean time in system W (h)")):
        ax.plot(grid, [standby_closed_form(t)[k] for t in grid], color="k", lw=1, label="closed form")
        ax.axhline(standby_closed_form(1e9)[k], color="k", lw=1, ls="--", label="never standby (closed form)")
        ax.errorbar(shown_T, y / div, yerr=hw / div, fmt="o", color="#00838f", capsize=3, label="greenfab")
        ax.set_xlabel("auto-standby after T idle (h); 'never' at 4")
        ax.set_ylabel(lab)
        ax.set_xticks([0, 0.5, 1, 2, 3, 4], ["0", "0.5", "1", "2", "3", "never"])
        ax.legend(fontsize=8)
    a.set_title("energy: standby saves")
    b.set_title("time: warm-ups delay parts")
    title(fig, res, "Lab 6: auto-standby on an M/M/1 machine against the closed form")
    return fig


# --- generic scenario views ---------------------------------------------------------------------------

def bars(res, opts):
    sc = scenarios(res)
    kpis = opts.kpis.split(",")
    fig, axes = plt.subplots(1, len(kpis), figsize=(3.4 * len(kpis) + 0.6, 4.2), squeeze=False)
    names = list(sc["name"])
    colours = [opts.colour_of(n) for n in names]
    for ax, k in zip(axes[0], kpis):
        m, hw = column(sc, k)
        label, div = shown(k)
        ax.bar(range(len(names)), m / div, yerr=hw / div, capsize=3, color=colours)
        ax.set_xticks(range(len(names)), names, rotation=35, ha="right", fontsize=8)
        ax.set_title(label, fontsize=9)
    title(fig, res, opts.title or "scenarios")
    return fig


def lines(res, opts):
    sc = scenarios(res).copy()
    sc["_x"], x_unit = numbers_in_one_unit(factor_column(res, sc, opts.x), opts.x)
    sc["_g"] = factor_column(res, sc, opts.group) if opts.group else ""
    kpis = opts.kpi.split(",")
    fig, axes = plt.subplots(1, len(kpis), figsize=(max(7.0, 4.3 * len(kpis)), 4.2), squeeze=False)
    for ax, k in zip(axes[0], kpis):
        label, div = shown(k)
        for g, d in sc.groupby("_g", sort=False):
            d = d.sort_values("_x")
            m, hw = column(d, k)
            ax.errorbar(d["_x"], m / div, yerr=hw / div, fmt="o-", capsize=3, label=f"{opts.group} {g}" if opts.group else None)
        ax.set_xlabel(opts.xlabel or (f"{opts.x} ({x_unit})" if x_unit else opts.x))
        ax.set_ylabel(label)
        if opts.ymax:
            ax.set_ylim(0, opts.ymax)
        if opts.group:
            ax.legend()
    title(fig, res, opts.title or k)
    return fig


# --- Lab 7: the hourly load curve ---------------------------------------------------------------------

def hourly(res, opts):
    h = res.require("hourly", ["start_s", "electricity_demand_J", "pv_J", "grid_import_J", "grid_factor_kg_per_J"],
                    "the hourly load curve")
    if "replication" in h.columns:
        h = h[h["replication"] == 0]
    h = h.sort_values("start_s")
    t0 = h["start_s"].iloc[0]
    h = h[h["start_s"] < t0 + opts.days * 86400]
    hours = (h["start_s"] - t0) / 3600
    kw = lambda c: h[c] / h["duration_s"] / 1e3  # noqa: E731 - mean kW over the hour
    fig, ax = plt.subplots(figsize=(11, 4.3))
    ax.fill_between(hours, 0, kw("pv_used_J"), step="post", color="#fdd835", alpha=0.8, label="PV used on site")
    if "battery_discharge_J" in h and h["battery_discharge_J"].sum() > 0:
        ax.fill_between(hours, kw("pv_used_J"), kw("pv_used_J") + kw("battery_discharge_J"), step="post",
                        color="#66bb6a", alpha=0.8, label="battery discharge")
    ax.step(hours, kw("electricity_demand_J"), where="post", color="k", lw=1.2, label="site demand")
    ax.step(hours, kw("grid_import_J"), where="post", color="#c62828", lw=1, label="grid import")
    ax.step(hours, kw("pv_J"), where="post", color="#f57f17", lw=0.8, ls="--", label="PV output")
    ax.set_xlabel(f"hours from the start of the measured window ({opts.days} days)")
    ax.set_ylabel("mean power over the hour (kW)")
    ax.set_xticks(np.arange(0, opts.days * 24 + 1, 24))
    ax2 = ax.twinx()
    ax2.step(hours, h["grid_factor_kg_per_J"] * 3.6e9, where="post", color="#6a1b9a", lw=0.8, alpha=0.7)
    ax2.set_ylabel("grid factor (g CO2e/kWh)", color="#6a1b9a")
    ax2.grid(False)
    ax.legend(loc="upper left", fontsize=8, ncol=5)
    fig.suptitle(opts.title or f"{res.name}: hourly balance, replication 0", fontsize=10)
    fig.tight_layout()
    return fig


FIGS = {"littles": littles, "kingman": kingman, "standby": standby, "bars": bars, "lines": lines, "hourly": hourly,
        "stock": stock}


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("figure", choices=sorted(FIGS))
    p.add_argument("file")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--kpis", default="throughput_per_h,lead_time_mean_s,wip_mean")
    p.add_argument("--kpi", default="lead_time_mean_s")
    p.add_argument("--x")
    p.add_argument("--xlabel")
    p.add_argument("--group")
    p.add_argument("--ymax", type=float)
    p.add_argument("--days", type=int, default=7)
    p.add_argument("--title")
    p.add_argument("--highlight", default="", help="name prefixes coloured differently, comma-separated")
    opts = p.parse_args(argv)
    prefixes = [x for x in opts.highlight.split(",") if x]
    opts.colour_of = lambda n: "#ef6c00" if any(n.startswith(x) for x in prefixes) else "#1565c0"
    try:
        res = L.load(opts.file)
        fig = FIGS[opts.figure](res, opts)
    except L.AnalysisError as e:
        print(f"lab_plots: {e}", file=sys.stderr)
        return 2
    fig.savefig(opts.output, bbox_inches="tight")
    return 0


if __name__ == "__main__":
    sys.exit(main())
