"""Site energy, emissions and the five indicators: figures of the `site:` section's results.

Reads what sim/energy/SiteEnergy.cpp and sim/production/ResourceAccount.cpp write (docs/kpis.md): the
window totals in /runs (machines_J ... grid_export_J, scope1_kg ... co2e_market_kg, energy_use_J), the
hourly series in /hourly (the same flows per clock hour, plus the grid factor and the battery's charge)
and /indicators. Everything is in SI in the file; the figures show kW, kWh/MWh, g/kWh and kg/t.
"""

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from . import load as L
from .figures import _subtitle, figure, number, readable

__all__ = ["USES", "SOURCES", "SINKS", "OTHER_ENERGY", "SCOPES", "INDICATORS", "per_part_unit"]

# Electricity uses of the site, in the order of the stack (machines at the bottom: the part a line
# designer changes; site loads above). Colours are reused by every energy figure.
USES = [("machines_J", "machines", "#2e7d32"), ("compressed_air_J", "compressed air", "#00897b"),
        ("base_load_J", "base load", "#8d6e63"), ("lighting_J", "lighting", "#fdd835"),
        ("heat_pump_J", "heat pump", "#e53935"), ("vehicle_charging_J", "vehicle charging", "#5e35b1"),
        ("process_heat_electricity_J", "process heat (electric)", "#d81b60")]
# Where the electricity comes from, and where a surplus goes (plotted on top of the uses, so both
# panels of the load curve have the same height every hour: uses + charge + export = PV + discharge + import).
SOURCES = [("pv_J", "PV", "#ffb300"), ("battery_discharge_J", "battery discharge", "#1e88e5"),
           ("grid_import_J", "grid import", "#546e7a")]
SINKS = [("battery_charge_J", "battery charge", "#90caf9"), ("grid_export_J", "grid export", "#cfd8dc")]
# Fuels and heat on top of electricity make up energy_use_J (SiteEnergy::finish).
OTHER_ENERGY = [("boiler_fuel_J", "boiler fuel", "#6d4c41"), ("district_heating_J", "district heat", "#ef6c00"),
                ("process_heat_fuel_J", "process-heat fuel", "#a1887f"),
                ("process_heat_district_J", "process heat, district", "#ffa726"),
                ("fleet_fuel_J", "own vehicles' fuel", "#424242")]

G_PER_KWH_PER_KG_PER_J = 1e3 * 3.6e6  # kg/J -> g/kWh
SITE_HINT = "the model needs a site: section (docs/model-format.md)"


def _step_x(res, w):
    """Period edges for step plots: calendar times when the file has a start date, else days."""
    t0 = L.start_time(res)
    edges = np.r_[w["start_s"].to_numpy(), (w["start_s"] + w["duration_s"]).to_numpy()[-1:]]
    if t0 is not None:
        return (t0 + pd.to_timedelta(edges, unit="s")).to_numpy(), True
    return edges / 86400, False


def _stack(ax, x, w, series, bottom=None, hatch=None):
    """Stacked step areas of `series` [(column, label, colour)] in kW; returns the top of the stack."""
    bottom = np.zeros(len(w)) if bottom is None else bottom
    for col, label, colour in series:
        if col not in w.columns:
            continue
        kw = w[col].to_numpy() / w["duration_s"].to_numpy() / 1e3  # J per period -> mean kW of the period
        if np.allclose(kw, 0):
            continue  # a use the site does not have only clutters the legend
        top = bottom + kw
        ax.fill_between(x, np.r_[bottom, bottom[-1]], np.r_[top, top[-1]], step="post", color=colour,
                        label=label, linewidth=0, hatch=hatch, edgecolor="white" if hatch else None)
        bottom = top
    return bottom


@figure("load-curve", "hourly electricity: uses (stacked) and sources (PV, battery, grid) in kW, grid emission "
        "factor on a second axis (--from/--to, --rep)", kinds=("run",), section="energy",
        hint=SITE_HINT + " with hourly_series on (the default)",
        needs=[("hourly", ["start_s", "duration_s", "grid_factor_kg_per_J", "electricity_demand_J", "pv_J",
                           "battery_charge_J", "battery_discharge_J", "grid_import_J", "grid_export_J"])])
