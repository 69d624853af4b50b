"""The same model and seed give identical result tables with 1 and 2 worker processes (through HDF5)."""
import os
import subprocess
import sys

import h5py
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def datasets(path):
    out = {}
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset) and not name.endswith("wall_time_s"):
                out[name] = obj[()]
        f.visititems(visit)
    return out


def main(greenfab, workdir):
    os.makedirs(workdir, exist_ok=True)
    model = os.path.join(ROOT, "models", "teaching", "three_station_line.yaml")
    files = []
    for jobs in (1, 2):
        out = os.path.join(workdir, f"jobs{jobs}.h5")
        subprocess.run([greenfab, "run", model, "--reps", "4", "--horizon", "3d", "-j", str(jobs), "-q", "-o", out],
                       check=True, stdout=subprocess.DEVNULL)
        files.append(datasets(out))
    a, b = files
    assert a.keys() == b.keys()
    for name in a:
        x, y = a[name], b[name]
        if isinstance(x, np.ndarray) and x.dtype.kind == "f":
            assert x.tobytes() == y.tobytes(), f"{name} differs"  # bit-identical, NaN included
        else:
            assert np.array_equal(x, y), f"{name} differs"
    print(f"{len(a)} datasets identical for -j 1 and -j 2")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
