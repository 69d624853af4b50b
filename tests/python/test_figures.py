"""Every registered figure renders to PNG and SVG from a file the simulator wrote, and no figure is left
without a fixture file that has its data."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from analysis import figures as F
from analysis import gantt as G
from analysis import load as L
from conftest import UNTIL_S

HDF5_FIGURES = [n for n, f in F.FIGURES.items() if f.source == "hdf5"]


@pytest.fixture(scope="session")
def all_files(run_file, rich_run_file, sweep_file, lhs_file):
    return {p: L.load(p) for p in (run_file, rich_run_file, sweep_file, lhs_file)}


@pytest.mark.parametrize("name", HDF5_FIGURES)
@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_figure_renders(name, fmt, all_files, tmp_path):
    drawn = 0
    for path, res in all_files.items():
        if F.FIGURES[name].missing(res):
            continue
        fig = F.render(name, res)
        out = tmp_path / f"{name}_{drawn}.{fmt}"
        fig.savefig(out)
        plt.close(fig)
        assert out.stat().st_size > 5000, f"{name} from {path}: suspiciously small {fmt}"
        if fmt == "svg":
            assert out.read_text().lstrip().startswith("<?xml")
        drawn += 1
    assert drawn > 0, f"figure {name} applies to none of the test files: it is untested"


def test_sweep_figures_take_scatter_form_for_hypercubes(lhs_file):
    res = L.load(lhs_file)
    for name in ("main-effects", "response"):
        fig = F.render(name, res, {"kpi": "lead_time_mean_s"})
        assert fig.axes, name
        plt.close(fig)


def test_figures_say_why_they_do_not_apply(run_file, sweep_file):
    run, sweep = L.load(run_file), L.load(sweep_file)
    assert "needs a sweep file" in F.FIGURES["main-effects"].missing(run)
    assert "needs a run file" in F.FIGURES["states"].missing(sweep)
    with pytest.raises(L.MissingData, match="no KPI 'nonsense'"):
        F.render("main-effects", sweep, {"kpi": "nonsense"})
    with pytest.raises(L.AnalysisError, match="unknown figure"):
        F.render("nonsense", run)


def test_a_figure_for_data_not_yet_written_is_skipped(run_file):
    """How energy/pathway figures will behave until their features write their tables."""
    fig = F.Figure(name="future", summary="needs a table nobody writes yet", needs=[("energy/hourly", ["grid_W"])])
    assert fig.missing(L.load(run_file)) == (f"figure 'future' needs table /energy/hourly, which {run_file} "
                                             "does not have")


def test_applicable(run_file, sweep_file):
    assert {"states", "oee", "lead-time", "wip", "kpis", "energy"} <= {f.name for f in F.applicable(L.load(run_file))}
    assert {f.name for f in F.applicable(L.load(sweep_file))} == {"main-effects", "response"}


def test_state_log_segments_cover_the_window(states_file):
    states = G.read_states(states_file)
    seg = G.segments(states)
    assert set(seg["state"]) <= set(L.STATES)
    for machine, g in seg.groupby("machine"):
        g = g.sort_values("start_s")
        assert g["start_s"].iloc[0] == 0
        assert g["end_s"].iloc[-1] == UNTIL_S
        np.testing.assert_array_equal(g["start_s"].to_numpy()[1:], g["end_s"].to_numpy()[:-1])  # no gaps
    assert {"cut", "mill", "grind#1", "grind#2", "inspect"} == set(seg["machine"])


def test_gantt_renders_a_window(states_file, tmp_path):
    for fmt in ("png", "svg"):
        fig = G.draw_gantt(G.read_states(states_file), window=(3600, 7200))
        fig.savefig(tmp_path / f"gantt.{fmt}")
        plt.close(fig)
        assert (tmp_path / f"gantt.{fmt}").stat().st_size > 5000
    with pytest.raises(L.AnalysisError, match="empty window"):
        G.draw_gantt(G.read_states(states_file), window=(7200, 3600))


def test_parse_duration():
    assert G.parse_duration("90") == 90
    assert G.parse_duration("30 min") == 1800
    assert G.parse_duration("8h") == 8 * 3600
    with pytest.raises(L.AnalysisError):
        G.parse_duration("8 parsecs")