def _load_curve(res, opts):
    rep = int(opts.get("rep") or 0)
    w, (lo, hi) = L.window(res, L.hourly(res, rep), opts.get("from"), opts.get("to"))
    x, dates = _step_x(res, w)
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(12, 7.5), sharex=True, sharey=True)
    _stack(top, x, w, USES)
    # Charge and export sit above the uses, hatched: electricity that is not used now.
    uses_top = sum(w[c].to_numpy() for c, _, _ in USES if c in w.columns) / w["duration_s"].to_numpy() / 1e3
    _stack(top, x, w, SINKS, bottom=uses_top, hatch="//")
    _stack(bottom, x, w, SOURCES)
    top.set_ylabel("power, hourly mean [kW]")
    bottom.set_ylabel("power, hourly mean [kW]")
    top.set_title("where the electricity goes: uses, battery charge, export", fontsize=10)
    bottom.set_title("where it comes from: PV, battery, grid (same height as above, hour by hour)", fontsize=10)
    for ax in (top, bottom):
        ax.legend(loc="upper left", bbox_to_anchor=(1.08, 1.0), fontsize=8)
        ax.set_ylim(bottom=0)
    # The emission factor belongs with grid import, which it multiplies into scope 2 (location-based).
    g = w["grid_factor_kg_per_J"].to_numpy() * G_PER_KWH_PER_KG_PER_J
    twin = bottom.twinx()
    twin.step(x, np.r_[g, g[-1]], where="post", color="#c62828", linewidth=1.4, label="grid emission factor")
    twin.set_ylabel("grid emission factor [g CO2e/kWh]", color="#c62828")
    twin.tick_params(axis="y", colors="#c62828")
    twin.set_ylim(0, max(1.0, float(np.nanmax(g)) * 1.15))
    twin.grid(False)
    twin.legend(loc="upper left", bbox_to_anchor=(1.08, 0.35), fontsize=8)
    if dates:
        loc = mdates.AutoDateLocator()
        bottom.xaxis.set_major_locator(loc)
        bottom.xaxis.set_major_formatter(mdates.ConciseDateFormatter(loc))
        bottom.set_xlabel("local standard time")
        end = w["time"].iloc[-1] + pd.Timedelta(seconds=float(w["duration_s"].iloc[-1]))
        span = f"{w['time'].iloc[0]:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M}"
    else:
        bottom.set_xlabel("simulated time [d]")
        span = f"{lo / 86400:g} d to {hi / 86400:g} d"
    fig.suptitle(f"Hourly electricity balance of the site, replication {rep}, {span}\n{_subtitle(res)}", fontsize=11)
    fig.tight_layout()
    return fig


def _factor(values, unit):
    """(display units per SI unit, display unit) that suit `values`: one factor for a whole figure."""
    conv, u = readable(np.r_[np.asarray(values, dtype=float), 1.0], unit)
    return conv[-1], u


def _bars_with_ci(ax, labels, stats, colours, unit_label):
    """Horizontal bars of stats (mean, half_width; already converted) with CIs, largest first on top."""
    y = np.arange(len(labels))[::-1]
    hw = np.nan_to_num(stats["half_width"])
    ax.barh(y, stats["mean"], 0.6, xerr=hw, capsize=3, color=colours)
    for yi, m, h in zip(y, stats["mean"], hw):  # the label after the error bar, where nothing overlaps it
        ax.annotate(number(m), (m + h, yi), xytext=(5, 0), textcoords="offset points", va="center", fontsize=8)
    ax.set_yticks(y, labels)
    ax.set_xlabel(unit_label)
    ax.set_xlim(0, max(1e-12, float(np.nanmax(stats["mean"] + np.nan_to_num(stats["half_width"])))) * 1.2)


def _what(opts, res):
    """'per good part' or 'in the measured window (N d)': the basis every bar of the figure uses."""
    if opts.get("per_part"):
        return "per good part"
    return f"in the measured window ({res.meta.get('horizon_s', 0) / 86400:g} d)"


@figure("energy-use", "site energy by use and by carrier (kWh/MWh, 95 % CI; --per-part for per good part)",
        kinds=("run",), section="energy", hint=SITE_HINT,
        needs=[("runs", ["energy_use_J", "electricity_demand_J", "pv_used_J"])])
