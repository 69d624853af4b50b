"""Gantt chart of machine states from `greenfab trace MODEL.yaml --until 8h --states states.csv`.

Results files hold state *shares*, not the sequence of states (that would grow with the horizon), so the
Gantt reads the state log the trace command writes: one CSV row per state change,

    time_s,machine,state            # header
    0,saw,idle                      # initial state of every machine at time 0
    12.5,saw,processing             # the machine enters `state` at `time_s` [s of simulated time]
    ...
    28800,saw,end                   # one `end` row per machine: the end of the traced window

States are those of docs/kpis.md; the log is written by the same code that keeps the state ledger
(Machine::refresh_state), so the bars add up to the shares a run would report over the same window.
"""

import os

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from . import load as L
from .figures import STATE_COLOURS, Figure, FIGURES
from .load import parse_duration  # noqa: F401  (kept importable from here: gantt.parse_duration)

__all__ = ["read_states", "segments", "parse_duration", "draw_gantt"]

def read_states(path):
    """The state log as a DataFrame (time_s, machine, state); AnalysisError if missing or malformed."""
    if not os.path.exists(path):
        raise L.AnalysisError(f"{path}: no such file")
    try:
        df = pd.read_csv(path)  # no comment character: machine names contain "#" (grind#2)
    except Exception as e:  # pandas raises several types for bad CSV; all mean "not a state log"
        raise L.AnalysisError(f"{path}: not a state log CSV ({e})") from None
    if list(df.columns[:3]) != ["time_s", "machine", "state"] or len(df) == 0:
        raise L.AnalysisError(f"{path}: not a greenfab state log (expected columns time_s,machine,state; "
                              f"write one with `greenfab trace MODEL.yaml --until 8h --states {path}`)")
    return df


def segments(states):
    """One row per state segment: machine, state, start_s, end_s (the `end` rows close the last ones)."""
    rows = []
    for machine, g in states.groupby("machine", sort=False):
        g = g.sort_values("time_s", kind="stable")
        t, s = g["time_s"].to_numpy(), g["state"].to_numpy()
        for i in range(len(g) - 1):
            if s[i] != "end" and t[i + 1] > t[i]:
                rows.append({"machine": machine, "state": s[i], "start_s": t[i], "end_s": t[i + 1]})
    return pd.DataFrame(rows, columns=["machine", "state", "start_s", "end_s"])


def draw_gantt(states, title="", window=None):
    """Gantt chart of `states` (read_states) over window (from_s, to_s), default the whole log."""
    seg = segments(states)
    lo = window[0] if window and window[0] is not None else states["time_s"].min()
    hi = window[1] if window and window[1] is not None else states["time_s"].max()
    if not hi > lo:
        raise L.AnalysisError(f"empty window [{lo:g} s, {hi:g} s]")
    seg = seg[(seg["end_s"] > lo) & (seg["start_s"] < hi)]
    machines = list(dict.fromkeys(states["machine"]))
    scale, unit = (60.0, "min") if hi - lo <= 6 * 3600 else (3600.0, "h")
    fig, ax = plt.subplots(figsize=(11, 0.55 * len(machines) + 1.8))
    seen = set()
    for y, m in enumerate(machines):
        for _, r in seg[seg["machine"] == m].iterrows():
            a, b = max(r["start_s"], lo), min(r["end_s"], hi)
            label = r["state"].replace("_", " ") if r["state"] not in seen else None
            seen.add(r["state"])
            ax.barh(y, (b - a) / scale, left=(a - lo) / scale, height=0.7,
                    color=STATE_COLOURS.get(r["state"], "#757575"), label=label, linewidth=0)
    ax.set_yticks(range(len(machines)), machines)
    ax.invert_yaxis()  # first station on top, like the line drawn left to right, top to bottom
    ax.set_xlim(0, (hi - lo) / scale)
    ax.set_xlabel(f"simulated time since {lo / scale:g} {unit} [{unit}]")
    ax.set_ylabel("machine")
    ax.set_title(title or "Machine states over time")
    handles, labels = ax.get_legend_handles_labels()
    order = sorted(range(len(labels)), key=lambda i: list(STATE_COLOURS).index(labels[i].replace(" ", "_"))
                   if labels[i].replace(" ", "_") in STATE_COLOURS else 99)
    ax.legend([handles[i] for i in order], [labels[i] for i in order], loc="upper center",
              bbox_to_anchor=(0.5, -0.18 if len(machines) > 3 else -0.3), ncol=8, fontsize=8)
    ax.grid(axis="y", visible=False)
    fig.tight_layout()
    return fig


def _draw(path, opts):
    window = opts.get("window")
    title = f"Machine states over time ({os.path.basename(path)})"
    return draw_gantt(read_states(path), title=title, window=window)


FIGURES["gantt"] = Figure(name="gantt", source="trace", draw=_draw,
                          summary="teaching: machine states over time from `greenfab trace ... --states FILE.csv` "
                                  "(--from/--to pick the window)")
