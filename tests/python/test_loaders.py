"""The loaders return the tables, columns and values the simulator wrote (checked against the file's own
summaries where it has them, so the Python statistics agree with the C++ ones)."""

import h5py
import numpy as np
import pandas as pd
import pytest

from analysis import greenfab_h5 as gh
from analysis import load as L
from conftest import REPS, SITE_REPS


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


# --- site energy, indicators, transport ---------------------------------------------------------------

# Flows whose window total in /runs is exactly the sum of the hourly rows (sim/energy/SiteEnergy.cpp);
# scope1_kg, scope3_kg and cost are not: their /runs totals add the own fleet and bought transport.
HOURLY_FLOWS = ["machines_J", "compressed_air_J", "base_load_J", "lighting_J", "heat_pump_J", "vehicle_charging_J",
                "electricity_demand_J", "pv_J", "pv_used_J", "battery_charge_J", "battery_discharge_J",
                "grid_import_J", "grid_export_J", "heat_demand_J", "heat_recovered_J", "heat_recovered_used_J",
                "heat_exported_J", "heat_supplied_J", "boiler_fuel_J", "district_heating_J", "scope2_location_kg",
                "scope2_market_kg"]


def test_hourly_series_add_up_to_the_run_totals(site_file):
    res = L.load(site_file)
    runs = L.replications(res).set_index("replication")
    sums = L.hourly_totals(res, HOURLY_FLOWS + ["duration_s"])
    assert list(sums.index) == list(runs.index) == [0, 1]
    for flow in HOURLY_FLOWS:
        assert res.unit("hourly", flow) == res.unit("runs", flow) != ""
        np.testing.assert_allclose(sums[flow], runs.loc[sums.index, flow], rtol=1e-9, atol=1e-9, err_msg=flow)
    # The rows cover the measured window exactly, and the site's PV, battery and grid all did something.
    np.testing.assert_allclose(sums["duration_s"], res.meta["horizon_s"], rtol=1e-12)
    for flow in ["pv_J", "battery_charge_J", "grid_import_J", "compressed_air_J", "heat_pump_J", "vehicle_charging_J"]:
        assert (sums[flow] > 0).all(), flow
    np.testing.assert_allclose(runs["machines_J"], runs["machine_energy_J"], rtol=1e-9)


def test_hourly_of_one_replication(site_file):
    res = L.load(site_file)
    h = L.hourly(res, 1)
    assert (h["replication"] == 1).all() and h["start_s"].is_monotonic_increasing
    assert h["start_s"].iloc[0] == res.meta["warmup_s"]  # the series starts with the measured window
    assert h["time"].iloc[0] == pd.Timestamp(res.meta["start"]) + pd.Timedelta(seconds=res.meta["warmup_s"])
    assert res.unit("hourly", "grid_factor_kg_per_J") == "kg/J"
    # Hour by hour, electricity balances: uses + charge + export = PV + discharge + import.
    lhs = h["electricity_demand_J"] + h["battery_charge_J"] + h["grid_export_J"]
    np.testing.assert_allclose(lhs, h["pv_J"] + h["battery_discharge_J"] + h["grid_import_J"], rtol=1e-9, atol=1e-6)


def test_station_state_energy_adds_up(site_file):
    st = L.station_table(L.load(site_file))
    states = [c for c in st.columns if c.endswith("_energy_J") and c != "energy_J"]
    assert {"processing_energy_J", "standby_energy_J", "off_energy_J"} <= set(states)
    np.testing.assert_allclose(st[states].sum(axis=1), st["energy_J"], rtol=1e-9)


def test_energy_use_by_use_and_by_carrier_add_up(site_file):
    from analysis.energy import OTHER_ENERGY, USES
    res = L.load(site_file)
    runs = L.replications(res)
    by_use = sum(runs[c] for c, _, _ in USES + OTHER_ENERGY if c in runs.columns)
    np.testing.assert_allclose(by_use, runs["energy_use_J"], rtol=1e-9)
    scopes = runs["scope1_kg"] + runs["scope2_location_kg"] + runs["scope3_kg"]
    np.testing.assert_allclose(scopes, runs["co2e_location_kg"], rtol=1e-9)


def test_run_stats(site_file):
    res = L.load(site_file)
    runs = L.replications(res)
    s = L.run_stats(res, ["energy_use_J", "grid_import_J"])
    assert s.at["energy_use_J", "unit"] == "J" and s.at["energy_use_J", "n"] == SITE_REPS
    np.testing.assert_allclose(s.at["grid_import_J", "mean"], runs["grid_import_J"].mean(), rtol=1e-12)
    np.testing.assert_allclose(s.at["grid_import_J", "half_width"], L.half_width(runs["grid_import_J"]), rtol=1e-12)
    per = L.run_stats(res, ["energy_use_J"], per_part=True)
    np.testing.assert_allclose(per.at["energy_use_J", "mean"], (runs["energy_use_J"] / runs["output_parts"]).mean())
    np.testing.assert_allclose(per.at["energy_use_J", "mean"], L.kpi_summary(res).set_index("kpi").at[
        "energy_per_part_J", "mean"], rtol=1e-9)  # the simulator's own per-part KPI
    with pytest.raises(L.MissingData, match="no column grid_import_J"):
        L.run_stats(L.load(res.path.replace("site.h5", "run.h5")), ["grid_import_J"])


def test_indicators_match_the_file_summary(site_file):
    res = L.load(site_file)
    ind = L.indicators(res)
    assert list(ind.index) == ["resource_use", "primary_resource_use", "water_use", "energy_use", "co2e_emissions",
                               "waste_generation"]
    summary = res.tables["summary/indicators"].set_index("indicator")
    for c in ("total", "per_good_part"):
        np.testing.assert_allclose(ind[c], summary.loc[ind.index, c], rtol=1e-12)
        np.testing.assert_allclose(ind[f"{c}_hw"], summary.loc[ind.index, f"{c}_hw"], rtol=2e-3)
    runs = L.replications(res)
    np.testing.assert_allclose(ind.at["co2e_emissions", "total"], runs["co2e_location_kg"].mean(), rtol=1e-12)
    np.testing.assert_allclose(ind.at["energy_use", "total"], runs["energy_use_J"].mean(), rtol=1e-12)


def test_transport_tables(site_file):
    res = L.load(site_file)
    sh = res.require("shipments", ["replication", "fleet", "direction", "depart_s", "arrive_s", "load_kg"])
    assert set(sh["replication"]) == {0, 1} and (sh["arrive_s"] >= sh["depart_s"]).all()
    assert {"outbound", "inbound"} == set(sh["direction"])
    runs = L.replications(res)
    for c in ("transport_tonne_km", "transport_load_factor", "order_lead_time_mean_s", "on_time_share"):
        assert np.isfinite(runs[c]).all(), c
    # The log holds every leg: its legs per replication equal the KPI.
    np.testing.assert_array_equal(sh.groupby("replication").size().to_numpy(), runs["transport_legs"].to_numpy())