def _energy_use(res, opts):
    per_part = bool(opts.get("per_part"))
    runs = L.replications(res)
    uses = [(c, lab, col) for c, lab, col in USES + OTHER_ENERGY if c in runs.columns]
    carriers = ["grid_electricity_J", "pv_used_J"] + [c for c, _, _ in OTHER_ENERGY if c in runs.columns]
    # Electricity by origin: own PV used on site, and the rest, which the grid supplied (net of battery
    # losses), so the carrier bar adds up to energy_use_J exactly like the use bars.
    grid = {"grid_electricity_J": (lambda r: r["electricity_demand_J"] - r["pv_used_J"], "J")}
    s_use = L.run_stats(res, [c for c, _, _ in uses], per_part, "the energy-use figure")
    s_car = L.run_stats(res, carriers, per_part, "the energy-use figure", derived=grid)
    s_tot = L.run_stats(res, ["energy_use_J"], per_part, "the energy-use figure")
    scale, unit = _factor(np.r_[s_use["mean"], s_car["mean"], s_tot["mean"]], "J")

    fig, (a1, a2) = plt.subplots(1, 2, figsize=(12, 4.6), gridspec_kw={"width_ratios": [2.2, 1]})
    keep = s_use["mean"] > 0
    uses = [u for u, k in zip(uses, keep) if k]
    su = s_use[keep][["mean", "half_width"]] * scale
    _bars_with_ci(a1, [lab for _, lab, _ in uses], su[["mean", "half_width"]], [col for _, _, col in uses],
                  f"energy {_what(opts, res)} [{unit}]")
    a1.set_title("by use (electricity uses, then fuels and heat)", fontsize=10)

    names = {"grid_electricity_J": ("electricity from the grid", "#546e7a"), "pv_used_J": ("electricity from own PV", "#ffb300")}
    names.update({c: (lab, col) for c, lab, col in OTHER_ENERGY})
    bottom = 0.0
    for c in carriers:
        m = s_car.at[c, "mean"] * scale
        if m <= 0:
            continue
        a2.bar(0, m, 0.5, bottom=bottom, color=names[c][1], label=f"{names[c][0]}: {number(m)} {unit}")
        bottom += m
    tot, tot_hw = s_tot.at["energy_use_J", "mean"] * scale, s_tot.at["energy_use_J", "half_width"] * scale
    a2.errorbar([0], [tot], yerr=[np.nan_to_num(tot_hw)], fmt="none", ecolor="black", capsize=5)
    a2.set_xticks([0], ["all energy used"])
    a2.set_xlim(-0.6, 0.6)
    a2.set_ylabel(f"energy {_what(opts, res)} [{unit}]")
    a2.set_title("by carrier", fontsize=10)
    a2.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), fontsize=8)
    hw = "" if np.isnan(tot_hw) else f" +/- {tot_hw:.2g}"
    fig.suptitle(f"Energy use of the site {_what(opts, res)}: {number(tot)}{hw} {unit} (mean, 95 % CI)\n{_subtitle(res)}",
                 fontsize=11)
    fig.tight_layout()
    return fig


SCOPES = [("scope1_kg", "scope 1 (burnt on site and by own vehicles)", "#6d4c41"),
          ("scope2_location_kg", "scope 2, location-based (grid average)", "#546e7a"),
          ("scope2_market_kg", "scope 2, market-based (contracts, residual mix)", "#90a4ae"),
          ("scope3_kg", "scope 3 (fuel upstream, bought transport)", "#ffb74d")]


@figure("emissions", "CO2e by GHG scope (1, 2 location, 2 market, 3) and the two totals, 95 % CI (--per-part)",
        kinds=("run",), section="energy", hint=SITE_HINT,
        needs=[("runs", ["scope1_kg", "scope2_location_kg", "scope2_market_kg", "scope3_kg"])])
def _emissions(res, opts):
    per_part = bool(opts.get("per_part"))
    cols = [c for c, _, _ in SCOPES]
    totals = [c for c in ("co2e_location_kg", "co2e_market_kg") if c in L.replications(res).columns]
    s = L.run_stats(res, cols + totals, per_part, "the emissions figure")
    f, unit = _factor(s["mean"].to_numpy(), "kg")
    s = s[["mean", "half_width"]] * f
    what = _what(opts, res)
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(12, 4.6), gridspec_kw={"width_ratios": [1, 1.6]})
    # GHG Protocol dual reporting: the two scope-2 methods are alternatives, so two stacked totals.
    for i, (basis, s2) in enumerate((("location-based", "scope2_location_kg"), ("market-based", "scope2_market_kg"))):
        bottom = 0.0
        for c, label, colour in SCOPES:
            if c in ("scope2_location_kg", "scope2_market_kg") and c != s2:
                continue
            m = s.at[c, "mean"]
            a1.bar(i, m, 0.55, bottom=bottom, color=colour, label=label.split(" (")[0] if i == 0 or c == s2 else None)
            bottom += m
        total = f"co2e_{basis.split('-')[0]}_kg"
        if total in s.index:
            a1.errorbar([i], [s.at[total, "mean"]], yerr=[np.nan_to_num(s.at[total, "half_width"])], fmt="none",
                        ecolor="black", capsize=5)
            a1.annotate(f"{number(s.at[total, 'mean'])} {unit}",
                        (i, s.at[total, "mean"] + np.nan_to_num(s.at[total, "half_width"])), xytext=(0, 4),
                        textcoords="offset points", ha="center", fontsize=9)
    a1.set_xticks([0, 1], ["location-based", "market-based"])
    a1.set_xlim(-0.6, 1.6)
    a1.set_ylim(0, float(np.nanmax(s["mean"] + np.nan_to_num(s["half_width"]))) * 1.25 or 1)
    a1.set_ylabel(f"CO2e {what} [{unit}]")
    a1.set_title("total = scope 1 + scope 2 + scope 3", fontsize=10)
    a1.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=2)
    _bars_with_ci(a2, [lab for _, lab, _ in SCOPES], s.loc[cols], [col for _, _, col in SCOPES],
                  f"CO2e {what} [{unit}]")
    a2.set_title("by scope (error bars: 95 % CI over replications)", fontsize=10)
    fig.suptitle(f"Greenhouse-gas emissions (CO2e) by GHG Protocol scope, {what}\n{_subtitle(res)}", fontsize=11)
    fig.tight_layout()
    return fig


