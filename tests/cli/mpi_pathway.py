"""`mpirun -n 3 greenfab pathway --optimise` writes the same file as `greenfab pathway -j 1`: the roadmaps on
every rank, the optimiser's finalists on rank 0's worker processes (every dataset and attribute equal, except
the root's created_utc/command_line).

usage: mpi_pathway.py GREENFAB WORKDIR MPIRUN [MPIRUN ARGS...]
"""
import os
import shutil
import subprocess
import sys

from mpi_sweep import assert_same_files

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
STUDY = os.path.join(ROOT, "tests", "data", "pathway_study")
OPTIMISE = ["--optimise", "--set", "optimise={allowed: [half_base, no_light, eco_mode], finalists: 2}"]


def main(greenfab, workdir, mpirun):
    study = os.path.join(workdir, "study")
    shutil.rmtree(workdir, ignore_errors=True)
    shutil.copytree(STUDY, study)
    local, mpi = os.path.join(workdir, "local.h5"), os.path.join(workdir, "mpi.h5")
    spec = os.path.join(study, "study.yaml")
    subprocess.run([greenfab, "pathway", spec, "-q", "-j", "1", "-o", local] + OPTIMISE, check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run(mpirun + ["-n", "3", greenfab, "pathway", spec, "-q", "-j", "2", "-o", mpi] + OPTIMISE, check=True,
                   stdout=subprocess.DEVNULL)
    a, _ = assert_same_files(local, mpi)
    assert any(r.startswith("optimised_") for r in _roadmaps(mpi)), "the optimiser's finalists are missing"
    for leftover in (mpi + ".journal", mpi + ".journal2"):
        assert not os.path.exists(leftover), f"{leftover} left behind"
    print(f"pathway: {len(a)} datasets and attributes identical between -j 1 and mpirun -n 3")


def _roadmaps(path):
    import h5py
    with h5py.File(path, "r") as f:
        return [r.decode() if isinstance(r, bytes) else r for r in f["roadmaps/roadmap"][()]]


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
