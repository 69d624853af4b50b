"""The figures, in one registry: each declares the file kind and the tables/columns it needs, so the
command line and the HTML report can say why a figure does not apply instead of failing in matplotlib.

Adding a figure (e.g. the hourly load curve once the energy feature writes its series): write a function
`draw(res, opts) -> matplotlib.figure.Figure` and register it with the tables it reads:

    @figure("load-curve", "hourly load with PV, battery and grid import", kinds=("run",),
            needs=[("<table the energy feature writes>", ["<its columns>"])])
    def _load_curve(res, opts): ...

It then appears in `python3 -m analysis --help`, and in reports of every file that has those tables.
"""

import re
from dataclasses import dataclass, field

import matplotlib

matplotlib.use("Agg")  # files only, no display: works headless, in tests and on clusters
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from . import load as L  # noqa: E402

__all__ = ["Figure", "FIGURES", "ALIASES", "figure", "render", "applicable", "STATE_COLOURS", "display",
           "readable", "number", "time_scale"]

# One colour per machine state, the same in every figure: green = value-adding, greys = not planned.
STATE_COLOURS = {"processing": "#2e7d32", "setup": "#f9a825", "warm_up": "#ffcc80", "idle": "#90caf9",
                 "blocked": "#8e24aa", "down": "#c62828", "standby": "#4dd0e1", "off_shift": "#bdbdbd",
                 "off": "#757575", "starved_material": "#ef6c00"}

plt.rcParams.update({"figure.dpi": 100, "savefig.dpi": 120, "font.size": 10, "axes.titlesize": 11,
                     "axes.grid": True, "grid.alpha": 0.3, "axes.axisbelow": True})


@dataclass
class Figure:
    name: str
    summary: str                                 # one line, shown by --help
    kinds: tuple = ("run", "sweep")              # file kinds it applies to
    needs: list = field(default_factory=list)    # [(table, [columns])]
    draw: object = None                          # draw(res, opts) -> matplotlib Figure
    source: str = "hdf5"                         # "hdf5", or "trace" for the Gantt (reads a trace CSV)
    section: str = "production"                  # report section: "production", "energy", "transport", "pathway"
    hint: str = ""                               # how to get the data, added to the "needs ..." message

    def missing(self, res):
        """Why this figure cannot be drawn from `res` (a message), or None if it can."""
        if res.kind not in self.kinds:
            return f"figure '{self.name}' needs a {' or '.join(self.kinds)} file; {res.path} is a {res.kind} file"
        for table, columns in self.needs:
            if not res.has(table, columns):
                df = res.tables.get(table)
                if df is None or len(df.columns) == 0:
                    what = f"table /{table}"
                elif len(df) == 0:
                    what = f"rows in /{table}"
                else:
                    what = "column " + ", ".join(c for c in columns if c not in df.columns) + f" in /{table}"
                hint = f"; {self.hint}" if self.hint else ""
                return f"figure '{self.name}' needs {what}, which {res.path} does not have{hint}"
        return None


FIGURES = {}

# Old names that still work on the command line and in render(); they are not listed twice in reports.
ALIASES = {"energy": "machine-energy"}


def figure(name, summary, **kw):
    """Decorator: registers draw(res, opts) as figure `name`."""
    def register(fn):
        FIGURES[name] = Figure(name=name, summary=summary, draw=fn, **kw)
        return fn
    return register


def applicable(res):
    """The figures that `res` has the data for, in registry order."""
    return [f for f in FIGURES.values() if f.source == "hdf5" and f.missing(res) is None]


def render(name, res, opts=None):
    """Draws figure `name` from `res`; MissingData (with the reason) if the file lacks its data."""
    fig = FIGURES.get(ALIASES.get(name, name))
    if fig is None:
        raise L.AnalysisError(f"unknown figure '{name}' (figures: {', '.join(FIGURES)})")
    why = fig.missing(res)
    if why:
        raise L.MissingData(why)
    return fig.draw(res, opts or {})


