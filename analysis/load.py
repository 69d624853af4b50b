"""Any greenfab HDF5 file (run, sweep or pathway) as pandas DataFrames, with its units and provenance.

Table reading itself is `greenfab_h5.read_table`; this module adds what figures and reports need on
top: which kind of file it is, checked access to tables and columns (a clear error naming what is
missing, instead of a KeyError deep in matplotlib), and the across-replication statistics that the file
does not store (confidence intervals of main effects, state shares as one tidy frame).

    from analysis import load
    res = load.load("results.h5")           # raises load.AnalysisError for a missing or foreign file
    res.kind                                # "run", "sweep" or "pathway"
    res.tables["years"]                     # pathway files: /years, /roadmaps, /interventions, /attribution
    res.texts["answer"]                     # pathway files: the terminal answer and the study file
    load.kpi_summary(res)                   # kpi, unit, mean, half_width, n (run files)
    load.station_states(res)                # station x state shares (mean over replications), sum 1
"""

import math
import os
import re
from dataclasses import dataclass, field

import h5py
import numpy as np
import pandas as pd

from . import greenfab_h5 as gh

__all__ = ["AnalysisError", "MissingData", "Results", "load", "replications", "kpi_summary", "station_states",
           "station_table", "main_effects", "response", "t_quantile", "half_width", "STATES", "run_stats",
           "start_time", "hourly", "hourly_totals", "indicators", "parse_duration",
           "parse_time", "window", "pathway_roadmaps", "pathway_years", "pathway_trajectory", "select_roadmaps",
           "side_effect_thresholds", "target_year_reduction", "SIDE_EFFECT_DEFAULTS", "roadmap_dominance",
           "closest_roadmap", "PARETO_OBJECTIVES"]

# Machine states in the order of docs/kpis.md: productive first, losses after, off shift last, so
# stacked bars read from "good" (bottom) to "not planned" (top).
STATES = ["processing", "setup", "warm_up", "idle", "starved_material", "blocked", "down", "standby", "off_shift"]


# Root attribute `format` of each kind of file (docs/hdf5-schema.md, "Provenance"). Run files from
# format 1.2 and sweep files from 1.1 also say `kind`; older ones only `format`, which is enough.
FORMATS = {"greenfab-results": "run", "greenfab-sweep": "sweep", "greenfab-pathway": "pathway"}


class AnalysisError(Exception):
    """Bad input to the analysis tools (missing file, not a greenfab file, missing data): exit code 2."""


class MissingData(AnalysisError):
    """The file lacks a table or column a figure needs (e.g. energy series before that feature exists)."""


@dataclass
class Results:
    """One greenfab results file, read whole (files are small: tables of replications, not events)."""
    path: str
    kind: str                                   # "run" (format greenfab-results), "sweep" (greenfab-sweep) or
                                                # "pathway" (greenfab-pathway; older files: kind = "pathway")
    meta: dict                                  # root attributes
    tables: dict = field(default_factory=dict)  # "runs", "stations", "summary/kpis", ... -> DataFrame
    units: dict = field(default_factory=dict)   # same keys -> {column: unit}
    texts: dict = field(default_factory=dict)   # pathway files: "answer", "study_text" (string datasets)

    @property
    def name(self):
        """A title for figures: the experiment's name for sweeps, the model's for runs, the study's for pathways."""
        return (self.meta.get("experiment_name") or self.meta.get("model_name") or self.meta.get("name")
                or os.path.basename(self.path))

    @property
    def factors(self):
        """Factor names of a sweep, in design order ([] for run files)."""
        return gh._strings(self.meta.get("factors", [])) if self.kind == "sweep" else []

    def has(self, table, columns=()):
        """True if `table` exists, has rows and has every column in `columns`."""
        df = self.tables.get(table)
        return df is not None and len(df) > 0 and all(c in df.columns for c in columns)

    def require(self, table, columns=(), purpose=""):
        """The table, or MissingData saying which table/columns are missing and what needed them."""
        df = self.tables.get(table)
        why = f" (needed for {purpose})" if purpose else ""
        if df is None or len(df.columns) == 0:
            raise MissingData(f"{self.path}: no table /{table}{why}")
        if len(df) == 0:
            raise MissingData(f"{self.path}: table /{table} has no rows{why}")
        missing = [c for c in columns if c not in df.columns]
        if missing:
            raise MissingData(f"{self.path}: table /{table} has no column {', '.join(missing)}{why}")
        return df

    def unit(self, table, column):
        """The `units` attribute of a column ("" if unknown)."""
        return self.units.get(table, {}).get(column, "")


