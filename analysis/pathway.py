"""Figures of pathway files (`greenfab pathway STUDY.yaml -o pathway.h5`, docs/pathways.md): the pathway
chart, the marginal abatement cost curve, the attribution of the reduction to measures, the side
effects on production and delivery, and (files with a /sensitivity table) the tornado of what the answer
depends on. Registered in analysis.figures' registry (kind "pathway", report
section "pathway"); the data they read is in docs/hdf5-schema.md, "Pathway files"."""

import numpy as np

from . import load as L
from .figures import figure, number, plt, readable

__all__ = ["ROADMAP_COLOURS", "roadmap_colours", "target_text"]

NO_MEASURES = "no_measures"
REFERENCE_COLOUR = "#616161"
ROADMAP_COLOURS = ["#1565c0", "#2e7d32", "#ef6c00", "#8e24aa", "#00838f", "#c62828", "#6d4c41", "#ad1457"]
CATEGORY_COLOURS = {"lean": "#1565c0", "green_kaizen": "#2e7d32", "energy_supply": "#f9a825",
                    "transport": "#8e24aa", "circularity": "#00838f"}
TARGET_COLOUR = "#c62828"


def roadmap_colours(res):
    """{roadmap: colour}: no_measures grey, the others in file order, the same in every pathway figure."""
    names = [r for r in L.pathway_roadmaps(res)["roadmap"] if r != NO_MEASURES]
    out = {r: ROADMAP_COLOURS[i % len(ROADMAP_COLOURS)] for i, r in enumerate(names)}
    out[NO_MEASURES] = REFERENCE_COLOUR
    return out


def _pct(x):
    return f"{100 * x:+.0f} %" if np.isfinite(x) else "-"


def _target_year(res):
    return int(res.meta.get("target_year", 2040))


def _base_year(res):
    return int(res.meta.get("base_year", 2025))


def _subtitle(res):
    m = res.meta
    return (f"{res.name}: base year {_base_year(res)}, {m.get('replications', '?')} replications "
            f"(common random numbers across roadmaps)")


def target_text(row, what, target_year):
    """'2031 +/- 1.2' / '2031 (50 % of replications)' / 'not by 2040' for a /roadmaps row; what =
    'emissions' or 'energy'."""
    mean, hw = row[f"{what}_target_year_mean"], row[f"{what}_target_year_hw"]
    share = row[f"{what}_target_reached_share"]
    if not np.isfinite(mean):
        return f"not reached by {target_year}"
    text = f"{mean:.0f}"
    if np.isfinite(hw) and hw >= 0.05:
        text += f" \u00b1 {hw:.1f}"
    if np.isfinite(share) and share < 1:
        text += f" ({100 * share:.0f} % of replications)"
    return text


# --- the pathway chart ----------------------------------------------------------------------------------

@figure("pathway", "pathway chart: emissions and energy per year vs the base year (%) for each roadmap, 95 % "
        "bands over replications, the target lines and the year each target is reached (--roadmaps a,b)",
        kinds=("pathway",), section="pathway",
        needs=[("years", ["roadmap", "year", "replication", "emissions_change", "energy_change"]),
               ("roadmaps", ["roadmap", "emissions_target_year_mean", "emissions_target_year_hw",
                             "emissions_target_reached_share", "energy_target_year_mean", "energy_target_year_hw",
                             "energy_target_reached_share"])])
