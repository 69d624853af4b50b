"""Pathway files (`greenfab pathway`): the loader, the four pathway figures, the report and the command line,
on the small study of tests/data/pathway_study run by the simulator in this test run."""

import re
import subprocess

import matplotlib.pyplot as plt
import numpy as np
import pytest

from analysis import figures as F
from analysis import load as L
from analysis import report as R
from conftest import PATHWAY_REPS, PATHWAY_ROADMAPS, PATHWAY_YEARS, run_analysis
from test_report import _PROBE, _chromium

PATHWAY_FIGURES = ["pathway", "mac", "attribution", "side-effects"]


@pytest.fixture(scope="module")
def res(pathway_file):
    return L.load(pathway_file)


def test_loader_recognises_pathway_files(res):
    assert res.kind == "pathway"
    assert res.name == "test pathway"
    for table in ("years", "roadmaps", "interventions", "attribution"):
        assert res.has(table), table
    assert "test pathway: targets" in res.texts["answer"]
    assert res.texts["study_text"].startswith("# Which roadmap takes the test cell")
    assert res.unit("years", "emissions_per_year_kg") == "kg"
    assert res.unit("years", "energy_use_per_year_J") == "J"
    assert list(L.pathway_roadmaps(res)["roadmap"]) == PATHWAY_ROADMAPS  # no_measures first, then study order


def test_years_rows_are_years_times_replications(res):
    y = L.pathway_years(res)
    for roadmap in PATHWAY_ROADMAPS:
        rows = L.pathway_years(res, roadmap)
        assert len(rows) == len(PATHWAY_YEARS) * PATHWAY_REPS, roadmap
        assert sorted(set(rows["year"])) == PATHWAY_YEARS
        assert sorted(set(rows["replication"])) == list(range(PATHWAY_REPS))
    assert len(y) == len(PATHWAY_ROADMAPS) * len(PATHWAY_YEARS) * PATHWAY_REPS
    base = y[(y["roadmap"] == "no_measures") & (y["year"] == PATHWAY_YEARS[0])]
    np.testing.assert_array_equal(base["emissions_change"], 0)  # the reference is its own base
    np.testing.assert_array_equal(base["energy_change"], 0)


def test_trajectory_is_the_mean_over_replications(res):
    t = L.pathway_trajectory(res, "emissions_change", ["deep_cut"])
    assert list(t["year"]) == PATHWAY_YEARS and set(t["n"]) == {PATHWAY_REPS}
    y = L.pathway_years(res, "deep_cut")
    for _, row in t.iterrows():
        x = y.loc[y["year"] == row["year"], "emissions_change"].to_numpy()
        assert row["mean"] == pytest.approx(x.mean(), rel=1e-12)
        assert row["half_width"] == pytest.approx(L.half_width(x), rel=1e-12, nan_ok=True)


def test_attribution_sums_to_the_target_year_reduction(res):
    """docs/hdf5-schema.md: /attribution splits the target-year reduction vs no_measures, which /years gives
    (/roadmaps only has the change vs the base year)."""
    at = res.tables["attribution"]
    totals = L.target_year_reduction(res)
    assert set(at["roadmap"]) == {"quick_wins", "deep_cut"}
    assert set(at["method"]) == {"shapley"}
    for roadmap, g in at.groupby("roadmap"):
        for column in ("emissions_reduction_per_year_kg", "energy_reduction_per_year_J"):
            total = totals.at[roadmap, column]
            assert total > 0
            assert g[column].sum() == pytest.approx(total, rel=1e-9), (roadmap, column)
    # The measures of each roadmap, in the roadmap's order.
    assert list(at.loc[at["roadmap"] == "deep_cut", "intervention"]) == ["half_base", "no_light"]


