"""Fixtures: small result files written by the real simulator in this test run (never stored outputs), so
the analysis is tested against what greenfab writes today. GREENFAB names the binary (ctest sets it)."""

import os
import shutil
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, ROOT)  # `import analysis` from the source tree, as `python3 -m analysis` does from ROOT

REPS = 3
SITE_REPS = 2  # replications of the site fixture (its model file says so)
UNTIL_S = 4 * 3600  # trace window for the Gantt fixture


def greenfab_binary():
    exe = os.environ.get("GREENFAB") or shutil.which("greenfab") or os.path.join(ROOT, "build", "greenfab")
    if not os.access(exe, os.X_OK):
        pytest.fail(f"greenfab binary not found (set GREENFAB=/path/to/greenfab; tried {exe})")
    return exe


def _run(args, cwd):
    p = subprocess.run([greenfab_binary(), *args], cwd=cwd, capture_output=True, text=True)
    if p.returncode != 0:
        pytest.fail(f"greenfab {' '.join(args)} failed ({p.returncode}):\n{p.stdout}\n{p.stderr}")
    return p


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("greenfab_data")


@pytest.fixture(scope="session")
def run_file(data_dir):
    """Three-station line, 3 replications of one day."""
    out = data_dir / "run.h5"
    _run(["run", f"{ROOT}/models/teaching/three_station_line.yaml", "--reps", str(REPS), "--warmup", "2h",
          "--horizon", "1d", "-q", "-o", str(out)], data_dir)
    return str(out)


@pytest.fixture(scope="session")
def rich_run_file(data_dir):
    """A line with shifts, failures, setups, batches and scrap (more states than processing and idle)."""
    out = data_dir / "truck.h5"
    _run(["run", f"{ROOT}/models/industrial/truck_parts_line.yaml", "--reps", "2", "--warmup", "1d", "--horizon",
          "3d", "-q", "-o", str(out)], data_dir)
    return str(out)


@pytest.fixture(scope="session")
def sweep_file(data_dir):
    """2 x 2 full factorial, 2 replications, with per-station tables (outputs: all)."""
    exp = data_dir / "tiny_sweep.yaml"
    exp.write_text(f"""# Does a second mill machine help at both arrival rates?
name: tiny sweep
model: {ROOT}/models/teaching/bottleneck_line.yaml
set: {{run.warmup: 2 h, run.horizon: 1 d}}
factors:
  - {{name: mill_machines, path: "stations[mill].machines", levels: [1, 2]}}
  - {{name: arrivals, path: release.interarrival, levels: ["exp(4 min)", "exp(5 min)"]}}
replications: 2
outputs: all
""")
    out = data_dir / "sweep.h5"
    _run(["sweep", str(exp), "-o", str(out), "-j", "2"], data_dir)
    return str(out)


@pytest.fixture(scope="session")
def lhs_file(data_dir):
    """A Latin hypercube (every level once): main effects and response take their scatter form."""
    out = data_dir / "lhs.h5"
    _run(["sweep", f"{ROOT}/experiments/lhs_three_station.yaml", "--set", "points=14", "--set", "replications=1",
          "-o", str(out), "-j", "2"], data_dir)
    return str(out)