def _pathway(res, opts):
    chosen = L.select_roadmaps(res, opts.get("roadmaps"))
    if NO_MEASURES not in chosen:
        chosen = [NO_MEASURES, *chosen]  # the reference is always drawn
    rm = L.pathway_roadmaps(res).set_index("roadmap")
    colours = roadmap_colours(res)
    base, target = _base_year(res), _target_year(res)
    panels = [("emissions", "emissions_change", float(res.meta.get("target_emissions", -0.75)),
               f"greenhouse-gas emissions ({res.meta.get('emissions_kpi', 'CO2e')})"),
              ("energy", "energy_change", float(res.meta.get("target_energy", -0.75)),
               f"energy use ({res.meta.get('energy_kpi', 'all carriers')})")]
    fig, axes = plt.subplots(1, 2, figsize=(13, 5.6), sharey=True)
    lows = []
    for ax, (what, column, goal, label) in zip(axes, panels):
        traj = L.pathway_trajectory(res, column, chosen)
        for i, r in enumerate(chosen):
            t = traj[traj["roadmap"] == r]
            if t.empty:
                continue
            years = t["year"].to_numpy()
            mean = 100 * t["mean"].to_numpy()
            hw = 100 * np.nan_to_num(t["half_width"].to_numpy())
            lows.append(np.nanmin(mean - hw))
            c = colours.get(r, REFERENCE_COLOUR)
            style = "--" if r == NO_MEASURES else "-"
            ax.plot(years, mean, style, marker="o", ms=4, color=c, lw=2 if r != NO_MEASURES else 1.5,
                    label=f"{r}: {target_text(rm.loc[r], what, target)}")
            ax.fill_between(years, mean - hw, mean + hw, color=c, alpha=0.15, lw=0)
            y_mean, y_hw = rm.at[r, f"{what}_target_year_mean"], rm.at[r, f"{what}_target_year_hw"]
            if np.isfinite(y_mean):
                # The year the target is reached: a marker on the target line, its 95 % CI as a bar just
                # below it (staggered per roadmap so the bars stay apart), the year written above.
                y_bar = 100 * goal - 2.2 * (i + 1)
                if np.isfinite(y_hw) and y_hw > 0:
                    ax.errorbar([y_mean], [y_bar], xerr=[[y_hw], [y_hw]], fmt="|", ms=6, color=c, capsize=3,
                                lw=1.5, zorder=4)
                ax.plot([y_mean], [100 * goal], "v", ms=10, color=c, mec="black", mew=0.8, zorder=5)
                ax.annotate(f"{y_mean:.0f}", (y_mean, 100 * goal), xytext=(0, 8 + 9 * i), textcoords="offset points",
                            ha="center", fontsize=8, color=c, fontweight="bold")
        ax.axhline(100 * goal, color=TARGET_COLOUR, ls=":", lw=1.8, label=f"target {goal * 100:.0f} % by {target}")
        ax.axhline(0, color="black", lw=0.8)
        ax.axvline(target, color="#9e9e9e", lw=0.8, ls="-.")
        ax.set_xlim(base - 0.5, target + 0.8)
        ax.set_xlabel("year (dots: simulated years, linear between them; \u25bc: year the target is reached, "
                      "bar below it: 95 % CI)", fontsize=8)
        ax.set_title(f"{label}\nchange vs no measures in {base}: mean and 95 % band over replications")
        ax.legend(fontsize=8, loc="lower left", title="roadmap: year the target is reached", title_fontsize=8,
                  framealpha=0.92)
    low = min([*lows, 100 * panels[0][2], 100 * panels[1][2]])
    axes[0].set_ylim(min(low - 10, -100), 15)
    axes[0].set_ylabel(f"change vs {base} [%]")
    fig.suptitle(f"Which roadmap reaches {panels[0][2] * 100:.0f} % emissions and {panels[1][2] * 100:.0f} % energy "
                 f"by {target}?\n{_subtitle(res)}", fontsize=12)
    fig.tight_layout()
    return fig


# --- marginal abatement cost curve -----------------------------------------------------------------------

@figure("mac", "marginal abatement cost curve: each measure alone in the target year, width = t CO2e abated per "
        "year, height = cost per tonne (below zero: saves money), sorted by cost", kinds=("pathway",),
        section="pathway",
        needs=[("interventions", ["intervention", "category", "abatement_per_year_kg", "mac_per_t"])])
