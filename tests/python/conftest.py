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
