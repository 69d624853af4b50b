"""`greenfab report` on pathway files: the stored answer verbatim, then one row per /roadmaps row whose
cells are the file's own numbers, and whose Pareto flag is the dominance worked out here from the file's
columns; bad input (a foreign HDF5 file, a pathway file without /roadmaps, --kpis) exits 2.

usage: report_pathway.py GREENFAB WORKDIR"""
import os
import shutil
import subprocess
import sys

import h5py
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
STUDY = os.path.join(ROOT, "tests", "data", "pathway_study", "study.yaml")


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def run(*args):
    return subprocess.run([GREENFAB, *map(str, args)], capture_output=True, text=True)


def g(v, digits):
    """C's %.<digits>g, as greenfab's fmt()."""
    return "-" if not np.isfinite(v) else f"{v:.{digits}g}"


def expect_bad(args, text):
    p = run(*args)
    if p.returncode != 2 or text not in p.stderr:
        fail(f"greenfab {' '.join(map(str, args))}: exit {p.returncode}, expected 2 with '{text}':\n{p.stderr}")


GREENFAB, WORK = sys.argv[1], sys.argv[2]
shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
path = os.path.join(WORK, "pathway.h5")
p = run("pathway", STUDY, "-q", "-o", path)
if p.returncode != 0:
    fail(f"greenfab pathway failed ({p.returncode}):\n{p.stderr}")

p = run("report", path)
if p.returncode != 0:
    fail(f"greenfab report on a pathway file exits {p.returncode}:\n{p.stderr}")
out = p.stdout
with h5py.File(path, "r") as f:
    answer = f["answer"].asstr()[()]
    rm = {c: (f["roadmaps"][c].asstr()[()] if f["roadmaps"][c].dtype.kind == "O" else f["roadmaps"][c][()])
          for c in f["roadmaps"].attrs["column-order"]}
    target = int(f.attrs["target_year"])
if not out.startswith(answer):
    fail("the report does not start with the file's answer, verbatim")

names = list(rm["roadmap"])
objectives = np.column_stack([rm["net_present_cost"], rm["emissions_change_target_year"],
                              rm["energy_change_target_year"]])


def dominated(i):
    return any(np.all(objectives[j] <= objectives[i]) and np.any(objectives[j] < objectives[i])
               for j in range(len(names)) if j != i)


table = out[len(answer):]
if f"P(both by {target}) [95 %]" not in table:
    fail(f"no P(both) header:\n{table}")
for i, name in enumerate(names):
    line = next((ln for ln in table.splitlines() if ln.startswith(f"  {name} ")), None)
    if line is None:
        fail(f"no row for roadmap {name}:\n{table}")
    cells = [c.strip() for c in line.split("  ") if c.strip()]
    p_both = f"{g(rm['p_both_by_target_year'][i], 3)} [{g(rm['p_both_low'][i], 2)}-{g(rm['p_both_high'][i], 2)}]"
    npc = g(rm["net_present_cost"][i] / 1e3, 4)
    flag = "dominated" if dominated(i) else "yes"
    measures = rm["measures"][i] or "none"
    for what in (p_both, flag, measures):
        if what not in cells:
            fail(f"row {name}: no cell '{what}' in {cells}")
    if not any(c.startswith(npc) for c in cells):
        fail(f"row {name}: no NPC cell starting '{npc}' in {cells}")
    for what in ("emissions", "energy"):
        mean = rm[f"{what}_target_year_mean"][i]
        text = f"not by {target}" if not np.isfinite(mean) else f"{round(mean)}"
        if not any(c.startswith(text) for c in cells):
            fail(f"row {name}: no {what} target year '{text}' in {cells}")
if sum(dominated(i) for i in range(len(names))) == 0:
    fail("the test study should have a dominated roadmap (no_measures or quick_wins), or this test checks little")

foreign = os.path.join(WORK, "foreign.h5")
with h5py.File(foreign, "w") as f:
    f.attrs["format"] = "something-else"
expect_bad(["report", foreign], "not a greenfab results file")
expect_bad(["report", foreign], "kind 'pathway'")
broken = os.path.join(WORK, "no_roadmaps.h5")
with h5py.File(broken, "w") as f:
    f.attrs["kind"] = "pathway"
    f["answer"] = "x"
expect_bad(["report", broken], "pathway file without /roadmaps")
expect_bad(["report", path, "--kpis", "wip_mean"], "--kpis applies to sweep files")
print("ok")
