// `greenfab pathway`: a pathway study's roadmaps x years x periods x replications on worker processes,
// the analysis (target years, P(both), NPC, MAC, attribution, side effects, optional optimiser), one HDF5.
#include "cli/Commands.hpp"
#include "cli/ModelOptions.hpp"
#include "cli/Progress.hpp"
#include "core/Errors.hpp"
#include "experiment/Journal.hpp"
#include "experiment/PathwayRunner.hpp"
#include "experiment/PathwaySpec.hpp"
#include "experiment/TaskBackend.hpp"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <iostream>

namespace po = boost::program_options;

namespace greenfab::cli {

int pathway_command(const Invocation& in)
{
  std::string study_file, output;
  std::vector<std::string> sets;
  int jobs = 0;
  bool resume = false, quiet = false, optimise = false;
  po::options_description desc(
      "greenfab pathway STUDY.yaml -o pathway.h5 [options]\n\nRuns a pathway study (docs/pathways.md): every "
      "roadmap in every simulated year and representative period, replications with common random numbers, and "
      "reports for each roadmap the year each target is reached, P(both by the target year), net present cost and "
      "side effects; abatement cost and attribution per intervention. Finished tasks are journaled: after a crash "
      "or Ctrl-C run the same command with --resume.\nExit codes: 0 ok, 1 some task failed, 2 bad input, 130 "
      "interrupted");
  po::positional_options_description pos;
  desc.add_options()("help,h", "this help")("study", po::value(&study_file), "pathway study file (YAML)")(
      "output,o", po::value(&output), "results file (default: results/<study file name>.h5)")(
      "jobs,j", po::value(&jobs), "tasks run in parallel (default: all cores); results do not depend on it")(
      "resume", po::bool_switch(&resume), "continue an interrupted study from <output>.journal")(
      "optimise", po::bool_switch(&optimise), "also search the least-cost roadmap meeting both targets (study key optimise)")(
      "quiet,q", po::bool_switch(&quiet), "no progress display")(
      "set", po::value(&sets)->composing(), "override a study value: --set replications=2 (repeatable)");
  pos.add("study", 1);
  const auto vm = parse(in.args, desc, pos);
  if (vm.count("help")) {
    std::cout << desc << "\n";
    return exit_ok;
  }
  if (study_file.empty())
    throw ModelError("no study file given (usage: greenfab pathway STUDY.yaml -o pathway.h5)");
  const PathwaySpec study = load_pathway(study_file, sets);
  if (optimise and not study.optimise_given)
    throw ModelError(study_file + ": --optimise needs an optimise: section (allowed, budget_per_year, start_year)");
  if (output.empty())
    output = "results/" + std::filesystem::path(study_file).stem().string() + ".h5";
  if (jobs <= 0)
    jobs = static_cast<int>(std::max(1L, ::sysconf(_SC_NPROCESSORS_ONLN)));
  // Under mpirun every rank simulates; rank 0 also writes, and runs the optimiser's finalists (chosen from
  // the first results, which only it has) on its own `-j` worker processes.
  const bool mpi     = launched_by_mpi();
  const auto backend = mpi ? make_mpi_backend(study.task_time_limit_s) : make_local_backend(jobs, study.task_time_limit_s);
  const bool writer  = backend->is_writer();
  std::unique_ptr<TaskBackend> finalists;
  OutputLock lock;
  if (writer) {
    if (output.rfind("results/", 0) == 0 and not std::filesystem::exists("results"))
      std::filesystem::create_directories("results");
    lock = prepare_output(output, {output + ".journal", output + ".journal2"});
    if (mpi)
      finalists = make_local_backend(jobs, study.task_time_limit_s);
  }
  if (not writer)
    quiet = true; // one progress display and one answer, from rank 0

  Progress progress(stderr, not quiet);
  PathwayOptions options;
  options.output       = output;
  options.resume       = resume;
  options.optimise     = optimise;
  options.command_line = in.command_line;
  options.finalists_backend = finalists.get();
  options.on_progress  = [&](int done, int total, int failed, int resumed) { progress.update(done, total, failed, resumed); };
  options.on_notice    = [&](const std::string& s) {
    if (not quiet) {
      progress.finish();
      std::cerr << "greenfab pathway: " << s << "\n";
    }
  };
  PathwayOutcome outcome;
  try {
    outcome = run_pathway(study, *backend, options);
  } catch (const JournalMismatch& e) {
    progress.finish();
    throw ModelError(std::string(e.what()) + "; run without --resume to start over");
  }
  progress.finish();
  if (not outcome.writer)
    return outcome.interrupted ? 130 : exit_ok;
  if (outcome.interrupted) {
    std::cerr << "interrupted: " << outcome.done << " of " << outcome.total
              << " tasks done; finish with: " << resume_command(in) << "\n";
    return 130;
  }
  std::cout << outcome.answer << "results written to " << output << "\n";
  if (outcome.failed > 0) {
    std::cerr << outcome.failed << " tasks failed: their roadmap-year values are NaN\n";
    return exit_internal;
  }
  return exit_ok;
}

} // namespace greenfab::cli