def _mac(res, opts):
    iv = res.require("interventions", ["intervention", "abatement_per_year_kg", "mac_per_t"], "the MAC curve")
    currency = res.meta.get("currency", "") or res.unit("interventions", "mac_per_t")
    ok = iv[np.isfinite(iv["mac_per_t"]) & (iv["abatement_per_year_kg"] > 0)].sort_values("mac_per_t", kind="stable")
    left_out = [str(x) for x in iv.loc[~iv.index.isin(ok.index), "intervention"]]
    widths = ok["abatement_per_year_kg"].to_numpy(dtype=float) / 1000  # t CO2e per year
    heights = ok["mac_per_t"].to_numpy(dtype=float)
    lefts = np.r_[0, np.cumsum(widths)[:-1]]
    fig, ax = plt.subplots(figsize=(max(8, 0.9 * len(ok) + 5), 5.4))
    seen = set()
    # Narrow bars (under 3 % of the curve's width) are listed in a box instead of labelled, and the cost axis
    # follows the wide bars, so one tiny measure with a huge cost per tonne does not flatten the curve.
    total_w = max(widths.sum(), 1e-12)
    wide = widths >= 0.03 * total_w
    core = heights[wide] if wide.any() else heights
    if len(core):
        lo, hi = min(0.0, np.nanmin(core)), max(0.0, np.nanmax(core))
        pad = 0.3 * ((hi - lo) or max(np.nanmax(np.abs(heights)), 1.0))
        y_lo, y_hi = lo - pad, hi + pad
    narrow = []
    for x, w, h, is_wide, (_, r) in zip(lefts, widths, heights, wide, ok.iterrows()):
        cat = str(r.get("category", ""))
        c = CATEGORY_COLOURS.get(cat, "#757575")
        ax.bar(x, h, w, align="edge", color=c, edgecolor="white", lw=1,
               label=cat.replace("_", " ") if cat not in seen else None)
        seen.add(cat)
        clipped = len(core) and not (y_lo <= h <= y_hi)
        if is_wide and not clipped:
            ax.annotate(f"{r['intervention']}\n{number(h)}", (x + w / 2, h), xytext=(0, 3 if h >= 0 else -3),
                        textcoords="offset points", ha="center", va="bottom" if h >= 0 else "top", fontsize=8)
        else:
            narrow.append(f"{r['intervention']}: {number(h)} {currency}/t, {number(w)} t/a"
                          + (" (bar cut at the axis)" if clipped else ""))
    ax.axhline(0, color="black", lw=1)
    if len(ok):
        ax.set_ylim(y_lo, y_hi)
        ax.set_xlim(0, total_w * 1.02)
    else:
        ax.text(0.5, 0.5, "no measure abates emissions on its own", transform=ax.transAxes, ha="center")
    if narrow:
        ax.text(1.01, 1.0, "narrow or cut bars, left to right:\n" + "\n".join(narrow), transform=ax.transAxes,
                ha="left", va="top", fontsize=7.5, bbox={"boxstyle": "round", "fc": "white", "ec": "#bdbdbd"})
    ax.set_xlabel(f"emissions abated [t CO2e per year]\n(each measure alone at full effect in {_target_year(res)} vs "
                  "no measures; combined measures interact, so widths do not add exactly)", fontsize=9)
    ax.set_ylabel(f"abatement cost [{currency} per t CO2e]")
    if seen:
        ax.legend(title="category", fontsize=8, title_fontsize=8, loc="upper left")
    note = f"\nnot on the curve (no abatement on its own): {', '.join(left_out)}" if left_out else ""
    ax.set_title(f"Which measures cut CO2e most cheaply? Marginal abatement cost, {_target_year(res)}; "
                 f"below zero: the measure saves money\n{_subtitle(res)}{note}", fontsize=10)
    fig.tight_layout()
    return fig


def _reference_mean(res, reduction_column):
    """no_measures' target-year mean of the quantity a /attribution column reduces (SI), for shares."""
    column = {"emissions_reduction_per_year_kg": "emissions_per_year_kg",
              "energy_reduction_per_year_J": "energy_use_per_year_J"}[reduction_column]
    y = L.pathway_years(res, NO_MEASURES)
    return float(y.loc[y["year"] == _target_year(res), column].mean())