# --- unit helpers: SI in files, readable units on axes -----------------------------------------------

def time_scale(seconds):
    """(divisor, unit) for showing durations around `seconds`: s, min or h."""
    s = np.nanmax(np.abs(np.atleast_1d(seconds))) if np.size(seconds) else 0
    if not np.isfinite(s) or s < 120:
        return 1.0, "s"
    return (60.0, "min") if s < 3 * 3600 else (3600.0, "h")


def display(values, unit):
    """(values converted, display unit) for an SI unit: s -> min/h, J -> kWh, W -> kW, 1 -> %."""
    v = np.asarray(values, dtype=float)
    if unit == "s":
        d, u = time_scale(v)
        return v / d, u
    if unit == "J":
        return v / 3.6e6, "kWh"
    if unit == "W":
        return v / 1e3, "kW"
    if unit == "1":
        return v * 100, "%"
    return v, unit  # "" for counts (parts, cycles): the axis label says what is counted


def readable(values, unit):
    """Like display(), but picks the prefix that suits the largest value, for totals of a site or a
    fleet: J -> kWh / MWh / GWh, kg -> kg / t, W -> kW / MW. (values converted, display unit)."""
    v = np.asarray(values, dtype=float)
    big = np.nanmax(np.abs(v)) if v.size and np.any(np.isfinite(v)) else 0
    steps = {"J": [(3.6e6, "kWh"), (3.6e9, "MWh"), (3.6e12, "GWh")], "kg": [(1.0, "kg"), (1e3, "t")],
             "W": [(1e3, "kW"), (1e6, "MW")]}.get(unit)
    if steps is None:
        return display(v, unit)
    d, u = steps[0]
    for factor, name in steps[1:]:
        if big >= 10 * factor:  # switch up only when the larger unit still gives two digits
            d, u = factor, name
    return v / d, u


def number(x, digits=3):
    """A value for a label: `digits` significant digits, thousands written out (4,240 rather than 4.24e+03)."""
    if not np.isfinite(x):
        return "-"
    return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:.{digits}g}"


def _subtitle(res):
    m = res.meta
    if res.kind == "run":
        n = m.get("replications", "?")
        return f"{res.name}: {n} replications, horizon {m.get('horizon_s', 0) / 86400:g} d"
    return f"{res.name}: {m.get('scenarios', '?')} scenarios x {m.get('replications', '?')} replications"


# --- production figures ------------------------------------------------------------------------------

@figure("states", "station state shares (stacked bars, mean over replications) with OEE", kinds=("run",),
        needs=[("stations", ["station", "processing_share", "oee"])])
def _states(res, opts):
    shares = L.station_states(res)
    oee = L.station_table(res).groupby("station", sort=False)["oee"].mean().reindex(shares.index)
    fig, ax = plt.subplots(figsize=(max(5.5, 1.1 * len(shares) + 3), 4.5))
    x = np.arange(len(shares))
    bottom = np.zeros(len(shares))
    for state in shares.columns:
        v = shares[state].to_numpy() * 100
        if np.allclose(v, 0):
            continue  # a state nobody is in only clutters the legend
        ax.bar(x, v, 0.6, bottom=bottom, label=state.replace("_", " "), color=STATE_COLOURS.get(state))
        bottom += v
    ax.plot(x, oee.to_numpy() * 100, "D", color="black", markersize=7, label="OEE (of planned time)")
    for xi, o in zip(x, oee.to_numpy()):
        ax.annotate(f"{100 * o:.0f} %", (xi, 100 * o), xytext=(9, -3), textcoords="offset points", fontsize=8)
    ax.set_xticks(x, shares.index)
    ax.set_ylim(0, 100)
    ax.set_ylabel("share of machine time [%]")
    ax.set_xlabel("station")
    ax.set_title(f"Where machine time goes, by station\n{_subtitle(res)}")
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8)
    fig.tight_layout()
    return fig


