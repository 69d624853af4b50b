"""Command line: `/usr/bin/python3 -m analysis FIGURE results.h5 -o out.png|svg|pdf`, and
`/usr/bin/python3 -m analysis report results.h5 -o report.html`. Exit codes as greenfab's: 0 ok,
1 internal error, 2 bad input (missing file, not a greenfab file, missing data, unknown figure)."""

import argparse
import os
import sys

from . import figures as F
from . import load as L

FORMATS = (".png", ".svg", ".pdf")


def _parser():
    lines = "\n".join(f"  {name:<14} {fig.summary}" for name, fig in F.FIGURES.items())
    lines += "".join(f"\n  {old:<14} old name of {new}" for old, new in F.ALIASES.items())
    p = argparse.ArgumentParser(
        prog="python3 -m analysis",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Figures and reports from greenfab results files (docs/analysis.md).",
        epilog=f"figures:\n{lines}\n  {'report':<14} one self-contained HTML page: question, KPI table with "
               f"95 % CIs, every figure the file has data for\n\n"
               "examples:\n"
               "  /usr/bin/python3 -m analysis states results.h5 -o states.png\n"
               "  /usr/bin/python3 -m analysis main-effects sweep.h5 --kpi lead_time_mean_s -o effects.svg\n"
               "  /usr/bin/python3 -m analysis load-curve site.h5 --from 2025-04-08 --to 2025-04-10 -o load.png\n"
               "  /usr/bin/python3 -m analysis emissions site.h5 --per-part -o co2e.svg\n"
               "  greenfab trace model.yaml --until 8h --states states.csv && "
               "/usr/bin/python3 -m analysis gantt states.csv --to 4h -o gantt.png\n"
               "  /usr/bin/python3 -m analysis pathway pathway.h5 --roadmaps lean_first,balanced -o pathway.svg\n"
               "  /usr/bin/python3 -m analysis report results.h5 -o report.html\n\n"
               "exit codes: 0 ok, 1 internal error, 2 bad input (file, data, figure name)")
    p.add_argument("figure", help="a figure name (below) or 'report'")
    p.add_argument("file", help="a greenfab run, sweep or pathway file (.h5); for gantt, a state log CSV")
    p.add_argument("-o", "--output", help="output file: .png, .svg or .pdf (report: .html); "
                                          "default FIGURE.png / report.html")
    p.add_argument("--kpi", help="sweep figures: the KPI to show (default throughput_per_h)")
    p.add_argument("--factors", help="response: two factors, comma-separated (default: the first two)")
    p.add_argument("--from", dest="start", help="gantt: window start, e.g. 2h (default: start of the log); "
                                                "load-curve, shipments: a date (2025-04-08), a time since the start "
                                                "(36 h) or days (2) (default: the first week / the whole log)")
    p.add_argument("--to", dest="end", help="window end, as --from (default: end of the log / a week after --from)")
    p.add_argument("--rep", type=int, default=0, help="load-curve, shipments: the replication to show (default 0)")
    p.add_argument("--per-part", action="store_true", help="energy-use, emissions: per good part instead of the "
                                                             "window's totals")
    p.add_argument("--roadmaps", help="pathway figures: the roadmaps to show, comma-separated (default: all; the "
                                      "pathway chart always shows no_measures as the reference)")
    p.add_argument("--question", help="report: the question the study answers (default: from the file)")
    return p


def main(argv=None):
    parser = _parser()
    args = parser.parse_args(argv)  # argparse exits with 2 on bad usage, as we want
    try:
        if args.figure == "report":
            from . import report
            out = args.output or "report.html"
            report.write_report(args.file, out, question=args.question)
        else:
            fig_spec = F.FIGURES.get(F.ALIASES.get(args.figure, args.figure))
            if fig_spec is None:
                raise L.AnalysisError(f"unknown figure '{args.figure}' (figures: {', '.join(F.FIGURES)}, report)")
            out = args.output or f"{args.figure}.png"
            if os.path.splitext(out)[1].lower() not in FORMATS:
                raise L.AnalysisError(f"-o {out}: the format follows the extension, one of {', '.join(FORMATS)}")
            opts = {"kpi": args.kpi, "factors": args.factors.split(",") if args.factors else None,
                    "from": args.start, "to": args.end, "rep": args.rep, "per_part": args.per_part,
                    "roadmaps": args.roadmaps}
            if fig_spec.source == "trace":
                from .load import parse_duration
                opts["window"] = (parse_duration(args.start) if args.start else None,
                                  parse_duration(args.end) if args.end else None)
                fig = fig_spec.draw(args.file, opts)
            else:
                fig = F.render(args.figure, L.load(args.file), opts)
            _check_dir(out)
            fig.savefig(out, bbox_inches="tight")
        print(f"wrote {out}")
        return 0
    except L.AnalysisError as e:
        print(f"python3 -m analysis: error: {e}", file=sys.stderr)
        return 2


def _check_dir(path):
    d = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(d):
        raise L.AnalysisError(f"-o {path}: directory '{d}' does not exist")


if __name__ == "__main__":
    sys.exit(main())
