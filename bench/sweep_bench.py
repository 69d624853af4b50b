"""Sweep runner benchmark (not a test): tasks per second at -j 1 and -j 2, and the runner's per-task overhead.

usage: /usr/bin/python3 bench/sweep_bench.py [--greenfab build/greenfab] [--tasks 200] [--horizon "1 d"]

A sweep of short runs of models/teaching/mm1.yaml (full factorial over the arrival rate, replications
filling up to --tasks) is run with -j 1 and -j 2. Reported:
  - tasks/s for each, and the speed-up (goal on this 2-core machine: >= 1.8);
  - the runner's overhead per task: sweep wall time per task (at -j 1) minus the mean simulation wall
    time per task recorded in /tasks (what simulate() itself took), i.e. fork, pipe, journal fsync,
    HDF5 writing and bookkeeping;
  - for comparison, `greenfab run` of one scenario with the same replications per process (-j 1).
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
from analysis.greenfab_h5 import read_results  # noqa: E402


def timed(cmd):
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--greenfab", default=os.path.join(ROOT, "build", "greenfab"))
    ap.add_argument("--tasks", type=int, default=200)
    ap.add_argument("--horizon", default="1 d")
    ap.add_argument("--repeat", type=int, default=3, help="measurements per configuration (median)")
    a = ap.parse_args()

    levels = ["exp(70 s)", "exp(75 s)", "exp(80 s)", "exp(90 s)"]
    reps = max(1, a.tasks // len(levels))
    tasks = reps * len(levels)
    work = tempfile.mkdtemp(prefix="greenfab-sweep-bench-")
    exp = os.path.join(work, "bench.yaml")
    with open(exp, "w") as f:
        f.write(f"""name: sweep benchmark
model: {os.path.join(ROOT, "models", "teaching", "mm1.yaml")}
set: {{run.horizon: "{a.horizon}", run.warmup: 1 h}}
design: full_factorial
factors: [{{name: arrivals, path: release.interarrival, levels: [{", ".join('"' + l + '"' for l in levels)}]}}]
replications: {reps}
seed: 1
""")

    def median(xs):
        xs = sorted(xs)
        return xs[len(xs) // 2]

    wall = {}
    for jobs in (1, 2):
        out = os.path.join(work, f"j{jobs}.h5")
        wall[jobs] = median([timed([a.greenfab, "sweep", exp, "-o", out, "-j", str(jobs), "-q"])
                             for _ in range(a.repeat)])
    sim = read_results(os.path.join(work, "j1.h5"))["tasks"]["wall_time_s"].mean()
    run_model = os.path.join(work, "one.yaml")
    with open(run_model, "w") as f:
        f.write(open(os.path.join(ROOT, "models", "teaching", "mm1.yaml")).read())
    run_wall = median([timed([a.greenfab, "run", run_model, "--reps", str(tasks), "--horizon", a.horizon,
                              "--warmup", "1h", "-j", "1", "-q", "-o", os.path.join(work, "run.h5")])
                       for _ in range(a.repeat)])

    speedup = wall[1] / wall[2]
    print(f"sweep of {tasks} tasks (mm1, horizon {a.horizon}), median of {a.repeat}, nproc {os.cpu_count()}")
    print(f"  -j 1: {wall[1]:.2f} s  {tasks / wall[1]:.1f} tasks/s")
    print(f"  -j 2: {wall[2]:.2f} s  {tasks / wall[2]:.1f} tasks/s")
    print(f"  speed-up: {speedup:.2f}  (goal >= 1.8: {'PASS' if speedup >= 1.8 else 'MISS'})")
    print(f"  simulation per task (simulate(), from /tasks): {1e3 * sim:.2f} ms")
    print(f"  runner overhead per task at -j 1: {1e3 * (wall[1] / tasks - sim):.2f} ms")
    print(f"  greenfab run, same {tasks} replications at -j 1: {run_wall:.2f} s ({1e3 * run_wall / tasks:.2f} ms per replication)")


if __name__ == "__main__":
    main()