SITE_MODEL = """\
# How much energy and CO2e does a small machining cell with PV, a battery and a heat pump use per good part?
name: green cell
run: {start: 2025-04-07T00:00, warmup: 1 d, horizon: 4 d, replications: 2, seed: 11}
calendar: {shifts: ["Mon-Fri 06:00-22:00"], at_shift_end: resume}
materials:
  steel: {recycled: 35 %, price: 0.9 EUR/kg, waste_type: steel_scrap}
waste_handling:
  steel_scrap: {sold: 95 %, sale_price: 0.25 EUR/kg}
  chips: {reused: 50 %, sold: 30 %, disposal_cost: 0.1 EUR/kg}
products:
  - {name: gearbox, route: [machining, assembly], materials: {steel: 12 kg}}
release: {interarrival: exp(9 min)}
stations:
  - {name: machining, machines: 2, process: exp(10 min), scrap: 2 %, waste: {chips: 0.3 kg},
     power: {idle: 3 kW, processing: 12 kW, standby: 0.5 kW, off_shift: 0.2 kW}, air: {processing: 0.5 m3/min},
     water: {per_part: 2 l, processing: 0.2 l/min}, policies: {auto_standby: 5 min}, warm_up: {time: 2 min, power: 5 kW}}
  - {name: assembly, process: exp(5 min), power: {idle: 1 kW, processing: 4 kW, off_shift: 0.1 kW}}
site:
  location: stockholm
  grid: SE3
  loads: {base: {on_shift: 10 kW, off_shift: 3 kW}, lighting: {on_shift: 5 kW, off_shift: 0.5 kW}}
  compressed_air: {specific_power: 6 kW/(m3/min), leaks: 20 %, heat_recovery: 70 %}
  heating: {heat_loss: 2 kW/K, set_point: {on_shift: 20 C, off_shift: 16 C}, supply: heat_pump, machine_heat_recovery: 10 %}
  pv: {peak: 150 kW, tilt: 35 deg, azimuth: 180 deg}
  battery: {capacity: 60 kWh, power: 20 kW, efficiency: 90 %, dispatch: self_consumption}
transport:
  sites:
    - {name: jonkoping, role: factory, lat: 57.78 deg, lon: 14.16 deg}
    - {name: goteborg, role: customer, lat: 57.71 deg, lon: 11.97 deg}
    - {name: malmo, role: customer, lat: 55.60 deg, lon: 13.00 deg}
    - {name: hofors, role: supplier}
  distances:
    - {from: jonkoping, to: goteborg, road: 149 km}
    - {from: jonkoping, to: malmo, road: 293 km}
    - {from: jonkoping, to: hofors, road: 450 km}
  loads: {gearbox: {mass: 120 kg, per_pallet: 2}}
  fleets:
    - {name: trucks, type: diesel_truck, count: 2, delay: "uniform(20 min, 40 min)"}
    - {name: haulier, type: diesel_truck, bought: true}
    - {name: forklifts, type: forklift_electric, count: 1}
  outbound:
    fleet: trucks
    policy: full_truck_load
    max_wait: 12 h
    customers:
      - {site: goteborg, share: 60 %, due: 2 d}
      - {site: malmo, share: 40 %, due: 2 d}
  internal: {fleet: forklifts, travel: exp(3 min)}
  inbound:
    - {name: bar, supplier: hofors, station: machining, unit_mass: 12 kg, lead_time: 2 d,
       reorder_point: 150, order_quantity: 300, initial: 200, fleet: haulier}
  shipment_log: true
"""


@pytest.fixture(scope="session")
def site_file(data_dir):
    """A small cell with the whole site (PV, battery, heat pump, compressed air with heat recovery, SE3 grid),
    materials, water and waste, and transport (own trucks, a bought haulier for inbound steel, forklifts,
    the shipment log): every energy, indicator and transport table. 2 replications of 4 days."""
    model = data_dir / "green_cell.yaml"
    model.write_text(SITE_MODEL)
    out = data_dir / "site.h5"
    _run(["run", str(model), "-q", "-o", str(out)], data_dir)
    return str(out)


@pytest.fixture(scope="session")
def states_file(data_dir):
    """The machine state log of a 4 h trace."""
    out = data_dir / "states.csv"
    _run(["trace", f"{ROOT}/models/teaching/bottleneck_line.yaml", "--until", f"{UNTIL_S}s", "--states", str(out)],
         data_dir)
    return str(out)


def run_analysis(*args, cwd=None):
    """`/usr/bin/python3 -m analysis ARGS` from the source tree: (exit code, stdout, stderr)."""
    env = dict(os.environ, PYTHONPATH=ROOT)
    p = subprocess.run([sys.executable, "-m", "analysis", *map(str, args)], cwd=cwd or ROOT, env=env,
                       capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


# A pathway study small enough for a few seconds: a flat grid zone whose factor falls 100 -> 25 g/kWh
# (2025 -> 2040), a constant base load and lighting plus one machine, three interventions (one that slows
# the machine, so a side effect is flagged), two roadmaps, years every 5 years, 2 replications of 2 days.
PATHWAY_REPS = 2
PATHWAY_YEARS = [2025, 2030, 2035, 2040]
PATHWAY_ROADMAPS = ["no_measures", "quick_wins", "deep_cut"]

# The small study (tests/data/pathway_study: a flat grid zone, a test cell, three interventions, two
# roadmaps), shared with the MPI pathway test (tests/cli/mpi_pathway.py).
PATHWAY_STUDY = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "pathway_study")


@pytest.fixture(scope="session")
def pathway_file(data_dir):
    """`greenfab pathway` on the small study (PATHWAY_STUDY): three roadmaps with no_measures."""
    study = data_dir / "pathway"
    shutil.copytree(PATHWAY_STUDY, study, dirs_exist_ok=True)
    out = data_dir / "pathway.h5"
    _run(["pathway", str(study / "study.yaml"), "-q", "-o", str(out), "-j", "2"], study)
    return str(out)
