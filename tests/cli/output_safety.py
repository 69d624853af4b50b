"""What greenfab writes its results onto, and what survives interruptions and a full disk.

usage: output_safety.py CASE GREENFAB WORKDIR

Every case works in WORKDIR (emptied first) on device nodes, FIFOs, symlinks and a small tmpfs made there,
never on the machine's real devices. Exit 0 pass, 1 fail, 77 skipped (ctest SKIP_RETURN_CODE).
"""
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import time

import h5py
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MODEL = os.path.join(ROOT, "models", "teaching", "mm1.yaml")
SWEEP = os.path.join(ROOT, "tests", "data", "sweep_small.yaml")
SLOW_SWEEP = os.path.join(ROOT, "tests", "data", "sweep_resume.yaml")
STUDY = os.path.join(ROOT, "tests", "data", "pathway_study", "study.yaml")
SKIP = 77


def writers(greenfab, out):
    """One command per writing subcommand, each writing `out`."""
    return {
        "run": [greenfab, "run", MODEL, "--reps", "2", "--horizon", "1d", "-q", "-o", out],
        "sweep": [greenfab, "sweep", SWEEP, "-q", "-j", "2", "-o", out],
        "pathway": [greenfab, "pathway", STUDY, "-q", "-j", "2", "-o", out],
        "trace": [greenfab, "trace", MODEL, "--until", "10min", "--states", out],
    }


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def leftovers(directory, name):
    """Temporary, lock and journal files of output `name` in `directory`."""
    return sorted(f for f in os.listdir(directory) if f.startswith(name + "."))


def expect_refused(r, path, reason):
    assert r.returncode == 2, f"exit {r.returncode}, expected 2\n{r.stderr}"
    assert path in r.stderr and re.search(reason, r.stderr), f"message should name {path} and '{reason}':\n{r.stderr}"


def wait_for(predicate, what, timeout=30):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


def case_refuses_special_files(greenfab, work):
    """-o onto /dev/null- and /dev/full-like nodes, a FIFO or a symlink: exit 2, the entry left as it was."""
    os.mknod(os.path.join(work, "null"), 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    os.mknod(os.path.join(work, "full"), 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    os.mkfifo(os.path.join(work, "fifo"))
    with open(os.path.join(work, "target.h5"), "w") as f:
        f.write("the link's target")
    os.symlink("target.h5", os.path.join(work, "link.h5"))
    reasons = {"null": "character device", "full": "character device", "fifo": "FIFO", "link.h5": "symbolic link"}
    for name, reason in reasons.items():
        path = os.path.join(work, name)
        before = os.lstat(path)
        for command, cmd in writers(greenfab, path).items():
            r = run(cmd)
            expect_refused(r, path, reason)
            after = os.lstat(path)
            assert (after.st_mode, after.st_rdev, after.st_ino) == (before.st_mode, before.st_rdev, before.st_ino), \
                f"{command} -o {name}: the entry was replaced"
            assert leftovers(work, name) == [], f"{command} -o {name} left {leftovers(work, name)}"
    assert os.readlink(os.path.join(work, "link.h5")) == "target.h5"
    with open(os.path.join(work, "target.h5")) as f:
        assert f.read() == "the link's target"
    print("device nodes, FIFO and symlink refused by run, sweep, pathway and trace --states, all left untouched")


def case_refuses_input_file(greenfab, work):
    """-o naming an input (also through ./, a hard link): exit 2 before any simulation, the input intact."""
    model = os.path.join(work, "model.yaml")
    shutil.copy(MODEL, model)
    os.link(model, os.path.join(work, "same_inode.yaml"))
    experiment = os.path.join(work, "experiment.yaml")
    with open(SWEEP) as f:
        text = f.read().replace("../../models/teaching/mm1.yaml", "model.yaml")
    with open(experiment, "w") as f:
        f.write(text)
    original = open(model, "rb").read()
    cases = [
        ([greenfab, "run", model, "--reps", "3", "-o", model], model),
        ([greenfab, "run", model, "--reps", "3", "-o", os.path.join(work, ".", "model.yaml")], model),
        ([greenfab, "run", model, "--reps", "3", "-o", os.path.join(work, "same_inode.yaml")], model),
        ([greenfab, "sweep", experiment, "-o", experiment], experiment),
        ([greenfab, "sweep", experiment, "-o", model], model),  # the model the experiment reads
        ([greenfab, "pathway", STUDY, "-o", STUDY], STUDY),
        ([greenfab, "trace", model, "--until", "10min", "--states", model], model),
    ]
    for cmd, victim in cases:
        before = open(victim, "rb").read()
        r = run(cmd)
        expect_refused(r, cmd[cmd.index("-o") + 1] if "-o" in cmd else model, "is the input file")
        assert "replication 1/" not in r.stderr and "tasks" not in r.stderr, f"simulated before refusing:\n{r.stderr}"
        assert open(victim, "rb").read() == before, f"{' '.join(cmd)} changed {victim}"
    assert open(model, "rb").read() == original
    print(f"{len(cases)} outputs naming an input refused before simulating; inputs unchanged")


def case_full_disk(greenfab, work):
    """A full disk during the final write: exit 1 with the OS's reason, no crash, nothing left behind."""
    mnt = os.path.join(work, "mnt")
    os.mkdir(mnt)
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mnt], capture_output=True).returncode != 0:
        print("SKIP: cannot mount a tmpfs here (needs root / CAP_SYS_ADMIN)")
        return SKIP
    try:
        for command in ("run", "sweep"):
            out = os.path.join(mnt, "out.h5")
            cmd = writers(greenfab, out)[command]
            if command == "run":
                cmd[cmd.index("1d")] = "4w"  # a file larger than 64 KiB
            r = run(cmd)
            assert r.returncode == 1, f"{command}: exit {r.returncode} (negative: killed by a signal), expected 1\n{r.stderr}"
            assert "No space left on device" in r.stderr, r.stderr
            assert out in r.stderr, r.stderr
            # The sweep keeps its journal (the results are not lost; --resume writes the file again).
            left = [f for f in os.listdir(mnt) if not f.endswith(".journal")]
            assert left == [], f"{command} left {left} on the full disk"
            for f in os.listdir(mnt):
                os.remove(os.path.join(mnt, f))
        print("run and sweep on a full 64 KiB tmpfs: exit 1, 'No space left on device', no temporary file left")
    finally:
        subprocess.run(["umount", mnt], check=True)


