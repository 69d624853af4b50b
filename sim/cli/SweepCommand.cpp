// `greenfab sweep`: an experiment's scenarios x replications on worker processes or MPI ranks, one HDF5 file.
#include "cli/Commands.hpp"
#include "cli/Format.hpp"
#include "cli/ModelOptions.hpp"
#include "cli/Progress.hpp"
#include "core/Errors.hpp"
#include "core/Units.hpp"
#include "experiment/ExperimentLoader.hpp"
#include "experiment/Journal.hpp"
#include "experiment/SweepRunner.hpp"
#include "experiment/TaskBackend.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>

namespace po = boost::program_options;

namespace greenfab::cli {
namespace {




/** The KPIs the terminal shows; the file has them all. */
const std::vector<std::string>& main_kpis()
{
  static const std::vector<std::string> names{"throughput_per_h", "lead_time_mean_s", "wip_mean"};
  return names;
}

void print_summary(std::ostream& out, const ExperimentSpec& e, const SweepSummary& s)
{
  const Table& t = s.scenarios;
  out << "\n" << e.name << ": " << t.rows() << " scenarios x " << e.replications << " replications, "
      << s.tasks - s.failed << " of " << s.tasks << " tasks ok (mean +/- 95 % half-width)\n\n";
  std::vector<std::size_t> widths;
  std::vector<std::string> header{"scenario"};
  for (const auto& f : e.factors)
    header.push_back(f.name);
  std::vector<std::string> kpis;
  for (const auto& k : main_kpis())
    if (t.find(k))
      kpis.push_back(k);
  header.insert(header.end(), kpis.begin(), kpis.end());
  std::vector<std::vector<std::string>> rows;
  for (std::size_t i = 0; i < t.rows(); ++i) {
    std::vector<std::string> row{t.text[0].values[i]};
    for (std::size_t f = 0; f < e.factors.size(); ++f)
      row.push_back(t.text[1 + f].values[i]);
    for (const auto& k : kpis)
      row.push_back(pm(t.find(k)->values[i], t.find(k + "_hw")->values[i], t.find(k)->unit));
    const double failed = t.find("failed")->values[i];
    if (failed > 0)
      row.push_back(fmt(failed) + " failed");
    rows.push_back(std::move(row));
  }
  for (std::size_t c = 0; c < header.size(); ++c) {
    std::size_t w = header[c].size();
    for (const auto& r : rows)
      w = std::max(w, r[c].size());
    widths.push_back(w + 2);
  }
  out << "  ";
  for (std::size_t c = 0; c < header.size(); ++c)
    out << pad(header[c], widths[c]);
  out << "\n";
  for (const auto& r : rows) {
    out << "  ";
    for (std::size_t c = 0; c < r.size(); ++c)
      out << (c < widths.size() ? pad(r[c], widths[c]) : r[c]);
    out << "\n";
  }

  const Table& me = s.main_effects;
  if (me.rows() == 0)
    return;
  out << "\nmain effects (mean over all successful tasks at each level):\n";
  std::string last_factor;
  for (std::size_t i = 0; i < me.rows(); ++i) {
    const std::string& factor = me.text[0].values[i];
    const std::string& kpi    = me.text[2].values[i];
    if (std::find(kpis.begin(), kpis.end(), kpi) == kpis.end())
      continue;
    if (factor != last_factor)
      out << "  " << factor << "\n";
    last_factor = factor;
    out << "    " << pad(me.text[1].values[i], 16) << pad(kpi, 20)
        << pm(me.numeric[0].values[i], std::nan(""), me.text[3].values[i]) << "  (n " << fmt(me.numeric[1].values[i])
        << ")\n";
  }
}
} // namespace

int sweep_command(const Invocation& in)
{
  std::string experiment_file, output;
  std::vector<std::string> sets;
  int jobs    = 0;
  bool resume = false, quiet = false;
  po::options_description desc(
      "greenfab sweep EXPERIMENT.yaml -o sweep.h5 [options]\n\nRuns every scenario x replication of an experiment "
      "(docs/experiments.md) in worker processes, or on MPI ranks under mpirun, and writes one HDF5 file "
      "(docs/hdf5-schema.md, \"Sweep files\"). Finished tasks are journaled in <output>.journal: after a crash "
      "or Ctrl-C, run the same command with --resume to finish only the missing ones.\nExit codes: 0 ok, 1 some "
      "task failed, 2 bad input, 130 interrupted");
  po::positional_options_description pos;
  desc.add_options()("help,h", "this help")("experiment", po::value(&experiment_file), "experiment file (YAML)")(
      "output,o", po::value(&output), "results file (default: results/<experiment file name>.h5)")(
      "jobs,j", po::value(&jobs), "tasks run in parallel (default: all cores); results do not depend on it")(
      "resume", po::bool_switch(&resume), "continue an interrupted sweep from <output>.journal")(
      "quiet,q", po::bool_switch(&quiet), "no progress display")(
      "set", po::value(&sets)->composing(),
      "override an experiment value: --set replications=3, --set seed=9 (repeatable; see docs/experiments.md)");
  pos.add("experiment", 1);
  const auto vm = parse(in.args, desc, pos);
  if (vm.count("help")) {
    std::cout << desc << "\n";
    return exit_ok;
  }
  if (experiment_file.empty())
    throw ModelError("no experiment file given (usage: greenfab sweep EXPERIMENT.yaml -o sweep.h5)");

  // Every scenario is built and checked before anything runs or any file is touched.
  const ExperimentSpec experiment = load_experiment(experiment_file, sets);
  const std::vector<ModelSpec> models = build_scenario_models(experiment);
  if (output.empty())
    output = "results/" + std::filesystem::path(experiment_file).stem().string() + ".h5";
  if (jobs <= 0)
    jobs = static_cast<int>(std::max(1L, ::sysconf(_SC_NPROCESSORS_ONLN)));

  const auto backend = launched_by_mpi() ? make_mpi_backend(experiment.task_time_limit_s)
                                         : make_local_backend(jobs, experiment.task_time_limit_s);
  OutputLock lock;
  if (backend->is_writer()) {
    if (output.rfind("results/", 0) == 0 and not std::filesystem::exists("results"))
      std::filesystem::create_directories("results");
    lock = prepare_output(output, {journal_path(output)});
  }

  Progress progress(stderr, not quiet);
  SweepOptions options;
  options.output       = output;
  options.resume       = resume;
  options.command_line = in.command_line;
  options.overrides    = sets;
  options.on_progress  = [&](const SweepProgress& p) { progress.update(p.done, p.total, p.failed, p.resumed); };
  options.on_notice    = [&](const std::string& s) {
    if (not quiet)
      std::cerr << "greenfab sweep: " << s << "\n";
  };
  if (backend->is_writer() and not quiet)
    std::cerr << "greenfab sweep: " << models.size() << " scenarios x " << experiment.replications
              << " replications = " << models.size() * static_cast<std::size_t>(experiment.replications)
              << " tasks on " << backend->workers() << " worker" << (backend->workers() == 1 ? "" : "s") << "\n";

  SweepOutcome outcome;
  try {
    outcome = run_sweep(experiment, models, *backend, options);
  } catch (const JournalMismatch& e) {
    progress.finish();
    throw ModelError(std::string(e.what()) + "; run without --resume to start over");
  }
  progress.finish();
  if (not outcome.writer)
    return exit_ok;
  if (outcome.interrupted) {
    std::cerr << "interrupted: " << outcome.done << " of " << outcome.total
              << " tasks done; finish with: " << resume_command(in) << "\n";
    return 130;
  }
  print_summary(std::cout, experiment, outcome.summary);
  std::cout << "results written to " << output << "\n";
  if (outcome.summary.failed > 0) {
    std::cerr << outcome.summary.failed << " of " << outcome.summary.tasks
              << " tasks failed (their errors are in /tasks.status):\n";
    for (const auto& [task, status] : outcome.summary.first_failures)
      std::cerr << "  task " << task << " (scenario " << task / experiment.replications << ", replication "
                << task % experiment.replications << "): " << status << "\n";
    if (outcome.summary.failed > static_cast<int>(outcome.summary.first_failures.size()))
      std::cerr << "  ...\n";
    return exit_internal;
  }
  return exit_ok;
}

} // namespace greenfab::cli