_SCALE = {"kg": 1.0, "t": 1e-3, "kWh": 1 / 3.6e6, "MWh": 1 / 3.6e9, "GWh": 1 / 3.6e12}


# --- attribution ----------------------------------------------------------------------------------------

@figure("attribution", "attribution: the target-year reduction of emissions and energy vs no measures split over "
        "each roadmap's measures (Shapley values or sequential), stacked, adding up to the total",
        kinds=("pathway",), section="pathway",
        needs=[("attribution", ["roadmap", "intervention", "method", "emissions_reduction_per_year_kg",
                                "energy_reduction_per_year_J"]),
               ("years", ["roadmap", "year", "replication", "emissions_per_year_kg", "energy_use_per_year_J"])])
def _attribution(res, opts):
    at = res.tables["attribution"]
    have = list(dict.fromkeys(at["roadmap"]))
    chosen = [r for r in L.select_roadmaps(res, opts.get("roadmaps")) if r in have]
    if not chosen:
        raise L.MissingData(f"{res.path}: /attribution has no rows for the roadmaps chosen "
                            f"(roadmaps with an attribution: {', '.join(have) or 'none'})")
    totals = L.target_year_reduction(res)
    measures = list(dict.fromkeys(at.loc[at["roadmap"].isin(chosen), "intervention"]))
    cmap = plt.get_cmap("tab20")
    colours = {m: cmap(i % 20) for i, m in enumerate(measures)}
    methods = sorted(set(at.loc[at["roadmap"].isin(chosen), "method"]))
    fig, axes = plt.subplots(1, 2, figsize=(max(10, 2.2 * len(chosen) + 6), 5.4))
    panels = [("emissions_reduction_per_year_kg", "kg", "CO2e emissions", " CO2e"),
              ("energy_reduction_per_year_J", "J", "energy use", "")]
    x = np.arange(len(chosen))
    for ax, (column, unit, what, suffix) in zip(axes, panels):
        allv = at.loc[at["roadmap"].isin(chosen), column].to_numpy(dtype=float)
        tot = totals.loc[chosen, column].to_numpy(dtype=float)
        _, u = readable(np.r_[allv, tot], unit)
        scale = _SCALE[u]  # SI -> the readable unit chosen for the largest value
        up, down = np.zeros(len(chosen)), np.zeros(len(chosen))
        labelled = set()
        for m in measures:
            v = np.array([at.loc[(at["roadmap"] == r) & (at["intervention"] == m), column].sum() * scale
                          for r in chosen])
            present = np.array([((at["roadmap"] == r) & (at["intervention"] == m)).any() for r in chosen])
            if not present.any():
                continue
            pos, neg = np.where(v > 0, v, 0), np.where(v < 0, v, 0)
            ax.bar(x, pos, 0.6, bottom=up, color=colours[m], edgecolor="white", lw=0.5,
                   label=m if m not in labelled else None)
            labelled.add(m)
            ax.bar(x, neg, 0.6, bottom=down, color=colours[m], edgecolor="white", lw=0.5, hatch="//")
            up, down = up + pos, down + neg
        total = tot * scale
        ax.plot(x, total, "D", color="black", ms=7, label="total (no measures minus roadmap, /years)", zorder=5)
        ref = _reference_mean(res, column)
        for xi, t in zip(x, total):
            share = f"\n{100 * t / scale / ref:.0f} % of no measures" if ref > 0 else ""
            ax.annotate(f"{number(t)} {u}{share}", (xi, max(t, 0)), xytext=(0, 6), textcoords="offset points",
                        ha="center", fontsize=8, fontweight="bold")
        ax.axhline(0, color="black", lw=0.8)
        ax.set_xticks(x, chosen, rotation=20 if len(chosen) > 3 else 0)
        ax.set_ylabel(f"reduction in {_target_year(res)} [{u}{suffix} per year]")
        ax.set_title(f"{what}: reduction vs no measures in {_target_year(res)}")
        top = max(np.nanmax(np.r_[up, total]), 0)
        bottom = min(np.nanmin(np.r_[down, total]), 0)
        ax.set_ylim(bottom - 0.1 * (top - bottom or 1), top + 0.22 * (top - bottom or 1))
    axes[1].legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8, title="measure (hatched: raises it)",
                   title_fontsize=8)
    fig.suptitle(f"What does each measure contribute to the {_target_year(res)} reduction? "
                 f"({' / '.join(methods)} attribution: the parts add up to the total)\n{_subtitle(res)}", fontsize=11)
    fig.tight_layout()
    return fig


