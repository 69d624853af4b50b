"""`mpirun -n 3 greenfab sweep` writes the same file as `greenfab sweep -j 1` (every dataset and attribute equal,
except wall-clock times and the root's created_utc/command_line).

usage: mpi_sweep.py GREENFAB WORKDIR MPIRUN [MPIRUN ARGS...]
"""
import os
import subprocess
import sys

import h5py
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXPERIMENT = os.path.join(ROOT, "tests", "data", "mpi_sweep.yaml")
IGNORED_ROOT_ATTRS = {"created_utc", "command_line"}


def contents(path):
    """{name: value} for every dataset and attribute, without the ones that legitimately differ."""
    out = {}
    with h5py.File(path, "r") as f:
        def add_attrs(name, obj):
            for key, value in obj.attrs.items():
                if name == "" and key in IGNORED_ROOT_ATTRS:
                    continue
                out[f"{name}@{key}"] = value

        def visit(name, obj):
            add_attrs(name, obj)
            if isinstance(obj, h5py.Dataset) and not name.endswith("wall_time_s"):
                out[name] = obj[()]
        add_attrs("", f)
        f.visititems(visit)
    return out


def same(x, y):
    if isinstance(x, np.ndarray) and isinstance(y, np.ndarray):
        if x.dtype.kind == "f":
            return x.dtype == y.dtype and x.shape == y.shape and x.tobytes() == y.tobytes()  # bit-identical, NaN too
        return x.dtype == y.dtype and np.array_equal(x, y)
    if isinstance(x, float) or isinstance(y, float):
        return np.asarray(x).tobytes() == np.asarray(y).tobytes()
    return type(x) == type(y) and x == y


def assert_same_files(local, mpi):
    """Every dataset and attribute of the two files equal (bit for bit); returns both contents."""
    a, b = contents(local), contents(mpi)
    assert a.keys() == b.keys(), f"different structure: only local {sorted(a.keys() - b.keys())}, " \
                                 f"only mpi {sorted(b.keys() - a.keys())}"
    differ = [name for name in sorted(a) if not same(a[name], b[name])]
    assert not differ, f"differ between -j 1 and mpirun -n 3: {differ}"
    return a, b


def main(greenfab, workdir, mpirun):
    os.makedirs(workdir, exist_ok=True)
    local, mpi = os.path.join(workdir, "local.h5"), os.path.join(workdir, "mpi.h5")
    for path in (local, mpi, local + ".journal", mpi + ".journal"):
        if os.path.exists(path):
            os.remove(path)
    subprocess.run([greenfab, "sweep", EXPERIMENT, "-j", "1", "-o", local], check=True, stdout=subprocess.DEVNULL)
    subprocess.run(mpirun + ["-n", "3", greenfab, "sweep", EXPERIMENT, "-o", mpi], check=True,
                   stdout=subprocess.DEVNULL)
    a, b = assert_same_files(local, mpi)
    # Guard against comparing two empty files: all 2 x 3 tasks are there and succeeded.
    status = [s.decode() if isinstance(s, bytes) else s for s in b["tasks/status"]]
    assert status == ["ok"] * 6, f"task status: {status}"
    print(f"{len(a)} datasets and attributes identical for -j 1 and mpirun -n 3 ({len(status)} tasks)")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
