// greenfab command line: dispatches to a subcommand and maps errors to exit codes (2 bad input, 1 internal).
#include "Version.hpp"
#include "cli/Commands.hpp"
#include "core/Errors.hpp"
#include "core/ShellQuote.hpp"
#include "kernel/Simulation.hpp"

#include <cstring>
#include <iostream>
#include <string>

namespace {
const char* usage = R"(greenfab - discrete-event simulation of factories (production, energy, transport)

usage: greenfab <command> [options]

commands:
  run MODEL.yaml [-o results.h5]   simulate replications, print KPIs (mean +/- 95 % half-width), write HDF5
  check MODEL.yaml                 validate a model and summarise it (stations, routes, bottleneck estimate)
  trace MODEL.yaml --until 2h      print an event-by-event narrative (for teaching and debugging)
  sweep EXPERIMENT.yaml -o sweep.h5 [-j N] [--resume]
                                   run every scenario x replication of an experiment, resumable after a crash
  pathway STUDY.yaml -o pathway.h5 [-j N] [--resume] [--optimise]
                                   roadmaps of interventions to the target year: when each target is
                                   reached, P(both), cost, side effects (docs/pathways.md)
  report RESULTS.h5                print the key tables of a run, sweep or pathway file (no Python needed)

options:
  -h, --help       this help; `greenfab <command> --help` for the options of a command
  --version        print the version

exit codes: 0 ok, 1 internal error (also a full disk), 2 bad input (model file, option, refused -o),
            130 interrupted (run: finished replications written, marked partial; sweep, pathway: --resume)
docs: README.md, docs/model-format.md, docs/hdf5-schema.md
)";
} // namespace

int main(int argc, char** argv)
{
  using namespace greenfab::cli;
  if (argc < 2) {
    std::cerr << usage;
    return exit_bad_input;
  }
  const std::string command = argv[1];
  if (command == "-h" or command == "--help" or command == "help") {
    std::cout << usage;
    return exit_ok;
  }
  if (command == "--version" or command == "version") {
    std::cout << "greenfab " << greenfab::tool_version << " (" << greenfab::git_describe << ")\n";
    return exit_ok;
  }
  Invocation in;
  for (int i = 0; i < argc; ++i) {
    if (i >= 2)
      in.args.emplace_back(argv[i]);
    in.argv.emplace_back(argv[i]);
  }
  in.command_line = greenfab::shell_command(in.argv);
  try {
    if (command == "run")
      return run_command(in);
    if (command == "check")
      return check_command(in);
    if (command == "trace")
      return trace_command(in);
    if (command == "sweep")
      return sweep_command(in);
    if (command == "pathway")
      return pathway_command(in);
    if (command == "report")
      return report_command(in);
    std::cerr << "greenfab: unknown command '" << command << "' (commands: run, check, trace, sweep, pathway, report; see --help)\n";
    return exit_bad_input;
  } catch (const greenfab::Interrupted&) {
    std::cerr << "greenfab: interrupted\n";
    return 130;
  } catch (const greenfab::ModelError& e) {
    std::cerr << e.what() << "\n";
    return exit_bad_input;
  } catch (const std::exception& e) {
    std::cerr << "greenfab: internal error: " << e.what() << "\n";
    return exit_internal;
  }
}