@figure("oee", "OEE and its factors (availability, performance, quality) by station, with 95 % CI",
        kinds=("run",), needs=[("stations", ["station", "availability", "performance", "quality", "oee"])])
def _oee(res, opts):
    st = L.station_table(res)
    parts = ["availability", "performance", "quality", "oee"]
    mean = st.groupby("station", sort=False)[parts].mean()
    hw = st.groupby("station", sort=False)[parts].agg(L.half_width).fillna(0)
    fig, ax = plt.subplots(figsize=(max(5.5, 1.4 * len(mean) + 2), 4.2))
    x = np.arange(len(mean))
    w = 0.2
    colours = ["#64b5f6", "#ffb74d", "#81c784", "#424242"]
    for i, p in enumerate(parts):
        ax.bar(x + (i - 1.5) * w, mean[p] * 100, w, yerr=hw[p] * 100, capsize=2, label=p, color=colours[i])
    ax.set_xticks(x, mean.index)
    ax.set_ylabel("[%]")
    ax.set_xlabel("station")
    ax.set_ylim(0, max(105, float(np.nanmax((mean + hw).to_numpy()) * 100) + 5))
    ax.set_title(f"OEE = availability x performance x quality (error bars: 95 % CI)\n{_subtitle(res)}")
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    return fig


@figure("lead-time", "lead time: distribution of individual parts' lead times (when stored) and per-replication "
        "mean and 50/90/95 % quantiles", needs=[("runs", ["lead_time_mean_s"])], kinds=("run",))
def _lead_time(res, opts):
    runs = L.replications(res)
    cols = [c for c in ["lead_time_mean_s", "lead_time_p50_s", "lead_time_p90_s", "lead_time_p95_s"]
            if c in runs.columns]
    dist = res.tables.get("lead_time_distribution") if res.has("lead_time_distribution",
                                                               ["percentile", "lead_time_s"]) else None
    d, unit = time_scale(runs[cols].to_numpy())
    fig, axes = plt.subplots(1, 2 if dist is not None else 1, figsize=(11 if dist is not None else 6.5, 4.2),
                             squeeze=False)
    ax = axes[0][0]
    data = [runs[c].dropna().to_numpy() / d for c in cols]
    ax.boxplot(data, showmeans=True, meanprops={"marker": "^", "markerfacecolor": "white"})
    rng = np.random.default_rng(0)  # fixed jitter: the same file gives the same picture
    for i, v in enumerate(data, start=1):
        ax.plot(i + rng.uniform(-0.12, 0.12, len(v)), v, "o", color="#1565c0", alpha=0.6, markersize=4)
    labels = {"lead_time_mean_s": "mean", "lead_time_p50_s": "median (p50)", "lead_time_p90_s": "p90",
              "lead_time_p95_s": "p95"}
    ax.set_xticks(range(1, len(cols) + 1), [labels[c] for c in cols])
    ax.set_ylabel(f"lead time [{unit}]")
    ax.set_xlabel("statistic of one replication's lead times (dots: replications)")
    ax.set_title("spread over replications")
    if dist is not None:
        # Percentiles 1..99 of every replication, averaged per percentile: the density between two
        # neighbouring percentiles is 1 % of the parts over the width of that interval.
        q = dist.groupby("percentile")["lead_time_s"].mean().dropna() / d
        ax2 = axes[0][1]
        edges = q.to_numpy()
        widths = np.diff(edges)
        ok = widths > 0
        ax2.bar(edges[:-1][ok], 1.0 / widths[ok], width=widths[ok], align="edge", color="#90caf9",
                edgecolor="#1565c0", linewidth=0.4, label="parts per unit of lead time [% / " + unit + "]")
        ax2.set_xlabel(f"lead time of a part [{unit}] (1st to 99th percentile)")
        ax2.set_ylabel(f"share of parts [% per {unit}]")
        ax2.set_title("distribution of individual lead times (mean over replications)")
        for p, style in ((50, "--"), (90, ":")):
            if p in q.index:
                ax2.axvline(q.loc[p], color="#424242", linestyle=style, linewidth=1, label=f"p{p}")
        ax2.legend(fontsize=8)
    fig.suptitle(f"Lead time (release to leaving the line)\n{_subtitle(res)}", fontsize=11)
    fig.tight_layout()
    return fig


