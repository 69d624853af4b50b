// Options shared by every subcommand that reads a model: the file, --set overrides and run settings.
#pragma once
#include "io/OutputTarget.hpp"
#include "model/ModelSpec.hpp"

#include <boost/program_options.hpp>

#include <string>
#include <vector>

namespace greenfab::cli {

struct Invocation;

struct ModelOptions {
  std::string model_file;
  std::vector<std::string> sets;
  std::string reps, seed, horizon, warmup;

  /** Adds MODEL (positional), --set, and (with run settings) --reps/--seed/--horizon/--warmup. */
  void add_to(boost::program_options::options_description& desc,
              boost::program_options::positional_options_description& pos, bool run_settings);
  /** Loads the model with every override applied (run settings become run.* overrides). */
  ModelSpec load() const;
};

/** Parses `args` for a subcommand; throws ModelError (exit 2) on unknown or malformed options. */
boost::program_options::variables_map parse(const std::vector<std::string>& args,
                                            const boost::program_options::options_description& desc,
                                            const boost::program_options::positional_options_description& pos);

/**
 * The one check of an output file every writing command makes, right after loading its inputs and before
 * any simulation, so no computation is lost to it: refuses targets greenfab must not replace
 * (check_output_target: devices, FIFOs, symlinks, directories, an input file; exit 2), checks the
 * `companions` (journals) the same way, takes the output's lock (exit 2 if another greenfab process has
 * it), and removes temporary files that killed runs left next to the output, saying so on stderr. Keep
 * the lock until the file is written.
 */
OutputLock prepare_output(const std::string& path, const std::vector<std::string>& companions = {},
                          const std::string& option = "-o");

/** The command line to finish an interrupted sweep or study: `in.argv` shell-quoted, plus --resume. */
std::string resume_command(const Invocation& in);

} // namespace greenfab::cli
