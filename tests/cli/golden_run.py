"""Golden run: a deterministic one-station model whose KPIs are computed by hand, read back from HDF5."""
import math
import os
import subprocess
import sys

from analysis.greenfab_h5 import read_results

MODEL = """
name: golden
run: {horizon: 1 h, replications: 2, seed: 5}
products: [{name: part, route: [press]}]
release: {interarrival: 2 min}
stations: [{name: press, process: 1 min}]
"""
# Arrivals at 2, 4, ..., 58 min (29 in [0, 60 min); the one at 60 min falls on the end and is not run).
# Each part is processed 1 min at once: lead time 60 s, 29 finished parts, the press busy 29 min of 60,
# WIP = 29 parts x 60 s / 3600 s = 29/60, no waiting anywhere.
EXPECTED_KPIS = {
    "output_parts": 29,
    "throughput_per_h": 29,
    "lead_time_mean_s": 60,
    "lead_time_p50_s": 60,
    "wip_mean": 29 / 60,
    "littles_law_residual": 0,
    "released_parts": 29,
    "scrapped_parts": 0,
}


def main(greenfab, workdir):
    os.makedirs(workdir, exist_ok=True)
    model = os.path.join(workdir, "golden.yaml")
    out = os.path.join(workdir, "golden.h5")
    with open(model, "w") as f:
        f.write(MODEL)
    subprocess.run([greenfab, "run", model, "-o", out, "-q"], check=True)
    r = read_results(out)
    runs = r["runs"]
    assert list(runs["status"]) == ["ok", "ok"], runs["status"]
    for name, value in EXPECTED_KPIS.items():
        for got in runs[name]:
            # The lead-time median comes from a 0.5 %-wide histogram bin.
            tol = 0.003 * value if name == "lead_time_p50_s" else 1e-9 * max(1, abs(value))
            assert math.isclose(got, value, abs_tol=tol), f"{name}: got {got}, expected {value}"
    st = r["stations"].set_index(["replication", "station"])
    assert math.isclose(st.loc[(0, "press"), "processing_share"], 29 / 60, rel_tol=1e-12)
    assert math.isclose(st.loc[(0, "press"), "idle_share"], 31 / 60, rel_tol=1e-12)
    assert st.loc[(0, "press"), "oee"] == st.loc[(0, "press"), "processing_share"]  # no losses but idling
    summary = r["summary/kpis"].set_index("kpi")
    assert summary.loc["throughput_per_h", "half_width"] == 0  # identical replications
    print("golden run: all KPIs match the hand computation")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