@figure("wip", "WIP: line WIP per replication and mean parts waiting per buffer (spread over replications)",
        needs=[("runs", ["wip_mean"])], kinds=("run",))
def _wip(res, opts):
    runs = L.replications(res)
    has_buffers = res.has("buffers", ["buffer", "wip_mean"])
    fig, axes = plt.subplots(1, 2 if has_buffers else 1, figsize=(10 if has_buffers else 5, 4.2),
                             gridspec_kw={"width_ratios": [1, 2.5]} if has_buffers else None, squeeze=False)
    ax = axes[0][0]
    cols = [c for c in ["wip_mean", "littles_law_wip", "wip_end"] if c in runs.columns]
    labels = {"wip_mean": "time-average", "littles_law_wip": "Little's law\n(TH x LT)", "wip_end": "at the end"}
    ax.boxplot([runs[c].dropna() for c in cols], showmeans=True)
    ax.set_xticks(range(1, len(cols) + 1), [labels[c] for c in cols])
    ax.set_ylabel("work in process [parts]")
    ax.set_title("line WIP")
    if has_buffers:
        b = res.tables["buffers"]
        order = list(dict.fromkeys(b["buffer"]))
        ax2 = axes[0][1]
        ax2.boxplot([b.loc[b["buffer"] == n, "wip_mean"] for n in order], showmeans=True)
        ax2.set_xticks(range(1, len(order) + 1), order, rotation=30 if len(order) > 5 else 0)
        ax2.set_ylabel("mean parts waiting [parts]")
        ax2.set_xlabel("buffer (in front of the station of the same name)")
        ax2.set_title("queues: time-average parts waiting per buffer")
    fig.suptitle(f"Work in process, spread over replications (box: quartiles, triangle: mean)\n{_subtitle(res)}",
                 fontsize=11)
    fig.tight_layout()
    return fig


@figure("kpis", "every KPI of the run: per-replication values around the mean with its 95 % CI",
        needs=[("runs", ["status"]), ("summary/kpis", ["kpi", "mean", "half_width"])], kinds=("run",))
