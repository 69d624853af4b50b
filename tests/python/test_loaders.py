"""The loaders return the tables, columns and values the simulator wrote (checked against the file's own
summaries where it has them, so the Python statistics agree with the C++ ones)."""

import h5py
import numpy as np
import pandas as pd
import pytest

from analysis import greenfab_h5 as gh
from analysis import load as L
from conftest import REPS


def test_run_file_kind_and_replications(run_file):
    res = L.load(run_file)
    assert res.kind == "run"
    runs = L.replications(res)
    assert len(runs) == REPS == res.meta["replications"]
    assert list(runs["replication"]) == list(range(REPS))
    for c in ["throughput_per_h", "lead_time_mean_s", "wip_mean", "machine_energy_J"]:
        assert c in runs.columns
    assert res.unit("runs", "lead_time_mean_s") == "s"
    assert res.name == "three-station line"


def test_state_shares_sum_to_one(run_file, rich_run_file):
    for path in (run_file, rich_run_file):
        shares = L.station_states(L.load(path))
        assert set(shares.columns) <= set(L.STATES)
        np.testing.assert_allclose(shares.sum(axis=1), 1.0, atol=1e-9)
    rich = L.station_states(L.load(rich_run_file))
    assert list(rich.index)[0] == "saw"  # line order kept, not sorted
    assert (rich[["setup", "down"]].to_numpy() > 0).any()


def test_state_means_match_the_file_summary(rich_run_file):
    res = L.load(rich_run_file)
    summary = res.tables["summary/stations"].set_index("station")
    shares = L.station_states(res)
    hws = L.station_states(res, statistic="half_width")
    for state in shares.columns:
        np.testing.assert_allclose(shares[state], summary.loc[shares.index, f"{state}_share"], rtol=1e-12)
        np.testing.assert_allclose(hws[state], summary.loc[shares.index, f"{state}_share_hw"], rtol=2e-3,
                                   equal_nan=True)


def test_kpi_summary_run(run_file):
    k = L.kpi_summary(L.load(run_file)).set_index("kpi")
    assert k.at["throughput_per_h", "n"] == REPS
    assert k.at["throughput_per_h", "unit"] == "1/h"
    runs = L.replications(L.load(run_file))
    np.testing.assert_allclose(k.at["wip_mean", "mean"], runs["wip_mean"].mean())
    np.testing.assert_allclose(k.at["wip_mean", "half_width"], L.half_width(runs["wip_mean"]), rtol=2e-3)


def test_sweep_file(sweep_file):
    res = L.load(sweep_file)
    assert res.kind == "sweep"
    assert res.factors == ["mill_machines", "arrivals"]
    tasks = L.replications(res)
    assert len(tasks) == 4 * 2
    pooled = L.kpi_summary(res).set_index("kpi")
    assert pooled.at["throughput_per_h", "n"] == 8


def test_main_effects_match_the_file(sweep_file):
    res = L.load(sweep_file)
    me = L.main_effects(res, "throughput_per_h")
    assert len(me) == 4 and list(me["factor"]) == ["mill_machines"] * 2 + ["arrivals"] * 2
    stored = res.tables["main_effects"]
    stored = stored[stored["kpi"] == "throughput_per_h"].set_index(["factor", "level"])
    for _, r in me.iterrows():
        np.testing.assert_allclose(r["mean"], stored.at[(r["factor"], r["level"]), "mean"], rtol=1e-12)
        assert r["n"] == stored.at[(r["factor"], r["level"]), "n"] == 4
        assert r["half_width"] > 0


def test_response_matches_scenario_means(sweep_file):
    res = L.load(sweep_file)
    grid = L.response(res, "wip_mean", "mill_machines", "arrivals")
    assert grid.shape == (2, 2)
    sc = res.tables["scenarios"].set_index(["mill_machines", "arrivals"])
    for a in grid.index:
        for b in grid.columns:
            np.testing.assert_allclose(grid.at[a, b], sc.at[(a, b), "wip_mean"], rtol=1e-12)


def test_t_quantile():
    assert L.t_quantile(1) == pytest.approx(12.706)
    assert L.t_quantile(30) == pytest.approx(2.042)
    assert L.t_quantile(60) == pytest.approx(2.000, abs=0.002)
    assert L.t_quantile(1000) == pytest.approx(1.962, abs=0.002)


def test_missing_and_foreign_files(tmp_path):
    with pytest.raises(L.AnalysisError, match="no such file"):
        L.load(tmp_path / "none.h5")
    (tmp_path / "text.h5").write_text("not hdf5")
    with pytest.raises(L.AnalysisError, match="not an HDF5 file"):
        L.load(str(tmp_path / "text.h5"))
    with h5py.File(tmp_path / "other.h5", "w") as f:
        f.attrs["format"] = "something-else"
    with pytest.raises(L.AnalysisError, match="not a greenfab results file"):
        L.load(str(tmp_path / "other.h5"))


def test_require_names_what_is_missing(run_file):
    res = L.load(run_file)
    with pytest.raises(L.MissingData, match=r"/runs has no column nonexistent_kpi \(needed for a test\)"):
        res.require("runs", ["nonexistent_kpi"], "a test")
    with pytest.raises(L.MissingData, match="no table /energy/hourly"):
        res.require("energy/hourly")


def test_greenfab_h5_api_still_works(run_file):
    t = gh.read_results(run_file)
    assert {"runs", "stations", "buffers", "products", "summary/kpis"} <= set(t)
    with h5py.File(run_file, "r") as f:
        st = gh.read_table(f["stations"], index=True)
        assert st.index.names == ["replication", "station"]
        assert gh.units(f["stations"])["energy_J"] == "J"
    assert gh.metadata(run_file)["format"] == "greenfab-results"
    assert "three-station line" in gh.model_text(run_file)
    assert isinstance(t["runs"], pd.DataFrame)