def load(path):
    """Reads a greenfab run, sweep or pathway file. AnalysisError if it is missing, not HDF5 or not greenfab's."""
    if not os.path.exists(path):
        raise AnalysisError(f"{path}: no such file")
    try:
        f = h5py.File(path, "r")
    except OSError as e:
        raise AnalysisError(f"{path}: not an HDF5 file ({e})") from None
    with f:
        meta = {k: (v.decode("utf-8") if isinstance(v, bytes) else v.item() if isinstance(v, np.generic) else v)
                for k, v in f.attrs.items()}
        kind = FORMATS.get(meta.get("format"))
        if kind is None and meta.get("kind") == "pathway":  # pathway files before their format 1.0 had only `kind`
            kind = "pathway"
        if kind is None:
            raise AnalysisError(f"{path}: not a greenfab results file (root attribute format = "
                                f"{meta.get('format', 'missing')!r}, expected one of {', '.join(map(repr, FORMATS))}; "
                                "or kind = 'pathway')")
        res = Results(path=path, kind=kind, meta=meta)
        for name in ("answer", "study_text"):
            if kind == "pathway" and isinstance(f.get(name), h5py.Dataset):
                res.texts[name] = f[name].asstr()[()]

        def visit(name, obj):
            if gh.is_table(obj):
                res.tables[name] = gh.read_table(obj)
                res.units[name] = gh.units(obj)

        f.visititems(visit)
    return res


# --- times on the command line ---------------------------------------------------------------------

_TIME_UNITS = {"s": 1, "sec": 1, "min": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_duration(text):
    """'90', '90 s', '30min', '8 h', '2d' -> seconds (the simulator's unit symbols for time)."""
    m = re.fullmatch(r"\s*([-+]?\d*\.?\d+(?:[eE][-+]?\d+)?)\s*([a-z]*)\s*", str(text))
    if not m or (m.group(2) and m.group(2) not in _TIME_UNITS):
        raise AnalysisError(f"'{text}' is not a duration (e.g. 30 min, 8 h, 2 d)")
    return float(m.group(1)) * _TIME_UNITS.get(m.group(2) or "s")


def parse_time(text, start=None, bare="d"):
    """A point in simulated time [s] from the command line: an ISO date or date-time ('2025-04-08',
    '2025-04-08T06:00', needs the file's start date `start`), a duration since simulated time 0
    ('36 h', '2 d'), or a bare number in `bare` units (days for the hourly figures: '--from 2')."""
    s = str(text).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?)?", s):
        if start is None:
            raise AnalysisError(f"'{s}': a calendar date needs the run's start date (run.start), which the file "
                                "does not have; give the time since the start instead, e.g. 2 d")
        return (pd.Timestamp(s) - start).total_seconds()
    if re.fullmatch(r"[-+]?\d*\.?\d+(?:[eE][-+]?\d+)?", s):
        return float(s) * _TIME_UNITS[bare]
    try:
        return parse_duration(s)
    except AnalysisError:
        raise AnalysisError(f"'{s}' is neither a date (2025-04-08), a duration (36 h, 2 d) nor a number of days")\
            from None


# --- statistics ------------------------------------------------------------------------------------

# Two-sided 95 % Student-t quantiles t(0.975, df) for df = 1..30; beyond, the normal quantile is within
# 2 % (greenfab's C++ Summary uses the same 95 % level, so CIs here match the file's `_hw` columns).
_T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145,
         2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048,
         2.045, 2.042]


def t_quantile(df):
    """t(0.975, df): the factor of a 95 % two-sided confidence half-width."""
    if df < 1:
        return math.nan
    return _T975[df - 1] if df <= 30 else 1.960 + 2.4 / df  # 2.4/df: error < 0.3 % of the exact value