# --- side effects ---------------------------------------------------------------------------------------

def _paired_hw(res, column, roadmap, relative):
    """95 % half-width over replications of the roadmap's change vs no_measures in the target year, paired by
    replication (common random numbers): relative (ratio - 1) or absolute difference."""
    y = L.pathway_years(res)
    t = y[y["year"] == _target_year(res)]
    a = t[t["roadmap"] == roadmap].set_index("replication")[column]
    b = t[t["roadmap"] == NO_MEASURES].set_index("replication")[column]
    a, b = a.align(b, join="inner")
    d = (a / b - 1) if relative else (a - b)
    return L.half_width(d.to_numpy(dtype=float))


@figure("side-effects", "side effects in the target year, each roadmap vs no measures: throughput, mean lead time "
        "and on-time share, with the study's flag thresholds", kinds=("pathway",), section="pathway",
        needs=[("roadmaps", ["roadmap", "throughput_change", "lead_time_change", "on_time_change", "side_effects"])])
def _side_effects(res, opts):
    rm = L.pathway_roadmaps(res).set_index("roadmap")
    chosen = [r for r in L.select_roadmaps(res, opts.get("roadmaps")) if r != NO_MEASURES]
    if not chosen:
        raise L.MissingData(f"{res.path}: no roadmap besides no_measures to compare")
    thr = L.side_effect_thresholds(res)
    colours = roadmap_colours(res)
    panels = [("throughput_change", "throughput_per_h", True, "throughput (good parts per hour)", "%",
               -thr["throughput"], "flagged below"),
              ("lead_time_change", "lead_time_mean_s", True, "mean lead time", "%", thr["lead_time"], "flagged above"),
              ("on_time_change", "on_time_share", False, "on-time delivery share", "%-points", -thr["on_time"],
               "flagged below")]
    fig, axes = plt.subplots(1, 3, figsize=(max(12, 1.2 * len(chosen) * 3 + 4), 5.2))
    x = np.arange(len(chosen))
    for ax, (column, years_column, relative, label, unit, limit, rule) in zip(axes, panels):
        v = 100 * rm.loc[chosen, column].to_numpy(dtype=float)
        if not np.any(np.isfinite(v)):
            ax.text(0.5, 0.5, f"no {label} in this study\n(e.g. a model without transport orders)",
                    transform=ax.transAxes, ha="center", va="center", fontsize=9, color="#616161")
            ax.set_xticks(x, chosen, rotation=20 if len(chosen) > 3 else 0)
            ax.set_xlim(-0.5, len(chosen) - 0.5)
            ax.set_yticks([])
            ax.set_title(label)
            continue
        hw = 100 * np.array([_paired_hw(res, years_column, r, relative) for r in chosen])
        bad = (v < 100 * limit) if limit < 0 else (v > 100 * limit)
        ax.bar(x, np.nan_to_num(v), 0.6, color=[("#c62828" if b else colours.get(r, "#1565c0"))
                                                for b, r in zip(bad, chosen)], edgecolor="black", lw=0.5)
        ax.errorbar(x, np.nan_to_num(v), yerr=np.nan_to_num(hw), fmt="none", ecolor="black", capsize=4)
        ax.axhline(100 * limit, color=TARGET_COLOUR, ls="--", lw=1.5,
                   label=f"threshold {100 * limit:+.3g} {unit} ({rule})")
        ax.axhline(0, color="black", lw=1, label="no measures")
        for xi, vi, b in zip(x, v, bad):
            ax.annotate(f"{vi:+.1f} {unit}" + (" flagged" if b else ""), (xi, np.nan_to_num(vi)), ha="center",
                        xytext=(0, 5 if vi >= 0 else -12), textcoords="offset points", fontsize=8,
                        color="#c62828" if b else "black", fontweight="bold" if b else "normal")
        span = np.nanmax(np.abs(np.r_[v + np.nan_to_num(hw), v - np.nan_to_num(hw), 100 * limit]))
        ax.set_ylim(-1.3 * span, 1.3 * span)
        ax.set_xticks(x, chosen, rotation=20 if len(chosen) > 3 else 0)
        ax.set_ylabel(f"change vs no measures in {_target_year(res)} [{unit}]")
        ax.set_title(label)
        ax.legend(fontsize=8, loc="lower left" if limit > 0 else "upper left")
    flags = [f"{r}: {rm.at[r, 'side_effects']}" for r in chosen if str(rm.at[r, "side_effects"]).strip()]
    note = ("flags: " + "; ".join(flags)) if flags else "no roadmap is flagged"
    fig.suptitle(f"Does a roadmap cost output or delivery? Each roadmap vs no measures in {_target_year(res)}\n"
                 f"(bars: mean; error bars: 95 % CI, paired by replication; red: beyond the study's threshold)\n"
                 f"{_subtitle(res)}", fontsize=11)
    fig.text(0.01, 0.005, note, fontsize=8, color="#c62828" if flags else "#2e7d32", wrap=True)
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    return fig


