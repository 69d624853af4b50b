"""Pathway study benchmark (not a test): wall time and peak memory of the main job, against a baseline build.

usage: /usr/bin/python3 bench/pathway_bench.py [--greenfab build/greenfab] [--baseline OTHER_BUILD/greenfab]
                                               [--study experiments/truck_parts_pathway.yaml] [--jobs 2]
                                               [--repeat 3] [-- extra pathway options, e.g. --set ...]

Runs `greenfab pathway STUDY --optimise -j JOBS` (the README's main job) with each binary, alternating
so that both see the same machine load, and reports the median wall time, the peak resident memory of
the whole process tree (parent and workers, from wait4's ru_maxrss of the largest process) and, with a
baseline, the ratio baseline/new and whether every dataset of the two result files is identical (only
provenance attributes such as created_utc and command_line may differ).
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

import h5py
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_once(exe, study, jobs, extra, out):
    cmd = [exe, "pathway", study, "--optimise", "-j", str(jobs), "-o", out, *extra]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    stderr = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{stderr}")
    # wait4 reports the child with its waited-for descendants (the workers): ru_maxrss is the largest of them.
    return wall, usage.ru_maxrss / 1024.0


def datasets(path):
    found = {}
    with h5py.File(path, "r") as f:
        f.visititems(lambda name, obj: found.__setitem__(name, obj[()]) if isinstance(obj, h5py.Dataset) else None)
    return found


def identical(a, b):
    da, db = datasets(a), datasets(b)
    if da.keys() != db.keys():
        return False
    for k in da:
        x, y = np.asarray(da[k]), np.asarray(db[k])
        if x.shape != y.shape or x.dtype != y.dtype:
            return False
        same = x.tolist() == y.tolist() if x.dtype == object else x.tobytes() == y.tobytes()  # bits, NaN included
        if not same:
            return False
    return True


def main():
    argv = sys.argv[1:]
    extra = []
    if "--" in argv:
        extra = argv[argv.index("--") + 1:]
        argv = argv[:argv.index("--")]
    ap = argparse.ArgumentParser()
    ap.add_argument("--greenfab", default=os.path.join(ROOT, "build", "greenfab"))
    ap.add_argument("--baseline", help="another greenfab binary to compare with")
    ap.add_argument("--study", default=os.path.join(ROOT, "experiments", "truck_parts_pathway.yaml"))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args(argv)

    builds = [("new", a.greenfab)] + ([("baseline", a.baseline)] if a.baseline else [])
    work = tempfile.mkdtemp(prefix="greenfab-pathway-bench-")
    walls = {name: [] for name, _ in builds}
    peaks = {name: [] for name, _ in builds}
    for i in range(a.repeat):
        for name, exe in builds:  # alternating: both see the same load
            w, m = run_once(exe, a.study, a.jobs, extra, os.path.join(work, f"{name}.h5"))
            walls[name].append(w)
            peaks[name].append(m)
    print(f"study {os.path.relpath(a.study, ROOT)}, --optimise -j {a.jobs}, {' '.join(extra)} median of {a.repeat}")
    for name, exe in builds:
        print(f"  {name:8s} {statistics.median(walls[name]):7.2f} s wall  {max(peaks[name]):7.1f} MB peak  ({exe})")
    if a.baseline:
        ratio = statistics.median(walls["baseline"]) / statistics.median(walls["new"])
        same = identical(os.path.join(work, "new.h5"), os.path.join(work, "baseline.h5"))
        print(f"  speed-up baseline/new: {ratio:.2f}x; results identical: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