def half_width(values):
    """95 % Student-t confidence half-width of the mean of independent values (NaN with fewer than 2)."""
    x = np.asarray(values, dtype=float)
    x = x[~np.isnan(x)]
    if len(x) < 2:
        return math.nan
    return t_quantile(len(x) - 1) * x.std(ddof=1) / math.sqrt(len(x))


# --- tidy views ------------------------------------------------------------------------------------

def replications(res):
    """Successful replications (run file: /runs) or tasks (sweep file: /tasks), one row each, KPIs as
    columns. Failed ones are dropped: their KPIs are NaN."""
    table = "runs" if res.kind == "run" else "tasks"
    df = res.require(table, ["status"], "per-replication KPIs")
    return df[df["status"] == "ok"].reset_index(drop=True)


def kpi_summary(res):
    """One row per KPI: kpi, unit, description, mean, half_width (95 %), n. Run files store it
    (/summary/kpis); for sweep files it is computed over all successful tasks (pooled over scenarios)."""
    if res.kind == "run":
        return res.require("summary/kpis", ["kpi", "mean", "half_width"], "the KPI table")
    tasks = replications(res)
    skip = {"task", "scenario", "replication", "seed", "wall_time_s", "status", *res.factors}
    rows = []
    for c in tasks.columns:
        if c in skip or not np.issubdtype(tasks[c].dtype, np.number):
            continue
        x = tasks[c].to_numpy(dtype=float)
        rows.append({"kpi": c, "unit": res.unit("tasks", c), "description": "", "mean": np.nanmean(x),
                     "half_width": half_width(x), "n": int(np.sum(~np.isnan(x)))})
    return pd.DataFrame(rows)


def station_table(res, purpose="station figures"):
    """Per-run station rows (/stations): replication x station in run files, task x station in sweep
    files (with `outputs: all`, the default)."""
    return res.require("stations", ["station"], purpose)


def station_states(res, statistic="mean"):
    """Station x state: the share of machine time in each state, mean over replications (rows sum to 1),
    or with statistic="half_width" the 95 % half-widths. Columns follow STATES; states the file does not
    have are left out. Sweep files: pooled over all tasks."""
    st = station_table(res, "state shares")
    cols = [f"{s}_share" for s in STATES if f"{s}_share" in st.columns]
    if not cols:
        raise MissingData(f"{res.path}: /stations has no *_share columns (needed for state shares)")
    order = list(dict.fromkeys(st["station"]))  # line order, as written
    agg = "mean" if statistic == "mean" else half_width
    out = st.groupby("station", sort=False)[cols].agg(agg).reindex(order)
    out.columns = [c[: -len("_share")] for c in cols]
    return out


def main_effects(res, kpi):
    """Main effects of a sweep with 95 % CIs: factor, level, mean, half_width, n, unit. The mean is over
    the successful tasks whose factor has that level (as /main_effects stores it); the half-width treats
    those tasks as independent, which is conservative under common random numbers."""
    if res.kind != "sweep":
        raise MissingData(f"{res.path}: main effects need a sweep file (this is a {res.kind} file)")
    tasks = replications(res)
    if kpi not in tasks.columns:
        raise MissingData(f"{res.path}: /tasks has no KPI {kpi!r}")
    rows = []
    for f in res.factors:
        for level in dict.fromkeys(tasks[f]):  # levels in order of first appearance, as in the design
            x = tasks.loc[tasks[f] == level, kpi].to_numpy(dtype=float)
            rows.append({"factor": f, "level": level, "mean": np.nanmean(x), "half_width": half_width(x),
                         "n": int(np.sum(~np.isnan(x))), "unit": res.unit("tasks", kpi)})
    return pd.DataFrame(rows)


def response(res, kpi, row_factor, column_factor):
    """Two-factor response: mean of `kpi` over successful tasks for every (row level, column level),
    as a DataFrame indexed by row_factor's levels with one column per column_factor level."""
    tasks = replications(res)
    for c in (row_factor, column_factor, kpi):
        if c not in tasks.columns:
            raise MissingData(f"{res.path}: /tasks has no column {c!r}")
    rows = list(dict.fromkeys(tasks[row_factor]))
    cols = list(dict.fromkeys(tasks[column_factor]))
    return tasks.pivot_table(index=row_factor, columns=column_factor, values=kpi, aggfunc="mean").reindex(
        index=rows, columns=cols)


