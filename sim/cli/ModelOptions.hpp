// Options shared by every subcommand that reads a model: the file, --set overrides and run settings.
#pragma once
#include "model/ModelSpec.hpp"

#include <boost/program_options.hpp>

#include <string>
#include <vector>

namespace greenfab::cli {

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

/** Fails (bad input, exit 2) before any simulation when `path` could not be written, so no computation is
 *  lost to a typo in -o. */
void check_writable(const std::string& path);

} // namespace greenfab::cli