def test_side_effect_thresholds_from_the_study(res):
    assert L.side_effect_thresholds(res) == pytest.approx({"throughput": 0.02, "lead_time": 0.10, "on_time": 0.02,
                                                            "trade_off": 0.01})
    assert res.meta["side_effect_lead_time"] == pytest.approx(0.10)  # written by greenfab pathway
    # The attributes win over the text; older files without them fall back to the study text.
    stated = L.Results(path="x", kind="pathway", texts={"study_text": "side_effects: {throughput: 9 %}\n"},
                       meta={"side_effect_throughput": 0.03, "side_effect_lead_time": 0.2,
                             "side_effect_on_time": 0.01, "side_effect_trade_off": 0.05})
    assert L.side_effect_thresholds(stated) == pytest.approx({"throughput": 0.03, "lead_time": 0.2, "on_time": 0.01,
                                                               "trade_off": 0.05})
    block = L.Results(path="x", kind="pathway", meta={}, texts={"study_text": (
        "name: x\nside_effects:   # thresholds\n  throughput: 5 %\n  lead_time: 0.2\nroadmaps: []\n")})
    assert L.side_effect_thresholds(block) == pytest.approx({"throughput": 0.05, "lead_time": 0.2, "on_time": 0.02,
                                                              "trade_off": 0.01})
    # The eco-mode roadmap slows the machine: its lead time is flagged, as the figure shows.
    rm = L.pathway_roadmaps(res).set_index("roadmap")
    assert "lead time" in rm.at["quick_wins", "side_effects"]
    assert rm.at["quick_wins", "lead_time_change"] > 0.10


@pytest.mark.parametrize("name", PATHWAY_FIGURES)
@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_pathway_figure_renders(name, fmt, res, tmp_path):
    assert F.FIGURES[name].missing(res) is None
    fig = F.render(name, res)
    out = tmp_path / f"{name}.{fmt}"
    fig.savefig(out)
    plt.close(fig)
    assert out.stat().st_size > 5000


def test_pathway_chart_content(res):
    fig = F.render("pathway", res)
    emissions, energy = fig.axes[0], fig.axes[1]
    assert "-75 %" in fig._suptitle.get_text() and "-40 %" in fig._suptitle.get_text()
    assert "by 2040" in fig._suptitle.get_text()
    labels = [t.get_text() for t in emissions.get_legend().get_texts()]
    assert labels[-1] == "target -75 % by 2040"
    assert any(t.startswith("deep_cut: 20") for t in labels)
    assert "quick_wins: not reached by 2040" in [t.get_text() for t in energy.get_legend().get_texts()]
    assert any(abs(line.get_ydata()[0] + 75) < 1e-9 for line in emissions.get_lines() if len(line.get_ydata()) == 2)
    assert "[%]" in emissions.get_ylabel()
    plt.close(fig)
    # --roadmaps: the chosen ones plus the reference.
    fig = F.render("pathway", res, {"roadmaps": "deep_cut"})
    labels = [t.get_text().split(":")[0] for t in fig.axes[0].get_legend().get_texts()]
    assert labels == ["no_measures", "deep_cut", "target -75 % by 2040".split(":")[0]]
    plt.close(fig)
    with pytest.raises(L.AnalysisError, match="no roadmap nope .roadmaps: no_measures, quick_wins, deep_cut"):
        F.render("pathway", res, {"roadmaps": "nope"})


def test_mac_curve_is_sorted_with_widths_in_tonnes(res):
    iv = res.tables["interventions"]
    fig = F.render("mac", res)
    ax = fig.axes[0]
    bars = [p for p in ax.patches]
    ok = iv[np.isfinite(iv["mac_per_t"]) & (iv["abatement_per_year_kg"] > 0)].sort_values("mac_per_t")
    assert len(bars) == len(ok) > 0
    np.testing.assert_allclose([b.get_height() for b in bars], ok["mac_per_t"])
    np.testing.assert_allclose([b.get_width() for b in bars], ok["abatement_per_year_kg"] / 1000)
    assert (ok["mac_per_t"] < 0).any()  # savings: bars below zero
    assert "EUR per t CO2e" in ax.get_ylabel() and "t CO2e per year" in ax.get_xlabel()
    plt.close(fig)


def test_attribution_figure_stacks_to_the_total(res):
    fig = F.render("attribution", res)
    ax = fig.axes[0]
    totals = L.target_year_reduction(res)
    diamonds = [line for line in ax.get_lines() if line.get_marker() == "D"][0]
    unit = re.search(r"\[(\w+)", ax.get_ylabel()).group(1)
    scale = {"kg": 1, "t": 1e-3}[unit]
    np.testing.assert_allclose(diamonds.get_ydata(), totals.loc[["quick_wins", "deep_cut"],
                                                                "emissions_reduction_per_year_kg"] * scale, rtol=1e-9)
    tops = {}
    for p in ax.patches:
        x = round(p.get_x() + p.get_width() / 2)
        tops[x] = tops.get(x, 0) + p.get_height()
    np.testing.assert_allclose([tops[0], tops[1]], diamonds.get_ydata(), rtol=1e-9)
    plt.close(fig)