# --- site energy, emissions, resources and transport ----------------------------------------------

def run_stats(res, columns, per_part=False, purpose="this figure", derived=None):
    """Mean, 95 % half-width and n over successful replications of /runs columns, one row per column
    (index: the column), with its unit. per_part=True divides each replication by its output_parts first
    (the ratio of means is not the mean of ratios: per replication keeps the CI honest). `derived` adds
    columns computed per replication: {name: (function of the /runs frame, unit)}."""
    runs = replications(res).copy()
    units = {}
    for name, (fn, unit) in (derived or {}).items():
        runs[name] = fn(runs)
        units[name] = unit
    missing = [c for c in columns if c not in runs.columns]
    if missing:
        raise MissingData(f"{res.path}: /runs has no column {', '.join(missing)} (needed for {purpose})")
    if per_part and "output_parts" not in runs.columns:
        raise MissingData(f"{res.path}: /runs has no column output_parts (needed for per-part values)")
    rows = []
    for c in columns:
        x = runs[c].to_numpy(dtype=float)
        if per_part:
            good = runs["output_parts"].to_numpy(dtype=float)
            x = np.where(good > 0, x / np.where(good > 0, good, 1), np.nan)
        rows.append({"column": c, "unit": units.get(c) or res.unit("runs", c), "mean": np.nanmean(x) if len(x) else np.nan,
                     "half_width": half_width(x), "n": int(np.sum(~np.isnan(x)))})
    return pd.DataFrame(rows).set_index("column")


def start_time(res):
    """Calendar time of simulated time 0 (root attribute `start`) as a pandas Timestamp, or None."""
    text = str(res.meta.get("start") or "").strip()
    if not text:
        return None
    try:
        return pd.Timestamp(text)
    except ValueError:
        return None


def hourly(res, replication=0):
    """The /hourly table of one replication (one row per clock hour of the measured window), sorted by
    time, with `time` (calendar time of the period start when the file has a start date, else NaT) and
    `mid_s` added. MissingData if the file has no hourly series or not that replication."""
    h = res.require("hourly", ["replication", "start_s", "duration_s"], "hourly energy series")
    reps = sorted(set(int(r) for r in h["replication"]))
    rows = h[h["replication"] == replication]
    if rows.empty:
        raise MissingData(f"{res.path}: /hourly has no replication {replication} (replications: "
                          f"{', '.join(map(str, reps))})")
    rows = rows.sort_values("start_s").reset_index(drop=True)
    t0 = start_time(res)
    rows["time"] = (t0 + pd.to_timedelta(rows["start_s"], unit="s")) if t0 is not None else pd.NaT
    rows["mid_s"] = rows["start_s"] + rows["duration_s"] / 2
    return rows


def window(res, rows, start=None, end=None, default_days=7, what="hourly rows"):
    """The rows (with start_s and duration_s) that overlap the window from `start` to `end` (command-line
    text for parse_time: dates, durations or days; default the first `default_days` of the rows), and
    the window (lo_s, hi_s). MissingData if no row is in it."""
    t0 = start_time(res)
    first, last = rows["start_s"].iloc[0], (rows["start_s"] + rows["duration_s"]).iloc[-1]
    lo = parse_time(start, t0) if start else first
    hi = parse_time(end, t0) if end else lo + default_days * 86400
    if not hi > lo:
        raise AnalysisError(f"empty window: --to ({hi / 86400:g} d) is not after --from ({lo / 86400:g} d)")
    w = rows[(rows["start_s"] + rows["duration_s"] > lo) & (rows["start_s"] < hi)]
    if w.empty:
        raise MissingData(f"{res.path}: no {what} between {lo / 86400:g} d and {hi / 86400:g} d of simulated "
                          f"time (they cover {first / 86400:g} d to {last / 86400:g} d)")
    return w, (lo, hi)


def hourly_totals(res, columns):
    """Sum of /hourly columns per replication (index: replication): the hourly series add up to the
    window totals in /runs, which the tests check."""
    h = res.require("hourly", ["replication", *columns], "hourly totals")
    return h.groupby("replication")[list(columns)].sum()