def _kpis(res, opts):
    runs = L.replications(res)
    summary = L.kpi_summary(res)
    summary = summary[summary["kpi"].isin(runs.columns)]
    n = len(summary)
    ncols = 4
    nrows = max(1, -(-n // ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(12, 2.3 * nrows), squeeze=False)
    for ax, (_, row) in zip(axes.flat, summary.iterrows()):
        # One conversion for values, mean and half-width together, so they share the axis unit.
        x = runs[row["kpi"]].to_numpy(dtype=float)
        conv, unit = display(np.r_[x, row["mean"], row["half_width"]], row["unit"])
        v, m, hw = conv[:-2], conv[-2:-1], conv[-1]
        ax.plot(v, np.zeros_like(v), "o", color="#1565c0", alpha=0.6)
        ax.errorbar([m[0]], [0.3], xerr=[0 if np.isnan(hw) else hw], fmt="D", color="black", capsize=4)
        ax.set_yticks([])
        ax.set_ylim(-0.5, 0.8)
        ax.set_title(row["kpi"], fontsize=9)
        ax.set_xlabel(f"[{unit or 'count'}]", fontsize=8)
        ax.tick_params(labelsize=8)
    for ax in list(axes.flat)[n:]:
        ax.set_visible(False)
    fig.suptitle(f"KPIs: replications (dots) and mean with 95 % CI (diamond)\n{_subtitle(res)}", fontsize=11)
    fig.tight_layout()
    return fig


@figure("machine-energy", "machine electric energy by station and machine state (stacked, kWh, 95 % CI of the "
        "total), with mean power and standby share", kinds=("run",),
        needs=[("stations", ["station", "energy_J", "power_mean_W"])], section="energy")
def _machine_energy(res, opts):
    st = L.station_table(res)
    g = st.groupby("station", sort=False)
    total = g["energy_J"].mean() / 3.6e6
    total_hw = g["energy_J"].agg(L.half_width).fillna(0) / 3.6e6
    p = g["power_mean_W"].mean() / 1e3
    standby = g["standby_share"].mean() if "standby_share" in st.columns else pd.Series(np.nan, index=total.index)
    # The state columns sum to energy_J (docs/kpis.md); files written before they existed get one bar.
    states = [s for s in [*L.STATES, "off"] if f"{s}_energy_J" in st.columns]
    fig, ax = plt.subplots(figsize=(max(6, 1.1 * len(total) + 4), 4.4))
    x = np.arange(len(total))
    bottom = np.zeros(len(total))
    for state in states:
        v = g[f"{state}_energy_J"].mean().reindex(total.index).to_numpy() / 3.6e6
        if np.allclose(v, 0):
            continue
        ax.bar(x, v, 0.6, bottom=bottom, label=state.replace("_", " "), color=STATE_COLOURS.get(state, "#616161"))
        bottom += v
    if not states:
        ax.bar(x, total, 0.6, color="#ef6c00", label="all states")
    ax.errorbar(x, total, yerr=total_hw, fmt="none", ecolor="black", capsize=3)
    for xi, ei, pi, si in zip(x, total + total_hw, p, standby):  # above the error bar, clear of it
        text = f"{pi:.3g} kW" + ("" if np.isnan(si) else f"\nstandby {100 * si:.0f} %")
        ax.annotate(text, (xi, ei), xytext=(0, 4), textcoords="offset points", ha="center", fontsize=8)
    ax.set_xticks(x, total.index)
    ax.set_ylabel("electric energy in the measured window [kWh]")
    ax.set_xlabel("station (label: mean power, share of time in standby)")
    ax.set_ylim(0, float(np.nanmax((total + total_hw).to_numpy())) * 1.25 or 1)
    note = " - the model gives no machine power" if total.sum() == 0 else ""
    ax.set_title(f"Machine energy by station and state (total {total.sum():.4g} kWh{note}; error bars: 95 % CI)\n"
                 f"{_subtitle(res)}")
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8, title="machine state", title_fontsize=8)
    fig.tight_layout()
    return fig


# --- sweep figures -------------------------------------------------------------------------------------

def _sweep_kpi(res, opts):
    kpi = opts.get("kpi") or "throughput_per_h"
    tasks = L.replications(res)
    if kpi not in tasks.columns:
        numeric = [c for c in tasks.columns if c not in ("task", "scenario", "replication", "seed", "wall_time_s")
                   and c not in res.factors and np.issubdtype(tasks[c].dtype, np.number)]
        raise L.MissingData(f"{res.path}: no KPI '{kpi}' in /tasks (KPIs: {', '.join(numeric)})")
    return kpi


def _level_value(text):
    """The number in a level such as '2', '6.23 min' or 'exp(4 min)' (for ordering axes), else NaN."""
    m = re.search(r"[-+]?\d*\.?\d+(?:[eE][-+]?\d+)?", str(text))
    return float(m.group()) if m else np.nan


@figure("main-effects", "sweep: main effect of every factor on a KPI (--kpi, default throughput_per_h), 95 % CI",
        kinds=("sweep",), needs=[("tasks", ["status"])])
def _main_effects(res, opts):
    kpi = _sweep_kpi(res, opts)
    me = L.main_effects(res, kpi)
    factors = res.factors
    if not factors:
        raise L.MissingData(f"{res.path}: the sweep has no factors")
    fig, axes = plt.subplots(1, len(factors), figsize=(3.6 * len(factors) + 1, 4), squeeze=False, sharey=True)
    unit = me["unit"].iloc[0] if len(me) else ""
    for ax, f in zip(axes[0], factors):
        d = me[me["factor"] == f]
        conv, u = display(np.r_[d["mean"].to_numpy(), d["half_width"].to_numpy()], unit)
        v, hw = conv[: len(d)], np.nan_to_num(conv[len(d):])
        if len(d) > 12:  # a Latin hypercube: every level once; a scatter on the numeric axis reads better
            xs = [_level_value(level) for level in d["level"]]
            ax.errorbar(xs, v, yerr=hw, fmt="o", capsize=2, alpha=0.8)
            ax.set_xlabel(f"{f} (number in the level)")
        else:
            xs = np.arange(len(d))
            ax.errorbar(xs, v, yerr=hw, fmt="o-", capsize=4, color="#1565c0")
            ax.set_xticks(xs, d["level"], rotation=30 if len(d) > 4 else 0)
            ax.set_xlabel(f)
        ax.set_title(f"factor {f}")
    axes[0][0].set_ylabel(f"{kpi} [{u or 'count'}]")
    fig.suptitle(f"Main effects on {kpi}: mean over all tasks at each level (95 % CI)\n{_subtitle(res)}", fontsize=11)
    fig.tight_layout()
    return fig


@figure("response", "sweep: a KPI (--kpi) against two factors (--factors A,B): heatmap, or scatter for hypercubes",
        kinds=("sweep",), needs=[("tasks", ["status"])])
def _response(res, opts):
    kpi = _sweep_kpi(res, opts)
    factors = opts.get("factors") or res.factors[:2]
    if len(factors) != 2:
        raise L.MissingData(f"{res.path}: the response figure needs two factors (the sweep has "
                            f"{len(res.factors)}: {', '.join(res.factors) or 'none'})")
    a, b = factors
    for f in factors:
        if f not in res.factors:
            raise L.AnalysisError(f"{res.path}: no factor '{f}' (factors: {', '.join(res.factors)})")
    grid = L.response(res, kpi, a, b)
    unit = res.unit("tasks", kpi)
    values, u = display(grid.to_numpy(), unit)
    fig, ax = plt.subplots(figsize=(6.5, 5))
    if grid.shape[0] > 12 or grid.shape[1] > 12:  # hypercube: scattered points, no grid
        tasks = L.replications(res)
        pts = tasks.groupby([a, b], sort=False)[kpi].mean().reset_index()
        c, _ = display(pts[kpi].to_numpy(), unit)
        sc = ax.scatter([_level_value(v) for v in pts[a]], [_level_value(v) for v in pts[b]], c=c, s=60,
                        cmap="viridis")
        ax.set_xlabel(f"{a} (number in the level)")
        ax.set_ylabel(f"{b} (number in the level)")
        fig.colorbar(sc, ax=ax, label=f"{kpi} [{u or 'count'}]")
    else:
        im = ax.imshow(values, cmap="viridis", aspect="auto", origin="lower")
        for i in range(values.shape[0]):
            for j in range(values.shape[1]):
                if np.isfinite(values[i, j]):
                    ax.text(j, i, f"{values[i, j]:.3g}", ha="center", va="center", color="white",
                            fontsize=9, fontweight="bold")
        ax.set_yticks(range(len(grid.index)), grid.index)
        ax.set_xticks(range(len(grid.columns)), grid.columns, rotation=30 if len(grid.columns) > 4 else 0)
        ax.set_ylabel(a)
        ax.set_xlabel(b)
        ax.grid(False)
        fig.colorbar(im, ax=ax, label=f"{kpi} [{u or 'count'}]")
    ax.set_title(f"{kpi} (mean over replications) by {a} and {b}\n{_subtitle(res)}")
    fig.tight_layout()
    return fig


from . import gantt as _gantt  # noqa: E402,F401  (registers the Gantt figure, which reads trace CSV)
from . import energy as _energy  # noqa: E402,F401  (site energy, emissions and the five indicators)
from . import transport as _transport  # noqa: E402,F401  (transport figures)
from . import pathway as _pathway  # noqa: E402,F401  (pathway chart, MAC curve, attribution, side effects)
