"""Every kind of file carries the one provenance block (docs/hdf5-schema.md, "Provenance"), sweep files
carry the named tables run files carry, and the loader reads files written before these changes."""

import shutil
import subprocess

import h5py
import pytest

from analysis import load as L
from conftest import greenfab_binary

PROVENANCE = ["format", "format_version", "kind", "software", "software_version", "git_describe", "created_utc",
              "command_line"]
EXPECTED = {  # kind -> (format, format_version, embedded input texts)
    "run": ("greenfab-results", "1.2", ["model/source_yaml"]),
    "sweep": ("greenfab-sweep", "1.1", ["experiment/source_yaml", "model/source_yaml"]),
    "pathway": ("greenfab-pathway", "1.0", ["study_text"]),
}


@pytest.mark.parametrize("fixture", ["run_file", "sweep_file", "pathway_file"])
def test_every_file_has_the_provenance_block(fixture, request):
    path = request.getfixturevalue(fixture)
    with h5py.File(path, "r") as f:
        missing = [a for a in PROVENANCE if a not in f.attrs]
        assert not missing, f"{fixture}: no root attribute {missing}"
        kind = f.attrs["kind"]
        fmt, version, texts = EXPECTED[kind]
        assert f.attrs["format"] == fmt
        assert f.attrs["format_version"] == version
        assert f.attrs["software"] == "greenfab"
        assert f.attrs["software_version"] and f.attrs["git_describe"]
        assert f.attrs["command_line"].split()[1] == {"run": "run", "sweep": "sweep", "pathway": "pathway"}[kind]
        for t in texts:
            assert isinstance(f[t], h5py.Dataset) and f[t].asstr()[()], t
    assert L.load(path).kind == kind


def test_sweep_file_holds_the_tables_run_files_hold(sweep_file, run_file):
    """The lead-time distribution was a run-file table only (sweep format 1.0)."""
    res = L.load(sweep_file)
    lt = res.require("lead_time_distribution", ["task", "percentile", "lead_time_s"])
    tasks = res.require("tasks", ["task"])
    assert sorted(lt["task"].unique()) == sorted(tasks.loc[tasks.status == "ok", "task"])
    for task, rows in lt.groupby("task"):
        assert list(rows["percentile"]) == list(range(1, 100)), task
    run = L.load(run_file)
    per_run = {t for t in run.tables if "/" not in t and t != "runs"}
    per_task = {t for t in res.tables if "/" not in t and t not in ("tasks", "scenarios", "main_effects")}
    assert per_run - {"hourly"} <= per_task, per_run - per_task   # sweeps never compute hourly series


def _downgrade(src, dst, drop, set_attrs):
    """A copy of `src` as a file of an earlier format: root attributes `drop` removed, `set_attrs` set."""
    shutil.copy(src, dst)
    with h5py.File(dst, "r+") as f:
        for a in drop:
            del f.attrs[a]
        for k, v in set_attrs.items():
            f.attrs[k] = v
    return str(dst)


def test_files_of_earlier_formats_still_load(run_file, sweep_file, pathway_file, tmp_path):
    old_run = _downgrade(run_file, tmp_path / "run_1_1.h5", ["kind"], {"format_version": "1.1"})
    old_sweep = _downgrade(sweep_file, tmp_path / "sweep_1_0.h5", ["kind"], {"format_version": "1.0"})
    old_pathway = _downgrade(pathway_file, tmp_path / "pathway_0.h5",
                             ["format", "format_version", "software", "software_version", "git_describe"], {})
    for path, kind, table in [(old_run, "run", "stations"), (old_sweep, "sweep", "scenarios"),
                              (old_pathway, "pathway", "roadmaps")]:
        res = L.load(path)
        assert res.kind == kind
        assert res.has(table)
        assert res.tables[table].equals(L.load({"run": run_file, "sweep": sweep_file,
                                                "pathway": pathway_file}[kind]).tables[table])
    assert L.load(old_pathway).texts["study_text"] == L.load(pathway_file).texts["study_text"]


def test_report_prints_a_pathway_file_from_its_stored_answer(pathway_file):
    """`greenfab report` reads run, sweep and pathway files: a pathway file prints its stored answer, exit 0
    (the table of roadmaps is checked cell by cell in tests/cli/report_pathway.py)."""
    p = subprocess.run([greenfab_binary(), "report", pathway_file], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    with h5py.File(pathway_file, "r") as f:
        answer = f["answer"][()].decode()
    assert answer.strip().splitlines()[0] in p.stdout