def test_side_effects_figure_flags_the_slow_roadmap(res):
    fig = F.render("side-effects", res)
    lead = fig.axes[1]
    assert any("threshold +10 %" in t.get_text() for t in lead.get_legend().get_texts())
    assert any("flagged" in t.get_text() for t in lead.texts)
    assert "quick_wins: lead time" in " ".join(t.get_text() for t in fig.texts)
    assert "no on-time delivery share" in " ".join(t.get_text() for t in fig.axes[2].texts)  # no transport
    plt.close(fig)


def test_pathway_figures_need_a_pathway_file(run_file, res):
    run = L.load(run_file)
    for name in PATHWAY_FIGURES:
        assert "needs a pathway file" in F.FIGURES[name].missing(run)
    assert {f.name for f in F.applicable(res)} == set(PATHWAY_FIGURES)


def test_cli(pathway_file, tmp_path):
    out = tmp_path / "chart.svg"
    rc, stdout, err = run_analysis("pathway", pathway_file, "--roadmaps", "deep_cut,quick_wins", "-o", out)
    assert rc == 0, err
    assert out.read_text().lstrip().startswith("<?xml")
    rc, _, err = run_analysis("mac", pathway_file, "--roadmaps", "x", "-o", tmp_path / "m.png")
    assert rc == 0, err  # the MAC curve is per intervention: --roadmaps does not apply
    rc, _, err = run_analysis("attribution", pathway_file, "--roadmaps", "nope", "-o", tmp_path / "a.png")
    assert rc == 2 and "no roadmap nope" in err


def test_report(pathway_file, tmp_path):
    page = tmp_path / "pathway.html"
    rc, _, err = run_analysis("report", pathway_file, "-o", page)
    assert rc == 0, err
    html = page.read_text()
    assert not re.search(r"""(src|href)=['"](https?:|//|file:)""", html)
    question = html[html.index("<h2>Question</h2>"):html.index("<h2>Answer</h2>")]
    assert "-75 % greenhouse-gas emissions and -40 % energy use by 2040 against 2025" in question
    assert "Which roadmap takes the test cell" in question  # the study file's own words
    answer = html[html.index("<h2>Answer</h2>"):html.index("<h2>Figures</h2>")]
    assert "are met by 2040 in at least half of the 2 replications with <b>deep_cut</b>" in answer
    assert "Side effects flagged for: quick_wins" in answer
    table = answer[answer.index("<table id='roadmaps'>"):answer.index("</table>")]
    assert table.count("<tr>") == 1 + len(PATHWAY_ROADMAPS)
    for phrase in ("P(both by 2040)", "net present cost", "cumulative emissions 2025-2040", "not reached by 2040",
                   "lead time", "t CO2e", "kEUR", "100 %"):
        assert phrase in table, phrase
    assert "test pathway: targets -75.0 % emissions" in answer  # the simulator's answer text
    for name in PATHWAY_FIGURES:
        assert f"id='fig-{name}'" in html, name
    assert html.count("data:image/png;base64,") == len(PATHWAY_FIGURES)
    assert R.pathway_question(L.load(pathway_file)).startswith("Which roadmap of measures takes 'test pathway'")


