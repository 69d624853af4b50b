"""Transport figures: the fleet's work, fill and emissions and what customers see (order lead time, on
time), from the transport KPIs in /runs; and, with `shipment_log: true`, the legs in /shipments.

Names and units are those of sim/transport/Transport.cpp and TripLedger.cpp (docs/kpis.md#transport).
"""

import matplotlib.pyplot as plt
import numpy as np

from . import load as L
from .figures import _subtitle, figure, number, readable

__all__ = ["EMISSIONS"]

# Transport CO2e by who burns the fuel: own vehicles (scope 1 and the fuels' upstream) or bought
# transport (scope 3 categories 4 and 9), as the GHG Protocol separates them.
EMISSIONS = [("transport_scope1_kg", "own: burnt\n(scope 1)", "#6d4c41"),
             ("transport_own_upstream_kg", "own: fuel\nupstream (3.3)", "#a1887f"),
             ("transport_bought_upstream_kg", "bought\ninbound (3.4)", "#ffb74d"),
             ("transport_bought_downstream_kg", "bought\noutbound (3.9)", "#ffe0b2")]


def _ci_panel(ax, res, cols, labels, colours, unit, title, scale=None, ylabel=None):
    """Bars of the mean of /runs columns with 95 % CIs and the replications as dots, in one display unit
    (readable() over all of them, or `scale` = (factor, unit))."""
    runs = L.replications(res)
    s = L.run_stats(res, cols, purpose=title)
    if scale is None:
        conv, u = readable(np.r_[s["mean"].to_numpy(), 1.0], unit)
        f = conv[-1]  # display units per SI unit
    else:
        f, u = scale
    x = np.arange(len(cols))
    ax.bar(x, s["mean"] * f, 0.6, yerr=np.nan_to_num(s["half_width"] * f), capsize=3, color=colours)
    rng = np.random.default_rng(0)  # fixed jitter: the same file gives the same picture
    for xi, c in zip(x, cols):
        v = runs[c].to_numpy(dtype=float) * f
        ax.plot(xi + rng.uniform(-0.12, 0.12, len(v)), v, "o", color="black", alpha=0.5, markersize=3)
    # The mean goes under its label, where it cannot collide with bars, dots or error bars.
    ax.set_xticks(x, [f"{lab}\n{number(m)} {u}".rstrip() for lab, m in zip(labels, s["mean"] * f)], fontsize=8)
    ax.set_xlim(-0.7, len(cols) - 0.3)
    ax.set_ylabel(ylabel or f"[{u}]")
    ax.set_title(title, fontsize=10)
    return s


@figure("transport", "transport: tonne-km, vehicle-km, load factor, empty running, CO2e own vs bought, order lead "
        "time and on-time share (95 % CI)", kinds=("run",), section="transport",
        hint="the model needs a transport: section (docs/model-format.md#transport)",
        needs=[("runs", ["transport_tonne_km", "transport_vehicle_km", "transport_load_factor",
                         "transport_empty_share"])])
def _transport(res, opts):
    runs = L.replications(res)
    fig, axes = plt.subplots(2, 3, figsize=(13, 7.5))
    _ci_panel(axes[0][0], res, ["transport_vehicle_km", "transport_tonne_km"], ["vehicle-km", "tonne-km"],
              ["#78909c", "#455a64"], "", "transport work in the window", scale=(1.0, ""),
              ylabel="vehicle-km [km], tonne-km [t km]")
    _ci_panel(axes[0][1], res, ["transport_load_factor", "transport_empty_share"],
              ["load factor\n(t-km / capacity t-km)", "empty running\n(share of vehicle-km)"], ["#43a047", "#bdbdbd"],
              "1", "how full the vehicles are")
    axes[0][1].set_ylim(0, 105)
    em = [(c, lab, col) for c, lab, col in EMISSIONS if c in runs.columns]
    if em:
        _ci_panel(axes[0][2], res, [c for c, _, _ in em], [lab for _, lab, _ in em], [col for _, _, col in em], "kg",
                  "CO2e: own fleet vs bought transport")
    else:
        axes[0][2].set_visible(False)
    if "order_lead_time_mean_s" in runs.columns:
        d, u = 3600.0, "h"
        if np.nanmax(runs["order_lead_time_mean_s"]) > 3 * 86400:
            d, u = 86400.0, "d"
        # Made to order, an order starts when the customer places it and waits for production too.
        to_order = "order_production_time_mean_s" in runs.columns
        wanted = (("order_lead_time_mean_s", "order to\ndelivery" if to_order else "release to\ndelivery", "#1565c0"),
                  ("order_production_time_mean_s", "order to last\npart made", "#42a5f5"),
                  ("dispatch_wait_mean_s", "line to\ndeparture", "#90caf9"))
        present = [w for w in wanted if w[0] in runs.columns]
        _ci_panel(axes[1][0], res, [w[0] for w in present], [w[1] for w in present], [w[2] for w in present], "s",
                  "order lead time (mean)", scale=(1 / d, u))
    else:
        axes[1][0].set_visible(False)
    if "on_time_share" in runs.columns:
        _ci_panel(axes[1][1], res, ["on_time_share"], ["delivered by the due time"], ["#2e7d32"], "1",
                  "on-time delivery")
        axes[1][1].set_ylim(0, 105)
    else:
        axes[1][1].set_visible(False)
    if "transport_intensity_g_per_tkm" in runs.columns:
        _ci_panel(axes[1][2], res, ["transport_intensity_g_per_tkm"], ["all legs"], ["#8d6e63"], "g/(t km)",
                  "CO2e intensity [g per tonne-km]")
    else:
        axes[1][2].set_visible(False)
    fig.suptitle(f"Transport: work, fill, emissions and delivery (bars: mean with 95 % CI, dots: replications)\n"
                 f"{_subtitle(res)}", fontsize=11)
    fig.tight_layout()
    return fig


