// The subcommands of the greenfab executable; each returns the process exit code.
#pragma once
#include <string>
#include <vector>

namespace greenfab::cli {

/** Exit codes: 0 ok, 1 internal error, 2 bad input (model file, option value). */
inline constexpr int exit_ok = 0, exit_internal = 1, exit_bad_input = 2;

/** Arguments after the subcommand name, and the whole command line (stored in result files). */
struct Invocation {
  std::vector<std::string> args;
  std::vector<std::string> argv; ///< every word, the program name included
  std::string command_line;      ///< argv shell-quoted (core/ShellQuote): pasting it runs the same command
};

int run_command(const Invocation& in);
int check_command(const Invocation& in);
int trace_command(const Invocation& in);
/** `greenfab sweep`: exit 0 ok, 1 some task failed, 2 bad input, 130 interrupted (journal kept). */
int sweep_command(const Invocation& in);
/** `greenfab pathway STUDY.yaml`: exit 0 ok, 1 some task failed, 2 bad input, 130 interrupted. */
int pathway_command(const Invocation& in);
/** `greenfab report FILE.h5`: the key tables of a stored run, sweep or pathway file. */
int report_command(const Invocation& in);

} // namespace greenfab::cli