# --- sensitivity (tornado) ------------------------------------------------------------------------------

@figure("tornado", "sensitivity: the uncertain inputs ranked by their Sobol total index (first-order index inside "
        "it) or Morris mu*, with 95 % bootstrap intervals, for each roadmap and output in /sensitivity",
        kinds=("pathway",), section="pathway", needs=[("sensitivity", ["output", "input", "method"])])
def _tornado(res, opts):
    t = res.tables["sensitivity"]
    keys = [k for k in ("roadmap", "output") if k in t.columns]
    groups = list(t.groupby(keys, sort=False))[:4]
    fig, axes = plt.subplots(1, len(groups), figsize=(5.5 * len(groups) + 1, 1.2 + 0.45 * t["input"].nunique()),
                             squeeze=False)
    for ax, (key, g) in zip(axes[0], groups):
        key = key if isinstance(key, tuple) else (key,)
        sobol = str(g["method"].iloc[0]) == "sobol"
        value, low, high = ("total", "total_low", "total_high") if sobol else ("mu_star", "mu_star_low", "mu_star_high")
        g = g.sort_values(value, ascending=True, kind="mergesort")  # largest at the top
        y = np.arange(len(g))
        v = g[value].to_numpy(dtype=float)
        err = None
        if low in g.columns and high in g.columns:
            err = np.vstack([np.clip(v - g[low].to_numpy(dtype=float), 0, None),
                             np.clip(g[high].to_numpy(dtype=float) - v, 0, None)])
        ax.barh(y, v, 0.7, color="#90caf9", edgecolor="black", lw=0.5,
                label="total index ST" if sobol else "mu* (mean |elementary effect|)")
        if err is not None:
            ax.errorbar(v, y, xerr=np.nan_to_num(err), fmt="none", ecolor="black", capsize=3, lw=1)
        if sobol and "first_order" in g.columns:
            ax.barh(y, np.clip(g["first_order"].to_numpy(dtype=float), 0, None), 0.35, color="#1565c0",
                    label="first-order index S (alone)")
        ax.set_yticks(y, list(g["input"]))
        ax.axvline(0, color="black", lw=0.8)
        ax.set_xlabel("share of the output's variance" if sobol else "mu* [output units per input range]")
        ax.set_title(" / ".join(str(k) for k in key), fontsize=10)
        ax.legend(fontsize=8, loc="lower right")
    fig.suptitle(f"What does the answer depend on? Inputs ranked, largest at the top (bars: 95 % bootstrap "
                 f"intervals)\n{_subtitle(res)}", fontsize=11)
    fig.tight_layout()
    return fig
