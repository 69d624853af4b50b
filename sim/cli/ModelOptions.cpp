// Shared model options and option parsing for the subcommands.
#include "cli/ModelOptions.hpp"
#include "cli/Commands.hpp"
#include "core/Errors.hpp"
#include "core/ShellQuote.hpp"
#include "io/AtomicFile.hpp"
#include "model/ModelLoader.hpp"

#include <algorithm>
#include <iostream>

namespace po = boost::program_options;

namespace greenfab::cli {

void ModelOptions::add_to(po::options_description& desc, po::positional_options_description& pos, bool run_settings)
{
  desc.add_options()("model", po::value(&model_file), "model file (YAML)")(
      "set", po::value(&sets)->composing(),
      "override any model value: --set key.path=value, e.g. --set stations[lathe].machines=3 "
      "(repeatable; see docs/model-format.md)");
  if (run_settings)
    desc.add_options()("reps", po::value(&reps), "replications (run.replications)")(
        "seed", po::value(&seed), "master random seed (run.seed)")(
        "horizon", po::value(&horizon), "measured run length after warm-up, e.g. 4w (run.horizon)")(
        "warmup", po::value(&warmup), "warm-up before statistics start, e.g. 1d (run.warmup)");
  pos.add("model", 1);
}

ModelSpec ModelOptions::load() const
{
  if (model_file.empty())
    throw ModelError("no model file given (usage: greenfab <command> MODEL.yaml ...)");
  std::vector<std::string> overrides;
  // Values such as "4w" are accepted without a space; the loader's unit parser takes both.
  if (not reps.empty())
    overrides.push_back("run.replications=" + reps);
  if (not seed.empty())
    overrides.push_back("run.seed=" + seed);
  if (not horizon.empty())
    overrides.push_back("run.horizon=" + horizon);
  if (not warmup.empty())
    overrides.push_back("run.warmup=" + warmup);
  overrides.insert(overrides.end(), sets.begin(), sets.end());
  return load_model(model_file, overrides);
}

po::variables_map parse(const std::vector<std::string>& args, const po::options_description& desc,
                        const po::positional_options_description& pos)
{
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(desc).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw ModelError(std::string("command line: ") + e.what() + " (see --help)");
  }
  return vm;
}

OutputLock prepare_output(const std::string& path, const std::vector<std::string>& companions,
                          const std::string& option)
{
  check_output_target(path, option);
  for (const auto& c : companions)
    check_output_target(c, option + " " + path + ": its companion file");
  OutputLock lock = OutputLock::acquire(path);
  // Under the lock no other greenfab process writes this output, so a temporary file of a dead pid is
  // debris of a kill -9 during the final write.
  for (const auto& removed : h5::remove_stale_temporaries(path))
    std::cerr << "greenfab: removed '" << removed << "', left by a greenfab process that was killed while writing "
              << path << "\n";
  return lock;
}

std::string resume_command(const Invocation& in)
{
  std::string again = shell_command(in.argv);
  if (std::find(in.args.begin(), in.args.end(), "--resume") == in.args.end())
    again += " --resume";
  return again;
}

} // namespace greenfab::cli
