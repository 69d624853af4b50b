"""`python3 -m analysis`: figures to files, --help lists every figure, bad input exits 2 with a message."""

import shutil

import h5py
import pytest

from analysis import figures as F
from conftest import run_analysis


def test_help_lists_every_figure():
    rc, out, _ = run_analysis("--help")
    assert rc == 0
    for name, fig in F.FIGURES.items():
        assert f"  {name} " in out and fig.summary[:30] in out
    assert "report" in out


@pytest.mark.parametrize("ext", ["png", "svg", "pdf"])
def test_figure_to_file(run_file, tmp_path, ext):
    out = tmp_path / f"states.{ext}"
    rc, stdout, err = run_analysis("states", run_file, "-o", out)
    assert rc == 0, err
    assert out.stat().st_size > 5000 and f"wrote {out}" in stdout


def test_sweep_and_gantt_options(sweep_file, states_file, tmp_path):
    rc, _, err = run_analysis("response", sweep_file, "--kpi", "lead_time_mean_s", "--factors", "arrivals,mill_machines",
                              "-o", tmp_path / "r.svg")
    assert rc == 0, err
    rc, _, err = run_analysis("gantt", states_file, "--from", "1h", "--to", "3h", "-o", tmp_path / "g.png")
    assert rc == 0, err


def _expect_bad(args, message):
    rc, _, err = run_analysis(*args)
    assert rc == 2, (rc, err)
    assert message in err, err


def test_bad_input_exits_2(run_file, sweep_file, tmp_path):
    _expect_bad(["states", tmp_path / "none.h5", "-o", tmp_path / "x.png"], "none.h5: no such file")
    _expect_bad(["frobnicate", run_file], "unknown figure 'frobnicate'")
    _expect_bad(["states", run_file, "-o", tmp_path / "x.jpg"], "the format follows the extension")
    _expect_bad(["main-effects", run_file, "-o", tmp_path / "x.png"], "needs a sweep file")
    _expect_bad(["main-effects", sweep_file, "--kpi", "nonsense", "-o", tmp_path / "x.png"], "no KPI 'nonsense'")
    _expect_bad(["response", sweep_file, "--factors", "a,b", "-o", tmp_path / "x.png"], "no factor 'a'")
    _expect_bad(["states", run_file, "-o", tmp_path / "no" / "dir" / "x.png"], "does not exist")
    _expect_bad(["gantt", run_file, "-o", tmp_path / "x.png"], "not a")
    _expect_bad(["report", run_file, "-o", tmp_path / "x.png"], "a report is an .html file")
    _expect_bad([], "usage:")  # argparse: missing arguments


def test_missing_dataset_exits_2(run_file, tmp_path):
    damaged = tmp_path / "no_stations.h5"
    shutil.copy(run_file, damaged)
    with h5py.File(damaged, "a") as f:
        del f["stations"]
    _expect_bad(["states", damaged, "-o", tmp_path / "x.png"], "needs table /stations")
    _expect_bad(["energy", damaged, "-o", tmp_path / "x.png"], "needs table /stations")


def test_not_a_greenfab_file_exits_2(tmp_path):
    with h5py.File(tmp_path / "foreign.h5", "w") as f:
        f["x"] = [1, 2, 3]
    _expect_bad(["states", tmp_path / "foreign.h5"], "not a greenfab results file")


def test_site_figure_options(site_file, tmp_path):
    for args in (["load-curve", "--from", "2025-04-08", "--to", "2025-04-10", "--rep", "1"],
                 ["emissions", "--per-part"], ["energy-use"], ["shipments", "--from", "2", "--to", "4"],
                 ["energy"]):  # the old name of machine-energy still works
        out = tmp_path / f"{args[0]}.svg"
        rc, stdout, err = run_analysis(args[0], site_file, *args[1:], "-o", out)
        assert rc == 0, (args, err)
        assert out.stat().st_size > 5000


def test_site_figures_on_files_without_the_data_exit_2(run_file, site_file, tmp_path):
    _expect_bad(["load-curve", run_file, "-o", tmp_path / "x.png"], "needs table /hourly")
    _expect_bad(["emissions", run_file, "-o", tmp_path / "x.png"], "the model needs a site: section")
    _expect_bad(["transport", run_file, "-o", tmp_path / "x.png"], "the model needs a transport: section")
    _expect_bad(["load-curve", site_file, "--from", "soon", "-o", tmp_path / "x.png"], "'soon' is neither a date")
    _expect_bad(["load-curve", site_file, "--rep", "9", "-o", tmp_path / "x.png"], "/hourly has no replication 9")
    _expect_bad(["load-curve", site_file, "--from", "20", "-o", tmp_path / "x.png"], "no hourly rows between 20 d")