def indicators(res):
    """The five indicators of the Danish baseline (plus primary resource use) from /indicators: one row
    per indicator with unit, covers, and mean / 95 % half-width / n of `total` and `per_good_part` over
    replications, in the row's unit."""
    ind = res.require("indicators", ["indicator", "unit", "total", "per_good_part"], "the indicators")
    rows = []
    for name, g in ind.groupby("indicator", sort=False):
        row = {"indicator": name, "unit": g["unit"].iloc[0],
               "covers": g["covers"].iloc[0] if "covers" in g.columns else ""}
        for c in ("total", "per_good_part"):
            x = g[c].to_numpy(dtype=float)
            row[c] = np.nanmean(x) if np.any(~np.isnan(x)) else np.nan
            row[f"{c}_hw"] = half_width(x)
        row["n"] = len(g)
        rows.append(row)
    return pd.DataFrame(rows).set_index("indicator")


# --- pathway files (greenfab pathway, docs/pathways.md) ---------------------------------------------

# The study's side-effect thresholds when it does not set them (sim/experiment/PathwaySpec.hpp).
SIDE_EFFECT_DEFAULTS = {"throughput": 0.02, "lead_time": 0.10, "on_time": 0.02, "trade_off": 0.01}


def _need_pathway(res, purpose):
    if res.kind != "pathway":
        raise MissingData(f"{res.path}: {purpose} needs a pathway file (this is a {res.kind} file)")


def pathway_roadmaps(res):
    """/roadmaps: one row per roadmap (no_measures first, the reference), in the study's order."""
    _need_pathway(res, "the roadmap table")
    return res.require("roadmaps", ["roadmap"], "the roadmap table")


def select_roadmaps(res, names=None):
    """The roadmap names to show: all of /roadmaps in file order, or `names` (a list or 'a,b') checked
    against the file (AnalysisError naming the roadmaps it has)."""
    have = list(pathway_roadmaps(res)["roadmap"])
    if not names:
        return have
    if isinstance(names, str):
        names = [n.strip() for n in names.split(",") if n.strip()]
    unknown = [n for n in names if n not in have]
    if unknown:
        raise AnalysisError(f"{res.path}: no roadmap {', '.join(unknown)} (roadmaps: {', '.join(have)})")
    return list(dict.fromkeys(names))


def pathway_years(res, roadmap=None):
    """/years (roadmap x year x replication), year and replication as int; only `roadmap`'s rows if given."""
    _need_pathway(res, "the yearly results")
    y = res.require("years", ["roadmap", "year", "replication"], "the yearly results").copy()
    y["year"] = y["year"].astype(int)
    y["replication"] = y["replication"].astype(int)
    return y[y["roadmap"] == roadmap].reset_index(drop=True) if roadmap is not None else y


def pathway_trajectory(res, column, roadmaps=None):
    """Mean, 95 % half-width and n over replications of a /years column for every roadmap and simulated
    year: columns roadmap, year, mean, half_width, n (roadmaps in the order given, years ascending)."""
    y = pathway_years(res)
    if column not in y.columns:
        raise MissingData(f"{res.path}: /years has no column {column}")
    rows = []
    for r in roadmaps or list(dict.fromkeys(y["roadmap"])):
        g = y[y["roadmap"] == r]
        for year, gy in g.groupby("year", sort=True):
            x = gy[column].to_numpy(dtype=float)
            rows.append({"roadmap": r, "year": int(year), "mean": np.nanmean(x) if np.any(~np.isnan(x)) else np.nan,
                         "half_width": half_width(x), "n": int(np.sum(~np.isnan(x)))})
    return pd.DataFrame(rows, columns=["roadmap", "year", "mean", "half_width", "n"])


def _fraction(text):
    """'2 %' -> 0.02, '0.02' -> 0.02 (the study file's way of writing a threshold); None if not a number."""
    m = re.fullmatch(r"\s*['\"]?([-+]?\d*\.?\d+(?:[eE][-+]?\d+)?)\s*(%?)\s*['\"]?\s*", text)
    if not m:
        return None
    return float(m.group(1)) / (100 if m.group(2) else 1)