def test_report_renders_in_chromium(pathway_file, tmp_path):
    exe = _chromium()
    page = tmp_path / "pathway.html"
    rc, _, err = run_analysis("report", pathway_file, "-o", page)
    assert rc == 0, err
    probe = tmp_path / "probe.html"
    probe.write_text(page.read_text().replace("</body>", _PROBE + "</body>"))
    cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=5000"]
    dom = subprocess.run(cmd + ["--dump-dom", probe.as_uri()], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    m = re.search(r'data-decoded="(\d+)"', dom.stdout)
    assert m, "the page did not finish loading in chromium:\n" + dom.stdout[:2000]
    assert int(m.group(1)) == len(PATHWAY_FIGURES)
    shot = tmp_path / "pathway.png"
    p = subprocess.run(cmd + ["--window-size=1000,1400", f"--screenshot={shot}", page.as_uri()],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0 and shot.stat().st_size > 20000, p.stderr[-2000:]


def test_p_both_carries_its_wilson_interval(res):
    """Bounds from Wilson's formula for k of n replications, computed here."""
    z = 1.959963984540054
    n = PATHWAY_REPS
    for _, r in L.pathway_roadmaps(res).iterrows():
        k = round(r["p_both_by_target_year"] * n)
        p = k / n
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z / (1 + z * z / n) * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
        assert r["p_both_low"] == pytest.approx(0.0 if k == 0 else centre - half, abs=1e-12)
        assert r["p_both_high"] == pytest.approx(1.0 if k == n else centre + half, abs=1e-12)
    cells = [row["p_both"] for row in R.pathway_rows(res)]
    assert all(re.fullmatch(r"\d+ % \[\d+-\d+ %\]", c) for c in cells), cells


def test_the_answer_says_what_is_sampled_from_the_file(res):
    """The test study samples no input; with a /samples table of inputs the answer names them."""
    assert "no input is" in R.pathway_answer(res)
    import copy
    import pandas as pd
    sampled = copy.copy(res)
    sampled.tables = dict(res.tables)
    sampled.tables["samples"] = pd.DataFrame({"replication": [0, 1], "effects.smed": [0.9, 1.1]})
    text = R.pathway_answer(sampled)
    assert "1 uncertain input (effects.smed)" in text and "no input is" not in text


# --- answers taken from the file: dominance, the closest roadmap, uncertainty, sensitivity ------------

def _with_tables(res, **tables):
    """A copy of `res` with some tables replaced (what another study's file would hold)."""
    import copy
    out = copy.copy(res)
    out.tables = dict(res.tables)
    out.tables.update(tables)
    return out


def _none_meets(res, rows):
    """/roadmaps rows (roadmap, npc, emissions change, energy change) on the fixture's columns, no roadmap
    meeting both targets."""
    rm = res.tables["roadmaps"]
    base = rm.iloc[[0] * len(rows)].reset_index(drop=True).copy()
    for i, (name, npc, em, en) in enumerate(rows):
        base.loc[i, ["roadmap", "net_present_cost", "emissions_change_target_year", "energy_change_target_year",
                     "p_both_by_target_year", "p_both_low", "p_both_high", "side_effects"]] = \
            [name, npc, em, en, 0.0, 0.0, 0.66, ""]
    # The rows are made up: the fixture's own dominance flags (greenfab writes them) do not apply to them.
    return base.drop(columns=["dominated"], errors="ignore")


def test_roadmap_dominance_by_hand():
    import pandas as pd
    rm = pd.DataFrame({"roadmap": list("abcdef"),
                       "net_present_cost": [1, 1, 1, 0, np.nan, 1],
                       "emissions_change_target_year": [2, 2, 2, 5, 0, 2],
                       "energy_change_target_year": [3, 3, 4, 5, 0, 3]})
    d = L.roadmap_dominance(rm)
    # a, b and f are equal (all kept), c is worse than a in energy only, d is cheapest, e has no cost.
    assert list(d["on_front"]) == [True, True, False, True, False, True]
    assert list(d["dominated"]) == [False, False, True, False, False, False]
    assert L.closest_roadmap(rm, 0, 0) == 0  # a, b, f tie on shortfall and cost: the first
    # Same shortfall and cost, the first dominated (emissions beyond the target count for nothing in the
    # shortfall, but -0.80 is better than -0.76): only the second may be named.
    two = pd.DataFrame({"roadmap": ["x1", "x2"], "net_present_cost": [88e3, 88e3],
                        "emissions_change_target_year": [-0.76, -0.80], "energy_change_target_year": [-0.3, -0.3]})
    assert L.closest_roadmap(two, -0.75, -0.75) == 1


def test_closest_is_never_a_dominated_roadmap(res):
    """The pump study's case from issue 13: optimised_1 costs 517 kEUR, optimised_2 88 kEUR for the same
    result. The first has the same (smallest) shortfall but is dominated: the answer names the second."""
    rm = _none_meets(res, [("no_measures", 0, -0.05, 0.0), ("optimised_1", 517e3, -0.60, -0.30),
                           ("optimised_2", 88e3, -0.60, -0.30), ("cheap_small", -10e3, -0.20, -0.05)])
    text = R.pathway_answer(_with_tables(res, roadmaps=rm))
    assert "No roadmap meets both targets" in text
    assert "Closest, on the Pareto front" in text and "<b>optimised_2</b> with -60 % emissions and -30 % energy" in text
    assert "88 kEUR" in text
    assert "never presented as best" in text and "optimised_1" in text.split("never presented as best")[1]
    assert "no_measures" in text.split("never presented as best")[1]  # cheap_small saves money and cuts more
    rows = R.pathway_rows(_with_tables(res, roadmaps=rm))
    assert [r["front"] for r in rows] == ["dominated", "dominated", "yes", "yes"]


def test_the_files_dominated_column_is_used_when_present(res):
    """A file that states dominance itself (e.g. with a noise-aware rule) is followed, not recomputed."""
    rm = _none_meets(res, [("no_measures", 0, -0.05, 0.0), ("optimised_1", 517e3, -0.60, -0.30),
                           ("optimised_2", 88e3, -0.60, -0.30)])
    rm["dominated"] = [1, 0, 1]
    text = R.pathway_answer(_with_tables(res, roadmaps=rm))
    assert "<b>optimised_1</b> with -60 % emissions" in text
    assert "optimised_2" in text.split("never presented as best")[1]


def test_the_cheapest_roadmap_meeting_both_is_on_the_front(res):
    rm = _none_meets(res, [("no_measures", 0, -0.05, 0.0), ("dear", 50e3, -0.80, -0.76),
                           ("dearer_equal", 50e3, -0.78, -0.76), ("cheap", 10e3, -0.76, -0.76)])
    rm.loc[1:, "p_both_by_target_year"] = 1.0
    text = R.pathway_answer(_with_tables(res, roadmaps=rm))
    assert "are met by 2040" in text and "<b>cheap</b>, 10 kEUR" in text
    rm.loc[3, "net_present_cost"] = 50e3  # now dearer_equal is dominated by dear: dear is the cheapest on the front
    text = R.pathway_answer(_with_tables(res, roadmaps=rm))
    assert "on the Pareto front" in text and "<b>dear</b>, 50 kEUR" in text


def test_the_interval_sentence_only_when_the_file_has_the_interval(res):
    assert "95 % Wilson interval" in R.pathway_answer(res)
    old = res.tables["roadmaps"].drop(columns=["p_both_low", "p_both_high"])
    assert "Wilson" not in R.pathway_answer(_with_tables(res, roadmaps=old))


def _sensitivity_table():
    import pandas as pd
    return pd.DataFrame({
        "roadmap": ["deep_cut"] * 3, "output": ["emissions_change_target_year"] * 3,
        "input": ["effects.half_base", "grid_factor", "costs.no_light"], "method": ["sobol"] * 3,
        "first_order": [0.20, 0.55, 0.0], "first_order_low": [0.15, 0.5, -0.01], "first_order_high": [0.25, 0.6, 0.01],
        "total": [0.30, 0.70, 0.0], "total_low": [0.25, 0.62, 0.0], "total_high": [0.35, 0.78, 0.0],
        "evaluations": [640] * 3})


def test_sensitivity_sentence_and_tornado_from_the_file(res):
    assert "depends on" not in R.pathway_answer(res)  # the fixture has no /sensitivity: nothing is claimed
    sens = _with_tables(res, sensitivity=_sensitivity_table())
    text = R.pathway_answer(sens)
    assert ("What the answer depends on (largest first, 95 % bootstrap intervals): deep_cut "
            "emissions_change_target_year (Sobol total index, 640 model evaluations): grid_factor 0.7 [0.62-0.78], "
            "effects.half_base 0.3 [0.25-0.35], costs.no_light 0") in text
    assert F.FIGURES["tornado"].missing(res) is not None
    assert F.FIGURES["tornado"].missing(sens) is None
    fig = F.render("tornado", sens)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["costs.no_light", "effects.half_base", "grid_factor"]
    widths = sorted(round(p.get_width(), 6) for p in ax.patches)
    assert widths == sorted([0.0, 0.3, 0.7, 0.0, 0.2, 0.55])  # total bars and first-order bars inside them
    plt.close(fig)
