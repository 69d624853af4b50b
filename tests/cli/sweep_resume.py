"""kill -9 of a whole sweep at random points, then --resume, gives the same file as an uninterrupted run.

After every kill the output file must be either absent or complete and readable (never half-written).
A journal of another experiment must be refused with exit code 2.
"""
import os
import random
import signal
import subprocess
import sys
import time

import h5py
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXPERIMENT = os.path.join(ROOT, "tests", "data", "sweep_resume.yaml")
IGNORED_ATTRIBUTES = {"created_utc", "command_line"}


def contents(path):
    """Every dataset and attribute of the file, except those that legitimately differ between runs."""
    out = {}
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            for key, value in obj.attrs.items():
                if key not in IGNORED_ATTRIBUTES:
                    out[f"{name}@{key}"] = value
            if isinstance(obj, h5py.Dataset) and not name.endswith("wall_time_s"):
                out[name] = obj[()]
        for key, value in f.attrs.items():
            if key not in IGNORED_ATTRIBUTES:
                out[f"/@{key}"] = value
        f.visititems(visit)
    return out


def same(x, y):
    if isinstance(x, np.ndarray) and x.dtype.kind == "f":
        return x.shape == y.shape and x.tobytes() == y.tobytes()  # bit-identical, NaN included
    if isinstance(x, np.ndarray):
        return np.array_equal(x, y)
    return x == y


def sweep(greenfab, out, *extra):
    return [greenfab, "sweep", EXPERIMENT, "-o", out, "-j", "2", "-q", *extra]


def main(greenfab, workdir):
    os.makedirs(workdir, exist_ok=True)
    a = os.path.join(workdir, "a.h5")
    b = os.path.join(workdir, "b.h5")
    for p in os.listdir(workdir):
        os.remove(os.path.join(workdir, p))

    started = time.monotonic()
    subprocess.run(sweep(greenfab, a), check=True, stdout=subprocess.DEVNULL)
    full_run = time.monotonic() - started
    reference = contents(a)

    rng = random.Random(20261122)
    kills_with_journal = 0
    refused = False
    for attempt in range(5):
        extra = ["--resume"] if attempt > 0 else []
        proc = subprocess.Popen(sweep(greenfab, b, *extra), start_new_session=True, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.1, 0.6) * full_run)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        if os.path.exists(b):
            contents(b)  # raises if the file is not a complete, readable HDF5 file
        if os.path.exists(b + ".journal"):
            kills_with_journal += 1
            if not refused:
                # Same output, other experiment (more replications): the journal must not be mixed in.
                r = subprocess.run(sweep(greenfab, b, "--resume", "--set", "replications=5"), capture_output=True,
                                   text=True)
                assert r.returncode == 2, f"mismatched journal: exit {r.returncode}, expected 2\n{r.stderr}"
                assert "different experiment" in r.stderr, r.stderr
                refused = True
    assert kills_with_journal > 0, "no kill landed while the sweep was running; the test proves nothing"

    for _ in range(3):
        r = subprocess.run(sweep(greenfab, b, "--resume"), stdout=subprocess.DEVNULL)
        if r.returncode == 0:
            break
    assert r.returncode == 0, f"resume failed with exit {r.returncode}"
    assert not os.path.exists(b + ".journal"), "journal left after a complete sweep"

    resumed = contents(b)
    assert reference.keys() == resumed.keys(), set(reference.keys()) ^ set(resumed.keys())
    differing = [name for name in reference if not same(reference[name], resumed[name])]
    assert not differing, f"differ after kill and resume: {differing}"
    print(f"{len(reference)} datasets and attributes identical after {kills_with_journal} kills with a journal "
          f"left behind, and resume")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