def dead_pid():
    """A pid no process has: a child that has exited and been reaped."""
    p = subprocess.Popen(["true"])
    p.wait()
    return p.pid


def kill_during_final_write(greenfab, out):
    """Starts a sweep and SIGKILLs it while its <out>.tmp-<pid> exists; returns that file, or None if missed."""
    proc = subprocess.Popen([greenfab, "sweep", SLOW_SWEEP, "-q", "-j", "2", "-o", out], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    temporary = f"{out}.tmp-{proc.pid}"
    while proc.poll() is None and not os.path.exists(temporary):
        time.sleep(0.0005)
    proc.kill()
    proc.wait()
    return temporary if os.path.exists(temporary) else None


def case_stale_temporaries(greenfab, work):
    """<out>.tmp-<pid> left by a kill -9 during the final write is removed by the next run, which says so."""
    out = os.path.join(work, "out.h5")
    for _ in range(10):
        stale = kill_during_final_write(greenfab, out)
        if stale:
            break
    assert stale, "no kill -9 landed during the final write in 10 tries; the test proves nothing"
    r = run([greenfab, "sweep", SLOW_SWEEP, "-q", "-j", "2", "-o", out, "--resume"])
    assert r.returncode == 0, r.stderr
    assert not os.path.exists(stale), "stale temporary file not removed"
    assert f"removed '{stale}'" in r.stderr, f"removal not reported:\n{r.stderr}"
    h5py.File(out, "r").close()

    # Only the files of processes that are gone: a live process may still be writing its own.
    alive = f"{out}.tmp-{os.getpid()}"
    with open(alive, "wb") as fh:
        fh.write(b"\x89HDF half-written")
    r = run(writers(greenfab, out)["run"])
    assert r.returncode == 0, r.stderr
    assert os.path.exists(alive), "a live process's temporary file was removed"
    print(f"{os.path.basename(stale)} of a sweep killed during its final write removed and reported; a live one kept")


def case_second_sweep_refused(greenfab, work):
    """A second sweep on an output in use: exit 2 naming the first one's pid and the lock file."""
    out = os.path.join(work, "busy.h5")
    first = subprocess.Popen([greenfab, "sweep", SLOW_SWEEP, "-q", "-j", "1", "--set", "replications=40", "-o", out],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: os.path.exists(out + ".journal") or first.poll() is not None, "the first sweep to start")
        assert first.poll() is None, "the first sweep ended before the test could overlap it"
        for extra in ([], ["--resume"]):
            r = run([greenfab, "sweep", SLOW_SWEEP, "-q", "-j", "1", "--set", "replications=40", "-o", out, *extra])
            expect_refused(r, out, rf"is in use by greenfab process {first.pid} \(lock file '{re.escape(out)}.lock'\)")
        assert first.poll() is None, "the refused sweep disturbed the running one"
    finally:
        first.send_signal(signal.SIGINT)
        first.wait()
    print(f"second sweep refused with exit 2, naming process {first.pid}")


def case_resume_command_quoted(greenfab, work):
    """The printed 'finish with:' command, pasted into sh, finishes the study: arguments with spaces, quotes, $."""
    out_dir = os.path.join(work, "it's a $dir")
    os.mkdir(out_dir)
    out = os.path.join(out_dir, "out put.h5")
    cmd = [greenfab, "pathway", STUDY, "-j", "1", "--set", "year_step=1 a", "--set", "replications=12", "-o", out]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    journal = out + ".journal"
    wait_for(lambda: (os.path.exists(journal) and os.path.getsize(journal) > 32) or proc.poll() is not None,
             "a first journaled task")
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate()
    assert proc.returncode == 130, f"exit {proc.returncode}, expected 130 (interrupted)\n{err}"
    match = re.search(r"finish with: (.*)", err)
    assert match, err
    again = match.group(1)
    assert "--resume" in again, again
    r = subprocess.run(["/bin/sh", "-c", again], capture_output=True, text=True)
    assert r.returncode == 0, f"the pasted command failed ({r.returncode}):\n{again}\n{r.stderr}"
    assert "resuming" in r.stderr, r.stderr
    h5py.File(out, "r").close()
    assert not os.path.exists(journal)
    print(f"pasted into sh, the resume command finished the study: {again}")


def tables_by_replication(path):
    """Every stacked table's columns (wall time excepted), keyed by (table, column), and the attributes."""
    out = {}
    with h5py.File(path, "r") as f:
        attrs = dict(f.attrs)
        for name, group in f.items():
            if isinstance(group, h5py.Group) and "replication" in group:
                rep = group["replication"][()]
                for column, data in group.items():
                    if column != "wall_time_s":
                        out[(name, column)] = (rep, data[()])
    return attrs, out


def case_run_interrupt(greenfab, work):
    """SIGINT after the first replication: exit 130, the finished replications written exactly, marked partial."""
    # 6 replications of ~50 ms each (release; ~2 s under ASan): the signal comes while 5 are still to run.
    reps = 6
    cmd = [greenfab, "run", MODEL, "--reps", str(reps), "--horizon", "40w"]
    partial, full = os.path.join(work, "partial.h5"), os.path.join(work, "full.h5")
    # Like Ctrl-C: the signal goes to the whole process group, workers included.
    proc = subprocess.Popen(cmd + ["-j", "1", "-o", partial], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    first_line = proc.stderr.readline()
    assert first_line.startswith("replication 1/"), first_line
    os.killpg(proc.pid, signal.SIGINT)
    err = first_line + proc.stderr.read()
    proc.wait()
    assert proc.returncode == 130, f"exit {proc.returncode}, expected 130\n{err}"
    assert "marked partial" in err, err
    subprocess.run(cmd + ["-q", "-j", "2", "-o", full], check=True, stdout=subprocess.DEVNULL)

    attrs, kept = tables_by_replication(partial)
    _, reference = tables_by_replication(full)
    done = int(attrs["replications"])
    assert attrs["partial"] == 1 and attrs["replications_requested"] == reps, attrs
    assert 1 <= done < reps, f"{done} of {reps} replications kept; the interrupt came too late to prove anything"
    assert list(kept[("runs", "replication")][1]) == list(range(done))
    assert kept.keys() == reference.keys()
    for key, (rep, values) in kept.items():
        ref_rep, ref_values = reference[key]
        rows = np.isin(ref_rep, rep)
        expected = ref_values[rows]
        if values.dtype.kind == "f":
            assert values.tobytes() == expected.tobytes(), f"{key} differs from the uninterrupted run"
        else:
            assert np.array_equal(values, expected), f"{key} differs from the uninterrupted run"
    r = run([greenfab, "report", partial])
    assert r.returncode == 0 and f"interrupted after {done} of {reps}" in r.stdout, r.stdout + r.stderr

    # Interrupted before any replication finished: nothing to keep, so no file (and no lock or temporary).
    early = os.path.join(work, "early.h5")
    proc = subprocess.Popen(cmd + ["-j", "1", "-o", early], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    wait_for(lambda: open(f"/proc/{proc.pid}/task/{proc.pid}/children").read().split() or proc.poll() is not None,
             "the first worker")
    os.killpg(proc.pid, signal.SIGINT)
    err = proc.communicate()[1]
    assert proc.returncode == 130 and "no result file was written" in err, f"exit {proc.returncode}\n{err}"
    assert not os.path.exists(early) and leftovers(work, "early.h5") == [], leftovers(work, "early.h5")
    print(f"interrupted run kept {done} of {reps} replications, identical in {len(kept)} columns to a full run; "
          f"interrupted before the first one, it wrote nothing")


def case_worker_sigint(greenfab, work):
    """A worker stopped by SIGINT (SimGrid's own handler would make it exit 1) is missing, not failed."""
    out = os.path.join(work, "out.h5")
    proc = subprocess.Popen([greenfab, "run", MODEL, "--reps", "3", "--horizon", "400w", "-j", "1", "-o", out],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    first_line = proc.stderr.readline()
    assert first_line.startswith("replication 1/"), first_line
    def workers():
        return open(f"/proc/{proc.pid}/task/{proc.pid}/children").read().split()
    wait_for(lambda: workers() or proc.poll() is not None, "the worker of replication 1")
    children = workers()
    assert len(children) == 1, f"expected one worker running replication 1, found {children}"
    time.sleep(0.2)  # past the few instructions after fork() where the worker still has the parent's handler
    os.kill(int(children[0]), signal.SIGINT)
    err = first_line + proc.stderr.read()
    proc.wait()
    assert proc.returncode == 130, f"exit {proc.returncode}, expected 130 (a replication was stopped)\n{err}"
    with h5py.File(out, "r") as f:
        status = list(f["runs/status"].asstr()[()])
        reps = list(f["runs/replication"][()])
        assert f.attrs["partial"] == 1, dict(f.attrs)
    assert reps == [0, 2] and status == ["ok", "ok"], f"replications {reps}, status {status}"
    print("a worker stopped by SIGINT left its replication out; the others were written, none marked failed")


def case_replaced_by_rename(greenfab, work):
    """Every writer builds a new file and renames it: a hard link to the old file keeps the old bytes."""
    for command in ("run", "sweep", "pathway", "trace"):
        out = os.path.join(work, f"{command}.out")
        keep = out + "-old"
        with open(out, "w") as f:
            f.write("earlier results")
        os.link(out, keep)
        r = run(writers(greenfab, out)[command])
        assert r.returncode == 0, f"{command}: exit {r.returncode}\n{r.stderr}"
        with open(keep) as f:
            assert f.read() == "earlier results", f"{command} wrote into the old file in place"
        assert os.stat(out).st_ino != os.stat(keep).st_ino
        assert leftovers(work, os.path.basename(out)) == [], leftovers(work, os.path.basename(out))
    print("run, sweep, pathway and trace --states replace their output by rename, leaving no temporaries or locks")


CASES = {
    "refuses_special_files": case_refuses_special_files,
    "refuses_input_file": case_refuses_input_file,
    "full_disk": case_full_disk,
    "stale_temporaries": case_stale_temporaries,
    "second_sweep_refused": case_second_sweep_refused,
    "resume_command_quoted": case_resume_command_quoted,
    "run_interrupt": case_run_interrupt,
    "worker_sigint": case_worker_sigint,
    "replaced_by_rename": case_replaced_by_rename,
}

if __name__ == "__main__":
    case, greenfab, work = sys.argv[1], sys.argv[2], sys.argv[3]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    sys.exit(CASES[case](greenfab, work) or 0)