def side_effect_thresholds(res):
    """The study's side-effect thresholds {throughput, lead_time, on_time, trade_off} as fractions: the
    root attributes side_effect_<key>; files written before those existed: read from the study text
    (/study_text, key side_effects, flow or block map), defaults (SIDE_EFFECT_DEFAULTS) for keys it does not set."""
    if all(f"side_effect_{k}" in res.meta for k in SIDE_EFFECT_DEFAULTS):
        return {k: float(res.meta[f"side_effect_{k}"]) for k in SIDE_EFFECT_DEFAULTS}
    out = dict(SIDE_EFFECT_DEFAULTS)
    text = res.texts.get("study_text", "")
    m = re.search(r"^side_effects:[ \t]*(\{[^}]*\}|(?:#.*)?\n(?:[ \t]+.*\n?)*)", text, re.M)
    if m:
        body = re.sub(r"#.*", "", m.group(1)).strip().strip("{}")
        for item in re.split(r"[,\n]", body):
            if ":" in item:
                key, value = (p.strip() for p in item.split(":", 1))
                v = _fraction(value)
                if key in out and v is not None:
                    out[key] = v
    return out


def target_year_reduction(res):
    """Per roadmap: the target-year reduction of emissions and energy use against no_measures in the target
    year, from /years (mean over replications of no_measures minus mean of the roadmap) -- the total that
    /attribution splits over the measures (docs/pathways.md). Index roadmap; columns
    emissions_reduction_per_year_kg, energy_reduction_per_year_J."""
    y = pathway_years(res)
    target = int(res.meta.get("target_year", y["year"].max()))
    t = y[y["year"] == target]
    means = t.groupby("roadmap", sort=False)[["emissions_per_year_kg", "energy_use_per_year_J"]].mean()
    if "no_measures" not in means.index:
        raise MissingData(f"{res.path}: /years has no no_measures rows in {target} (the reference)")
    out = means.loc["no_measures"] - means
    out.columns = ["emissions_reduction_per_year_kg", "energy_reduction_per_year_J"]
    return out


# Dominance among roadmaps (docs/pathways.md, "Dominance and the closest roadmap"; the same rule as
# sim/experiment/PathwayAnalysis.cpp): all three minimised.
PARETO_OBJECTIVES = ["net_present_cost", "emissions_change_target_year", "energy_change_target_year"]


def roadmap_dominance(rm):
    """Per /roadmaps row (same index): `dominated` (another roadmap is no worse in net present cost,
    target-year emissions and target-year energy and better in one) and `on_front` (compared and not
    dominated). A row with a NaN objective is not compared: neither. When the file carries its own
    `dominated` column (0/1) that is used instead of recomputing it."""
    x = rm[PARETO_OBJECTIVES].to_numpy(dtype=float) if set(PARETO_OBJECTIVES) <= set(rm.columns) else \
        np.full((len(rm), 3), np.nan)
    comparable = np.all(np.isfinite(x), axis=1)
    if "dominated" in rm.columns:
        flag = rm["dominated"].to_numpy(dtype=float)
        dominated = flag == 1
        on_front = flag == 0
    else:
        dominated = np.zeros(len(rm), dtype=bool)
        for i in np.flatnonzero(comparable):
            others = comparable.copy()
            others[i] = False
            no_worse = np.all(x[others] <= x[i], axis=1)
            better = np.any(x[others] < x[i], axis=1)
            dominated[i] = bool(np.any(no_worse & better))
        on_front = comparable & ~dominated
    return pd.DataFrame({"dominated": dominated, "on_front": on_front}, index=rm.index)


def closest_roadmap(rm, target_emissions, target_energy):
    """The /roadmaps row (its index label) to present as closest to the targets (relative changes, -0.75):
    on the Pareto front only, the smallest shortfall max(0, emissions change - target) + max(0, energy
    change - target), then the lower net present cost, then file order. None if no row is on the front."""
    front = rm[roadmap_dominance(rm)["on_front"].to_numpy()]
    if front.empty:
        return None
    gap = (np.maximum(front["emissions_change_target_year"] - target_emissions, 0) +
           np.maximum(front["energy_change_target_year"] - target_energy, 0))
    order = pd.DataFrame({"gap": gap, "npc": front["net_present_cost"], "pos": np.arange(len(front))},
                         index=front.index).sort_values(["gap", "npc", "pos"], kind="mergesort")
    return order.index[0]