# The five indicators of the Danish baseline for sustainable production (ATV and Industriens Fond, 2021)
# and Net Zero Industry's primary resource use, as /indicators names them (docs/kpis.md).
INDICATORS = {"resource_use": "Resource use (Ressourceforbrug)", "primary_resource_use": "Primary resource use",
              "water_use": "Water use (Vandforbrug)", "energy_use": "Energy use (Energiforbrug)",
              "co2e_emissions": "CO2e emissions (CO2-udledning)", "waste_generation": "Waste (Affaldsgenerering)"}
_PER_PART_UNITS = {"J": [(3.6e6, "kWh"), (1e6, "MJ")], "kg": [(1.0, "kg")], "m3": [(1e-3, "l"), (1.0, "m3")]}


def per_part_unit(values, unit):
    """(values, unit) for per-part amounts: kWh (MJ below 1 kWh), kg, litres (m3 from 1000 l)."""
    v = np.asarray(values, dtype=float)
    big = np.nanmax(np.abs(v)) if v.size and np.any(np.isfinite(v)) else 0
    steps = _PER_PART_UNITS.get(unit)
    if not steps:
        return v, unit
    if unit == "J":
        d, u = steps[0] if big >= 3.6e6 else steps[1]
    elif unit == "m3":
        d, u = steps[1] if big >= 1 else steps[0]
    else:
        d, u = steps[0]
    return v / d, u


@figure("indicators", "the five Danish indicators (resources, water, energy, CO2e, waste) and primary resource "
        "use per good part: replications and mean with 95 % CI", kinds=("run",), section="energy",
        needs=[("indicators", ["indicator", "unit", "total", "per_good_part"])])
def _indicators(res, opts):
    ind = res.tables["indicators"]
    summary = L.indicators(res)
    names = [n for n in INDICATORS if n in summary.index] + [n for n in summary.index if n not in INDICATORS]
    ncols = 3
    nrows = -(-len(names) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(12, 2.6 * nrows), squeeze=False)
    for ax, name in zip(axes.flat, names):
        row = summary.loc[name]
        x = ind.loc[ind["indicator"] == name, "per_good_part"].to_numpy(dtype=float)
        conv, unit = per_part_unit(np.r_[x, row["per_good_part"], row["per_good_part_hw"]], row["unit"])
        v, m, hw = conv[:-2], conv[-2], conv[-1]
        ax.set_title(INDICATORS.get(name, name), fontsize=9)
        ax.set_yticks([])
        ax.set_ylim(-0.5, 0.8)
        if np.all(np.isnan(v)):
            ax.text(0.5, 0.2, "not computed for this model\n" + str(row["covers"])[:60], ha="center", va="center",
                    transform=ax.transAxes, fontsize=8, color="#757575")
            ax.set_xticks([])
            continue
        ax.plot(v, np.zeros_like(v), "o", color="#1565c0", alpha=0.6, label="replications")
        ax.errorbar([m], [0.3], xerr=[np.nan_to_num(hw)], fmt="D", color="black", capsize=4, label="mean, 95 % CI")
        ax.annotate(f"{number(m)} {unit}", (m, 0.3), xytext=(0, 7), textcoords="offset points", ha="center", fontsize=8)
        ax.set_xlabel(f"per good part [{unit}]", fontsize=8)
        ax.tick_params(labelsize=8)
        lo, hi = np.nanmin(np.r_[v, m - np.nan_to_num(hw)]), np.nanmax(np.r_[v, m + np.nan_to_num(hw)])
        pad = 0.15 * (hi - lo) if hi > lo else 0.1 * abs(hi) or 1
        ax.set_xlim(lo - pad, hi + pad)
    for ax in list(axes.flat)[len(names):]:
        ax.set_visible(False)
    fig.suptitle(f"Sustainability indicators per good part (Danish baseline: ATV & Industriens Fond, 2021)\n"
                 f"dots: replications, diamond: mean with 95 % CI; {_subtitle(res)}", fontsize=11)
    fig.tight_layout()
    return fig