@figure("shipments", "shipment log: legs over time by fleet and route, coloured by load (--rep, --from/--to), "
        "and the load per laden leg", kinds=("run",), section="transport",
        hint="the model needs transport.shipment_log: true",
        needs=[("shipments", ["replication", "fleet", "direction", "from", "to", "depart_s", "arrive_s", "load_kg"])])
def _shipments(res, opts):
    rep = int(opts.get("rep") or 0)
    sh = res.tables["shipments"]
    legs = sh[sh["replication"] == rep].sort_values("depart_s").reset_index(drop=True)
    if legs.empty:
        raise L.MissingData(f"{res.path}: /shipments has no legs of replication {rep}")
    legs["start_s"], legs["duration_s"] = legs["depart_s"], legs["arrive_s"] - legs["depart_s"]
    # Default window: the whole log (shipments are sparse; a week of them reads well).
    w, (lo, hi) = L.window(res, legs, opts.get("from"), opts.get("to"),
                           default_days=(legs["arrive_s"].max() - legs["depart_s"].min()) / 86400, what="legs")
    fig, (ax, hx) = plt.subplots(1, 2, figsize=(13, 4.8), gridspec_kw={"width_ratios": [2.6, 1]})
    lanes = list(dict.fromkeys(f"{r.fleet}: {r['from']} -> {r['to']}" for _, r in legs.iterrows()))
    cmap = plt.get_cmap("viridis")
    top = max(1.0, float(legs["load_kg"].max()))
    for _, r in w.iterrows():
        y = lanes.index(f"{r.fleet}: {r['from']} -> {r['to']}")
        empty = r["load_kg"] <= 0
        ax.barh(y, (r["arrive_s"] - r["depart_s"]) / 86400, left=r["depart_s"] / 86400, height=0.6,
                color="#e0e0e0" if empty else cmap(r["load_kg"] / top), edgecolor="#9e9e9e" if empty else None,
                hatch="//" if empty else None, linewidth=0.5)
    ax.set_yticks(range(len(lanes)), lanes, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(lo / 86400, hi / 86400)
    ax.set_xlabel("simulated time [d]")
    ax.set_title(f"legs of replication {rep} (grey hatched: empty)", fontsize=10)
    sm = plt.cm.ScalarMappable(cmap=cmap, norm=plt.Normalize(0, top / 1e3))
    fig.colorbar(sm, ax=ax, label="load [t]", pad=0.01)
    laden = sh[sh["load_kg"] > 0]
    bins = np.histogram_bin_edges(laden["load_kg"] / 1e3, bins=min(20, max(5, len(laden) // 3))) if len(laden) else 5
    for direction, colour in (("outbound", "#1565c0"), ("inbound", "#ef6c00")):
        v = laden.loc[laden["direction"] == direction, "load_kg"].to_numpy() / 1e3
        if len(v):
            hx.hist(v, bins=bins, color=colour, alpha=0.7, label=f"{direction} ({len(v)} legs)")
    hx.set_xlabel("load per laden leg [t]")
    hx.set_ylabel("legs (all replications)")
    hx.set_title("how much each laden leg carries", fontsize=10)
    hx.legend(fontsize=8)
    lf = ""
    if "transport_load_factor" in L.replications(res).columns:
        lf = f"; fleet load factor {100 * L.replications(res)['transport_load_factor'].mean():.0f} %"
    fig.suptitle(f"Shipments: {len(sh)} legs in all replications{lf}\n{_subtitle(res)}", fontsize=11)
    fig.tight_layout()
    return fig
