"""One self-contained HTML page per results file: the question, the answer (key KPIs with units and 95 %
CIs), every figure the file has data for, and the provenance. Figures are embedded as base64 PNG, styles
inline: the page can be mailed or put on a share and opens anywhere, offline.

    from analysis import report
    report.write_report("results.h5", "report.html")
"""

import base64
import html
import io
import math
import re

import matplotlib.pyplot as plt
import numpy as np

from . import figures as F
from . import load as L

__all__ = ["write_report", "build_report", "question_of", "kpi_rows", "energy_answer", "transport_answer",
           "indicator_rows", "pathway_question", "pathway_answer", "pathway_rows"]

_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;
color:#212121;line-height:1.45}
h1{font-size:1.6em;margin-bottom:.2em} h2{font-size:1.2em;border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.6em}
.question{font-size:1.1em;background:#f1f8e9;border-left:4px solid #558b2f;padding:.6em 1em}
.answer{background:#e3f2fd;border-left:4px solid #1565c0;padding:.6em 1em}
table{border-collapse:collapse;margin:.5em 0;font-size:.92em} td,th{padding:.25em .7em;border-bottom:1px solid #e0e0e0;
text-align:left} td.num{text-align:right;font-variant-numeric:tabular-nums}
figure{margin:1.2em 0} figure img{max-width:100%;height:auto;border:1px solid #eee}
figcaption{font-size:.9em;color:#555} .skipped{color:#777;font-size:.9em}
pre{background:#fafafa;border:1px solid #eee;padding:.6em;overflow-x:auto;font-size:.85em}
#roadmaps{font-size:.8em} #roadmaps td,#roadmaps th{padding:.25em .4em}
"""


def question_of(res):
    """The study's question: the leading comment lines of the experiment (sweeps) or model file, which
    greenfab's shipped files use to state it; else a generic one."""
    import h5py
    key = "experiment/source_yaml" if res.kind == "sweep" else "model/source_yaml"
    try:
        with h5py.File(res.path, "r") as f:
            text = f[key].asstr()[()] if key in f else ""
    except OSError:
        text = ""
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        stripped = line.lstrip("#").strip()
        if stripped.startswith(("greenfab ", "mpirun ")):
            continue  # a usage line, not part of the question
        lines.append(stripped)
    q = " ".join(lines).strip()
    if q:
        return q
    if res.kind == "sweep":
        return (f"How do the factors {', '.join(res.factors)} change the line's performance "
                f"({res.meta.get('design', '')} design, experiment '{res.name}')?")
    return f"How does the line '{res.name}' perform: output, lead time, work in process, bottleneck and energy?"


def _fmt(v, digits=4):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "-"
    return f"{v:.{digits}g}"


def kpi_rows(res):
    """(kpi, description, mean, half-width, display unit) for the KPI table, SI converted for reading."""
    rows = []
    for _, r in L.kpi_summary(res).iterrows():
        unit = r["unit"]
        (mean, hw), u = F.display([r["mean"], r["half_width"]], unit)  # one conversion for both
        rows.append((r["kpi"], r.get("description", ""), float(mean), float(hw), u, int(r["n"])))
    return rows


def _estimate(s, k, count_unit="", convert=F.display):
    """'<b>mean &plusmn; half-width unit</b>' of KPI `k` from the KPI summary `s` (indexed by kpi), in a
    readable unit (`convert`: F.display, or F.readable for site and fleet totals); None if absent or NaN."""
    if k not in s.index or not np.isfinite(s.at[k, "mean"]):
        return None
    v, u = convert([s.at[k, "mean"], s.at[k, "half_width"]], s.at[k, "unit"])
    u = u or count_unit
    hw = "" if math.isnan(v[1]) else f" &plusmn; {F.number(v[1], 2)}"
    return f"<b>{F.number(v[0])}{hw} {html.escape(u)}</b>"


def _share(s, part, whole):
    """part / whole of two KPI means, as '12 %' (None if either is missing or the whole is 0)."""
    if part not in s.index or whole not in s.index or not s.at[whole, "mean"]:
        return None
    return f"{100 * s.at[part, 'mean'] / s.at[whole, 'mean']:.0f} %"


def energy_answer(res):
    """Sentences on the site's energy and emissions (run files with a site: section), else ''."""
    s = L.kpi_summary(res).set_index("kpi")
    if res.kind != "run" or "energy_use_J" not in s.index:
        return ""
    R = F.readable
    days = res.meta.get("horizon_s", 0) / 86400
    text = (f"The site uses {_estimate(s, 'energy_use_per_year_J', convert=R)} of energy per year (the {days:g}-day "
            f"window annualised; all carriers, own vehicles' fuel included), {_estimate(s, 'energy_per_part_J')} per "
            f"good part, and emits {_estimate(s, 'co2e_location_per_year_kg', convert=R)} CO2e per year location-based "
            f"({_estimate(s, 'co2e_market_per_year_kg', convert=R)} market-based), "
            f"{_estimate(s, 'co2e_per_part_kg')} per good part.")
    shares = [(n, _share(s, k, "co2e_location_kg")) for n, k in
              (("scope 1", "scope1_kg"), ("scope 2", "scope2_location_kg"), ("scope 3", "scope3_kg"))]
    if all(v for _, v in shares):
        text += " By scope (location-based): " + ", ".join(f"{n} {v}" for n, v in shares) + "."
    if "pv_J" in s.index and s.at["pv_J", "mean"] > 0:
        text += (f" PV produces {_estimate(s, 'pv_J', convert=R)} in the window, of which "
                 f"{_estimate(s, 'pv_self_consumption_share')} is used on site.")
    if _estimate(s, "peak_grid_import_W"):
        text += f" The highest hourly grid import is {_estimate(s, 'peak_grid_import_W', convert=R)}."
    return text


def transport_answer(res):
    """Sentences on transport (run files with a transport: section), else ''."""
    s = L.kpi_summary(res).set_index("kpi")
    if res.kind != "run" or "transport_tonne_km" not in s.index:
        return ""
    R = F.readable
    text = (f"In the measured window the vehicles run {_estimate(s, 'transport_vehicle_km')} and move "
            f"{_estimate(s, 'transport_tonne_km')}, with a load factor of {_estimate(s, 'transport_load_factor')} "
            f"and {_estimate(s, 'transport_empty_share')} of the vehicle-km empty.")
    own = [k for k in ("transport_scope1_kg", "transport_own_upstream_kg") if k in s.index]
    bought = [k for k in ("transport_bought_upstream_kg", "transport_bought_downstream_kg") if k in s.index]
    if own or bought:
        own_kg, bought_kg = (sum(s.at[k, "mean"] for k in ks) for ks in (own, bought))
        (o, b), u = R([own_kg, bought_kg], "kg")
        text += (f" Transport emits <b>{F.number(o)} {u}</b> CO2e from own vehicles and <b>{F.number(b)} {u}</b> "
                 f"from bought transport")
        if _estimate(s, "transport_intensity_g_per_tkm"):
            text += f" ({_estimate(s, 'transport_intensity_g_per_tkm')} over all legs)"
        text += "."
    if _estimate(s, "order_lead_time_mean_s"):
        text += f" Orders reach the customer {_estimate(s, 'order_lead_time_mean_s')} after release on average"
        text += (f", {_estimate(s, 'on_time_share')} by their due time." if _estimate(s, "on_time_share") else ".")
    return text


def indicator_rows(res):
    """(indicator, covers, total text, per-good-part text) for the five-indicator table, in readable units."""
    from .energy import INDICATORS, per_part_unit
    rows = []
    for name, r in L.indicators(res).iterrows():
        tot, tu = F.readable([r["total"], r["total_hw"]], r["unit"])
        per, pu = per_part_unit([r["per_good_part"], r["per_good_part_hw"]], r["unit"])

        def cell(v, u):
            if not np.isfinite(v[0]):
                return "not computed"
            hw = "" if not np.isfinite(v[1]) else f" &plusmn; {F.number(v[1], 2)}"
            return f"{F.number(v[0])}{hw} {html.escape(u)}"
        rows.append((INDICATORS.get(name, name), str(r["covers"]), cell(tot, tu), cell(per, pu)))
    return rows


def _answer(res):
    """Two or three sentences with the numbers that answer the usual questions."""
    s = L.kpi_summary(res).set_index("kpi")

    def est(k, count_unit=""):
        return _estimate(s, k, count_unit)

    parts = []
    if res.kind == "run":
        if est("throughput_per_h"):
            parts.append(f"The line delivers {est('throughput_per_h')} (mean &plusmn; 95 % confidence half-width "
                         f"over {int(s.at['throughput_per_h', 'n'])} replications)")
        if est("lead_time_mean_s"):
            parts.append(f"a part spends {est('lead_time_mean_s')} in the line on average")
        if est("wip_mean"):
            parts.append(f"with {est('wip_mean', 'parts')} in process")
        text = ", ".join(parts) + "." if parts else ""
        if res.has("stations", ["station", "processing_share"]):
            shares = L.station_states(res)
            busy = shares["processing"] + shares.get("setup", 0) + shares.get("warm_up", 0)
            top = busy.idxmax()
            text += (f" The busiest station is <b>{html.escape(str(top))}</b> (processing or setting up "
                     f"{100 * busy[top]:.0f} % of its machine time): the bottleneck to look at first.")
        if est("machine_energy_per_part_J") and s.at["machine_energy_per_part_J", "mean"] > 0:
            text += f" Machines use {est('machine_energy_per_part_J')} of electricity per finished part."
        return text
    # Sweep: which scenario is best on the headline KPI, and how far apart the scenarios are.
    sc = res.tables.get("scenarios")
    if sc is not None and "throughput_per_h" in sc.columns and len(sc):
        best = sc.loc[sc["throughput_per_h"].idxmax()]
        worst = sc.loc[sc["throughput_per_h"].idxmin()]
        desc = lambda r: ", ".join(f"{f} = {html.escape(str(r[f]))}" for f in res.factors)  # noqa: E731
        text = (f"{int(res.meta.get('scenarios', len(sc)))} scenarios, {int(res.meta.get('tasks', 0))} tasks "
                f"({int(res.meta.get('failed', 0))} failed). Highest throughput: <b>{_fmt(best['throughput_per_h'])} "
                f"parts/h</b> in scenario {html.escape(str(best['name']))} ({desc(best)}); lowest "
                f"{_fmt(worst['throughput_per_h'])} parts/h in {html.escape(str(worst['name']))} ({desc(worst)}).")
        if "lead_time_mean_s" in sc.columns:
            d, u = F.time_scale(sc["lead_time_mean_s"].to_numpy())
            text += (f" Mean lead time ranges from {_fmt(sc['lead_time_mean_s'].min() / d, 3)} to "
                     f"{_fmt(sc['lead_time_mean_s'].max() / d, 3)} {u}.")
        return text
    return ""


def _png(fig):
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight")
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _figures(res, path, section, mention_skipped=True):
    """HTML of every registered figure of `section` that `res` has the data for (embedded PNG, with the
    command that draws it alone), and a note on each that could apply to this kind of file but lacks data."""
    out = []
    for fig_spec in F.FIGURES.values():
        if fig_spec.source != "hdf5" or fig_spec.section != section:
            continue
        why = fig_spec.missing(res)
        if why:
            if res.kind in fig_spec.kinds and mention_skipped:  # only figures that could apply to this kind of file
                out.append(f"<p class='skipped'>Not shown: {html.escape(fig_spec.summary)} ({html.escape(why)}).</p>")
            continue
        try:
            fig = F.render(fig_spec.name, res)
        except L.MissingData as e:
            out.append(f"<p class='skipped'>Not shown: {html.escape(fig_spec.summary)} ({html.escape(str(e))}).</p>")
            continue
        out.append(f"<figure id='fig-{fig_spec.name}'><img alt='{html.escape(fig_spec.summary)}' "
                   f"src='data:image/png;base64,{_png(fig)}'><figcaption>{html.escape(fig_spec.summary)} "
                   f"(<code>python3 -m analysis {fig_spec.name} {html.escape(path)} -o {fig_spec.name}.svg</code>)"
                   "</figcaption></figure>")
    return out


def build_report(path, question=None):
    """The report of results file `path` as an HTML string."""
    res = L.load(path)
    if res.kind == "pathway":
        return build_pathway_report(res, path, question)
    q = question or question_of(res)
    out = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>greenfab report: "
           f"{html.escape(res.name)}</title><style>{_CSS}</style></head><body>",
           f"<h1>{html.escape(res.name)}</h1>",
           f"<p>greenfab {'sweep' if res.kind == 'sweep' else 'run'} results from <code>{html.escape(path)}</code></p>",
           "<h2>Question</h2>", f"<p class='question'>{html.escape(q)}</p>",
           "<h2>Answer</h2>", f"<p class='answer'>{_answer(res)}</p>"]

    title = "Key KPIs (pooled over all scenarios' tasks)" if res.kind == "sweep" else "Key KPIs"
    out.append(f"<h3>{title}</h3><table id='kpis'><tr><th>KPI</th><th>mean</th><th>95 % CI &plusmn;</th>"
               "<th>unit</th><th>n</th><th>what it is</th></tr>")
    for k, desc, mean, hw, unit, n in kpi_rows(res):
        out.append(f"<tr><td>{html.escape(k)}</td><td class='num'>{_fmt(mean)}</td><td class='num'>{_fmt(hw, 2)}</td>"
                   f"<td>{html.escape(unit)}</td><td class='num'>{n}</td><td>{html.escape(str(desc))}</td></tr>")
    out.append("</table>")

    if res.kind == "sweep" and res.has("scenarios", ["name"]):
        sc = res.tables["scenarios"]
        kpis = [k for k in ("throughput_per_h", "lead_time_mean_s", "wip_mean", "machine_energy_per_part_J")
                if k in sc.columns]
        out.append("<h3>Scenarios (mean &plusmn; 95 % CI over replications)</h3><table id='scenarios'><tr><th>scenario</th>"
                   + "".join(f"<th>{html.escape(f)}</th>" for f in res.factors)
                   + "".join(f"<th>{html.escape(k)} [{html.escape(F.display([1], res.unit('scenarios', k))[1])}]</th>"
                             for k in kpis) + "</tr>")
        for _, r in sc.iterrows():
            cells = "".join(f"<td>{html.escape(str(r[f]))}</td>" for f in res.factors)
            for k in kpis:
                unit = res.unit("scenarios", k)
                if unit == "s":
                    d, _u = F.time_scale(sc[k].to_numpy())
                    v = (r[k] / d, r[f"{k}_hw"] / d)
                else:
                    v = tuple(F.display([r[k], r[f"{k}_hw"]], unit)[0])
                cells += f"<td class='num'>{_fmt(v[0])} &plusmn; {_fmt(v[1], 2)}</td>"
            out.append(f"<tr><td>{html.escape(str(r['name']))}</td>{cells}</tr>")
        out.append("</table>")

    out.append("<h2>Figures</h2>")
    out += _figures(res, path, "production")

    # Energy and emissions: the answer in sentences, the five indicators, then the figures.
    energy, energy_figs = energy_answer(res), _figures(res, path, "energy")
    if energy or res.has("indicators", ["indicator", "total"]):
        out.append("<h2 id='energy'>Energy and emissions</h2>")
        if energy:
            out.append(f"<p class='answer'>{energy}</p>")
        if res.has("indicators", ["indicator", "unit", "total", "per_good_part"]):
            out.append("<h3>The five indicators (Danish baseline for sustainable production) and primary resource use"
                       "</h3><table id='indicators'><tr><th>indicator</th><th>in the measured window</th>"
                       "<th>per good part</th><th>covers</th></tr>")
            for name, covers, total, per in indicator_rows(res):
                out.append(f"<tr><td>{html.escape(name)}</td><td class='num'>{total}</td><td class='num'>{per}</td>"
                           f"<td>{html.escape(covers)}</td></tr>")
            out.append("</table><p class='skipped'>Mean &plusmn; 95 % confidence half-width over replications.</p>")
    elif energy_figs:
        out.append("<h2 id='energy'>Energy and emissions</h2>")
    out += energy_figs

    transport = transport_answer(res)
    transport_figs = _figures(res, path, "transport", mention_skipped=bool(transport))
    if transport or transport_figs:
        out.append("<h2 id='transport'>Transport</h2>")
        if transport:
            out.append(f"<p class='answer'>{transport}</p>")
        out += transport_figs

    m = res.meta
    out.append("<h2>Provenance</h2><table id='provenance'>")
    for k in ("software_version", "git_describe", "created_utc", "command_line", "model_file", "experiment_file",
              "seed", "replications", "warmup_s", "horizon_s", "design"):
        if k in m:
            out.append(f"<tr><td>{k}</td><td><code>{html.escape(str(m[k]))}</code></td></tr>")
    out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out)


def write_report(path, output, question=None):
    """Writes the report of `path` to `output` (HTML)."""
    import os
    d = os.path.dirname(os.path.abspath(output))
    if not os.path.isdir(d):
        raise L.AnalysisError(f"-o {output}: directory '{d}' does not exist")
    if not re.search(r"\.html?$", output, re.I):
        raise L.AnalysisError(f"-o {output}: a report is an .html file")
    text = build_report(path, question)
    with open(output, "w", encoding="utf-8") as f:
        f.write(text)


# --- pathway files ------------------------------------------------------------------------------------

def _study_comment(res):
    """The leading comment lines of the study file (the shipped studies state their question there),
    without usage lines."""
    lines = []
    for line in res.texts.get("study_text", "").splitlines():
        if not line.startswith("#"):
            break
        stripped = line.lstrip("#").strip()
        if stripped.lower().startswith(("run:", "greenfab ", "mpirun ")):
            continue
        lines.append(stripped)
    return " ".join(lines).strip()


def pathway_question(res):
    """The question every pathway study answers, with the file's targets and years."""
    m = res.meta
    te, tn = float(m.get("target_emissions", -0.75)), float(m.get("target_energy", -0.75))
    return (f"Which roadmap of measures takes '{res.name}' to {100 * te:.0f} % greenhouse-gas emissions and "
            f"{100 * tn:.0f} % energy use by {int(m.get('target_year', 2040))} against {int(m.get('base_year', 2025))}: "
            "when is each target reached, how sure is it, what does it cost, and what does it do to output, lead time "
            "and delivery?")


def _year_cell(row, what, target_year):
    from .pathway import target_text
    text = target_text(row, what, target_year)
    return html.escape(text.replace("\u00b1", "+/-")).replace("+/-", "&plusmn;")


def pathway_rows(res):
    """One dict per roadmap (no_measures first) with the report table's cells as HTML text."""
    rm = L.pathway_roadmaps(res)
    target = int(res.meta.get("target_year", 2040))
    currency = res.meta.get("currency", "")
    dom = L.roadmap_dominance(rm)
    rows = []
    for i, r in rm.iterrows():
        cum, cu = F.readable([r["cumulative_emissions_kg"], r["cumulative_emissions_hw_kg"]], "kg")
        npc = np.array([r["net_present_cost"], r["net_present_cost_hw"], r["investment"]], dtype=float) / 1e3

        def pm(v, u):
            if not np.isfinite(v[0]):
                return "-"
            h = 0.0 if abs(v[1]) <= 1e-9 * max(abs(v[0]), 1e-300) else v[1]  # rounding noise of equal replications
            hw = f" &plusmn; {F.number(h, 3)}" if np.isfinite(v[1]) else ""
            return f"{F.number(v[0])}{hw} {html.escape(u)}"
        rows.append({
            "roadmap": html.escape(str(r["roadmap"])) + (" (optimiser)" if r.get("optimised", 0) == 1 else ""),
            "measures": html.escape(str(r.get("measures", "")) or "none"),
            "emissions_year": _year_cell(r, "emissions", target),
            "energy_year": _year_cell(r, "energy", target),
            "p_both": _p_both_cell(r),
            "change": f"{100 * r['emissions_change_target_year']:+.0f} % / {100 * r['energy_change_target_year']:+.0f} %",
            "cumulative": pm(cum, f"{cu} CO2e"),
            "npc": pm(npc[:2], f"k{currency}"),
            "investment": pm([npc[2], np.nan], f"k{currency}"),
            "flags": html.escape(str(r.get("side_effects", "")).strip()) or "none",
            "front": "yes" if dom.at[i, "on_front"] else ("dominated" if dom.at[i, "dominated"] else "-"),
        })
    return rows


def _p_both_cell(r):
    """P(both) with its 95 % Wilson interval where the file has it (files before it have only the share)."""
    p = r["p_both_by_target_year"]
    if not np.isfinite(p):
        return "-"
    lo, hi = r.get("p_both_low", np.nan), r.get("p_both_high", np.nan)
    if np.isfinite(lo) and np.isfinite(hi):
        return f"{100 * p:.0f} % [{100 * lo:.0f}-{100 * hi:.0f} %]"
    return f"{100 * p:.0f} %"


def _uncertainty_sentence(res, n):
    """What the replications sample, from the file's /samples table (its columns other than replication
    are the study's uncertain inputs), never assumed; the interval sentence only when the file has it."""
    samples = res.tables.get("samples")
    inputs = [c for c in samples.columns if c != "replication"] if samples is not None else []
    rm = res.tables.get("roadmaps")
    wilson = rm is not None and {"p_both_low", "p_both_high"} <= set(rm.columns)
    interval = " P(both) is given with its 95 % Wilson interval." if wilson else ""
    if inputs:
        return (f"Uncertainty: {n} replications with common random numbers, each one joint sample of the study's "
                f"{len(inputs)} uncertain input{'s' if len(inputs) > 1 else ''} ({html.escape(', '.join(inputs))})."
                + interval)
    return (f"Uncertainty: {n} replications with common random numbers; only replication noise (failures, orders, "
            "travel times) is sampled, no input is." + interval)


def _p_both_text(r):
    """'P(both) 50 % [9-91 %]' from a /roadmaps row (the interval where the file has it)."""
    p = r["p_both_by_target_year"]
    lo, hi = r.get("p_both_low", np.nan), r.get("p_both_high", np.nan)
    text = f"P(both) {100 * p:.0f} %"
    if np.isfinite(lo) and np.isfinite(hi):
        text += f" [{100 * lo:.0f}-{100 * hi:.0f} %]"
    return text


def _npc_text(r, currency):
    """'-405.9 &plusmn; 1.7 kEUR' (net present cost, mean and 95 % half-width where the file has it)."""
    npc, hw = r["net_present_cost"], r.get("net_present_cost_hw", np.nan)
    text = f"{F.number(npc / 1e3)}"
    if np.isfinite(hw) and abs(hw) > 1e-9 * abs(npc):
        text += f" &plusmn; {F.number(hw / 1e3, 2)}"
    return text + f" k{html.escape(currency)}"


def _sensitivity_sentence(res):
    """What the answer depends on, from the file's /sensitivity table when it has one (columns roadmap,
    output, input, method and the indices, docs/pathways.md "Sensitivity"): the three inputs with the largest
    Sobol total index (or Morris mu*) for each roadmap and output. '' without the table: nothing is claimed."""
    t = res.tables.get("sensitivity")
    if t is None or t.empty or not {"output", "input", "method"} <= set(t.columns):
        return ""
    parts = []
    keys = [k for k in ("roadmap", "output") if k in t.columns]
    for key, g in t.groupby(keys, sort=False):
        key = key if isinstance(key, tuple) else (key,)
        what = " ".join(html.escape(str(k)) for k in key)
        method = str(g["method"].iloc[0])
        value, low, high, name = (("total", "total_low", "total_high", "total index") if method == "sobol" else
                                  ("mu_star", "mu_star_low", "mu_star_high", "mu*"))
        if value not in g.columns:
            continue
        top = g.sort_values(value, ascending=False, kind="mergesort").head(3)
        cells = []
        for _, r in top.iterrows():
            cell = f"{html.escape(str(r['input']))} {F.number(r[value], 2)}"
            if low in g.columns and high in g.columns and np.isfinite(r[low]) and np.isfinite(r[high]):
                cell += f" [{F.number(r[low], 2)}-{F.number(r[high], 2)}]"
            cells.append(cell)
        n = g["evaluations"].iloc[0] if "evaluations" in g.columns else np.nan
        runs = f", {int(n)} model evaluations" if np.isfinite(n) else ""
        parts.append(f"{what} ({'Sobol' if method == 'sobol' else 'Morris'} {name}{runs}): {', '.join(cells)}")
    if not parts:
        return ""
    return "What the answer depends on (largest first, 95 % bootstrap intervals): " + "; ".join(parts) + "."


def pathway_answer(res):
    """A few sentences, each from the file: which roadmaps meet both targets by the target year (P(both) of
    at least one half) and the cheapest of them on the Pareto front, or else the closest roadmap on the front;
    the dominated roadmaps; side effects; what is sampled; what the answer depends on."""
    rm = L.pathway_roadmaps(res)
    m = res.meta
    target = int(m.get("target_year", 2040))
    currency = m.get("currency", "")
    te, tn = float(m.get("target_emissions", -0.75)), float(m.get("target_energy", -0.75))
    n = int(m.get("replications", 0))
    p = rm["p_both_by_target_year"].fillna(0)
    dom = L.roadmap_dominance(rm)
    meets = rm[p >= 0.5]
    targets = f"({100 * te:.0f} % emissions, {100 * tn:.0f} % energy)"
    if len(meets):
        names = ", ".join(f"<b>{html.escape(str(r['roadmap']))}</b> ({_p_both_text(r)})" for _, r in meets.iterrows())
        text = f"Both targets {targets} are met by {target} in at least half of the {n} replications with {names}."
        on_front = meets[dom.loc[meets.index, "on_front"].to_numpy()]
        if len(on_front):
            r = rm.loc[on_front.sort_values("net_present_cost", kind="mergesort").index[0]]
            text += (f" The least net present cost among them on the Pareto front (no other roadmap is at least as "
                     f"good on cost, emissions and energy and better on one): <b>{html.escape(str(r['roadmap']))}</b>, "
                     f"{_npc_text(r, currency)} (negative: it saves money).")
    else:
        text = f"No roadmap meets both targets {targets} by {target} in at least half of the {n} replications."
        best = L.closest_roadmap(rm, te, tn)
        if best is not None:
            r = rm.loc[best]
            text += (f" Closest, on the Pareto front (no other roadmap is at least as good on cost, emissions and "
                     f"energy and better on one): <b>{html.escape(str(r['roadmap']))}</b> with {100 * r['emissions_change_target_year']:+.0f} % "
                     f"emissions and {100 * r['energy_change_target_year']:+.0f} % energy in {target} "
                     f"({_p_both_text(r)}), at a net present cost of {_npc_text(r, currency)}.")
    dominated = [str(rm.at[i, "roadmap"]) for i in rm.index if dom.at[i, "dominated"]]
    if dominated:
        text += (f" Dominated, so never presented as best (another roadmap is no worse in net present cost, {target} "
                 f"emissions and energy, and better in one): {html.escape(', '.join(dominated))}.")
    flagged = [str(r["roadmap"]) for _, r in rm.iterrows() if str(r.get("side_effects", "")).strip()]
    if flagged:
        text += f" Side effects flagged for: {html.escape(', '.join(flagged))} (see the table and the side-effects figure)."
    text += " " + _uncertainty_sentence(res, n)
    sensitivity = _sensitivity_sentence(res)
    if sensitivity:
        text += " " + sensitivity
    return text


def build_pathway_report(res, path, question=None):
    """The report of a pathway file: question, answer (sentence, the simulator's answer, the roadmap table),
    the pathway figures, the study file and the provenance."""
    target = int(res.meta.get("target_year", 2040))
    base = int(res.meta.get("base_year", 2025))
    out = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>greenfab pathway report: "
           f"{html.escape(res.name)}</title><style>{_CSS}</style></head><body>",
           f"<h1>{html.escape(res.name)}</h1>",
           f"<p>greenfab pathway study results from <code>{html.escape(path)}</code></p>",
           "<h2>Question</h2>", f"<p class='question'>{html.escape(question or pathway_question(res))}</p>"]
    comment = _study_comment(res)
    if comment and not question:
        out.append(f"<p>The study file says: <i>{html.escape(comment)}</i></p>")
    out += ["<h2>Answer</h2>", f"<p class='answer'>{pathway_answer(res)}</p>"]
    out.append(f"<h3>Roadmaps</h3><table id='roadmaps'><tr><th>roadmap</th><th>measures (start year)</th>"
               f"<th>emissions target reached in</th><th>energy target reached in</th><th>P(both by {target})</th>"
               f"<th>change {target} vs {base}: emissions / energy</th><th>cumulative emissions {base}-{target}</th>"
               "<th>net present cost</th><th>investment</th><th>side effects flagged</th><th>Pareto front</th></tr>")
    for r in pathway_rows(res):
        out.append("<tr>" + "".join(f"<td{' class=num' if k not in ('roadmap', 'measures', 'flags', 'front') else ''}>{v}</td>"
                                    for k, v in r.items()) + "</tr>")
    out.append("</table><p class='skipped'>Target years: mean &plusmn; 95 % Student-t half-width over the replications "
               "that reach the target (share reaching it in brackets when not all do); cumulative emissions and net "
               "present cost: mean &plusmn; 95 % half-width; net present cost is discounted and counts energy cost "
               "against no_measures (docs/pathways.md). Pareto front: no other roadmap is at least as good on net "
               f"present cost and {target} emissions and energy (means) and better on one.</p>")
    if res.texts.get("answer"):
        out.append(f"<details><summary>The simulator's answer (as printed by <code>greenfab pathway</code>)</summary>"
                   f"<pre id='answer'>{html.escape(res.texts['answer'].strip(chr(10)))}</pre></details>")
    out.append("<h2>Figures</h2>")
    out += _figures(res, path, "pathway")
    if res.texts.get("study_text"):
        out.append(f"<h2>Study file</h2><details><summary>the study as run</summary><pre>"
                   f"{html.escape(res.texts['study_text'])}</pre></details>")
    m = res.meta
    out.append("<h2>Provenance</h2><table id='provenance'>")
    for k in ("name", "command_line", "created_utc", "emissions_kpi", "energy_kpi", "currency", "base_year",
              "target_year", "replications", "target_emissions", "target_energy", "discount_rate"):
        if k in m:
            out.append(f"<tr><td>{k}</td><td><code>{html.escape(str(m[k]))}</code></td></tr>")
    out.append("</table></body></html>")
    return "\n".join(out)
