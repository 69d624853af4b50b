// `greenfab run`: replications in worker processes, a KPI table on the terminal, one HDF5 file.
#include "cli/Commands.hpp"
#include "cli/ModelOptions.hpp"
#include "cli/Report.hpp"
#include "core/Errors.hpp"
#include "io/ResultsWriter.hpp"
#include "kernel/Simulation.hpp"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>

namespace po = boost::program_options;

namespace greenfab::cli {

int run_command(const Invocation& in)
{
  ModelOptions model;
  std::string output;
  int jobs   = 0;
  bool quiet = false;
  po::options_description desc("greenfab run MODEL.yaml [options]\n\nSimulates the model's replications and "
                               "writes one HDF5 results file (docs/hdf5-schema.md). Ctrl-C writes the replications "
                               "that finished, marked partial, and exits 130");
  po::positional_options_description pos;
  desc.add_options()("help,h", "this help")("output,o", po::value(&output),
                                            "results file (default: results/<model file name>.h5)")(
      "jobs,j", po::value(&jobs), "replications run in parallel (default: all cores); results do not depend on it")(
      "quiet,q", po::bool_switch(&quiet), "no progress lines");
  model.add_to(desc, pos, true);
  const auto vm = parse(in.args, desc, pos);
  if (vm.count("help")) {
    std::cout << desc << "\n";
    return exit_ok;
  }
  const ModelSpec spec = model.load();
  if (output.empty()) {
    std::filesystem::create_directories("results");
    output = "results/" + std::filesystem::path(model.model_file).stem().string() + ".h5";
  }
  const OutputLock lock = prepare_output(output);
  if (jobs <= 0)
    jobs = static_cast<int>(std::max(1L, ::sysconf(_SC_NPROCESSORS_ONLN)));

  const bool show_progress = not quiet and spec.run.replications > 1;
  ResultsFile results;
  results.command_line = in.command_line;
  results.model_name   = spec.name;
  results.model_file   = spec.source_file;
  results.model_text   = spec.source_text;
  results.seed         = spec.run.seed;
  results.warmup_s     = spec.run.warmup;
  results.horizon_s    = spec.run.horizon;
  results.start        = spec.run.start;
  results.replications_requested = spec.run.replications;
  Replications done = run_replications_until_stopped(spec, jobs, [&](const RunResult& r, int n, int total) {
    if (show_progress) {
      std::fprintf(stderr, "replication %d/%d %s (%.2f s, %.3g events/s)\n", n, total,
                   r.status == "ok" ? "done" : r.status.c_str(), r.wall_time_s,
                   r.wall_time_s > 0 ? static_cast<double>(r.events) / r.wall_time_s : 0.0);
    }
  });
  throw_if_run_limit(done.runs); // also when interrupted: a limit says the model is wrong, which matters more
  results.runs = std::move(done.runs);
  if (done.interrupted) {
    // A run has no journal: what finished goes to the file, marked partial (docs/hdf5-schema.md), so
    // Ctrl-C after hours of replications loses only the ones still running.
    if (results.runs.empty()) {
      std::cerr << "greenfab run: interrupted before any replication finished; no result file was written\n";
      return 130;
    }
    write_results(output, results);
    std::cerr << "greenfab run: interrupted: " << results.runs.size() << " of " << spec.run.replications
              << " replications finished and written to " << output << " (marked partial)\n";
    return 130;
  }
  write_results(output, results);
  print_report(std::cout, results);
  std::cout << "results written to " << output << "\n";
  for (const auto& r : results.runs)
    if (r.status != "ok")
      return exit_internal;
  return exit_ok;
}

} // namespace greenfab::cli
