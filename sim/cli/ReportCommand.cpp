// `greenfab report FILE.h5`: the key tables of a stored run, sweep or pathway file, in the terminal, without Python.
// A run file is turned back into the ResultsFile it was written from, so its report is exactly the table
// `greenfab run` printed (cli/Report); sweeps get a scenario table and the main effects; pathway files their
// stored answer and a roadmap table (cli/PathwayReport).
#include "cli/Commands.hpp"
#include "cli/Format.hpp"
#include "cli/ModelOptions.hpp"
#include "cli/PathwayReport.hpp"
#include "cli/Report.hpp"
#include "core/Errors.hpp"
#include "core/Units.hpp"
#include "io/PathwayReader.hpp"
#include "io/ResultsReader.hpp"

#include <algorithm>
#include <cmath>
#include <iostream>
#include <sstream>

namespace po = boost::program_options;

namespace greenfab::cli {
namespace {

// The KPIs that answer most questions about a line; --kpis chooses others.
const std::vector<std::string> default_kpis = {"throughput_per_h", "lead_time_mean_s", "wip_mean",
                                               "machine_energy_per_part_J"};

std::vector<std::string> split(const std::string& s)
{
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string item; std::getline(in, item, ',');)
    if (not item.empty())
      out.push_back(item);
  return out;
}

std::string text_attr(const StoredResults& s, const char* k)
{
  return s.text.count(k) ? s.text.at(k) : std::string("?");
}

double number_attr(const StoredResults& s, const char* k) { return s.numbers.count(k) ? s.numbers.at(k) : std::nan(""); }

void print_sweep(std::ostream& out, const StoredResults& s, std::vector<std::string> kpis)
{
  const Table* scenarios = s.table("scenarios");
  const Table* tasks     = s.table("tasks");
  if (scenarios == nullptr or tasks == nullptr)
    throw ModelError(s.path + ": sweep file without /scenarios or /tasks");
  // Only KPIs the file has; asking for an unknown one is bad input, with the list of known ones.
  std::vector<std::string> known;
  for (const auto& c : scenarios->numeric)
    if (scenarios->find(c.name + "_hw"))
      known.push_back(c.name);
  if (kpis.empty())
    for (const auto& k : default_kpis)
      if (std::find(known.begin(), known.end(), k) != known.end())
        kpis.push_back(k);
  for (const auto& k : kpis)
    if (std::find(known.begin(), known.end(), k) == known.end()) {
      std::string list;
      for (const auto& n : known)
        list += (list.empty() ? "" : ", ") + n;
      throw ModelError("--kpis: no KPI '" + k + "' in " + s.path + " (KPIs: " + list + ")");
    }

  out << "\n" << text_attr(s, "experiment_name") << " (" << text_attr(s, "design") << ", model "
      << text_attr(s, "model_name") << "): " << fmt(number_attr(s, "scenarios")) << " scenarios x "
      << fmt(number_attr(s, "replications")) << " replications, " << fmt(number_attr(s, "failed"))
      << " failed; horizon " << format_duration(number_attr(s, "horizon_s")) << ", seed "
      << fmt(number_attr(s, "seed"), 20) << "\n";
  out << "(scenario means +/- 95 % confidence half-width over replications)\n\n  " << pad("scenario", 12);
  for (const auto& f : s.factors)
    out << pad(f, std::max<std::size_t>(12, f.size() + 1));
  for (const auto& k : kpis)
    out << pad(k, 28);
  out << "\n";
  const TextColumn* names = scenarios->find_text("name");
  for (std::size_t i = 0; i < scenarios->rows(); ++i) {
    out << "  " << pad(names ? names->values[i] : fmt(static_cast<double>(i)), 12);
    for (const auto& f : s.factors) {
      const TextColumn* c = scenarios->find_text(f);
      out << pad(c ? c->values[i] : "?", std::max<std::size_t>(12, f.size() + 1));
    }
    for (const auto& k : kpis)
      out << pad(pm(scenarios->find(k)->values[i], scenarios->find(k + "_hw")->values[i], scenarios->find(k)->unit), 28);
    out << "\n";
  }

  // Main effects: /main_effects is long (factor x level x kpi); print one column per chosen KPI.
  if (const Table* me = s.table("main_effects"); me and me->rows() > 0) {
    const TextColumn *factor = me->find_text("factor"), *level = me->find_text("level"), *kpi = me->find_text("kpi"),
                     *unit = me->find_text("unit");
    const Column* mean = me->find("mean");
    out << "\n  main effects (mean over all tasks at the level)\n  " << pad("factor", 16) << pad("level", 14);
    for (const auto& k : kpis)
      out << pad(k, 28);
    out << "\n";
    std::vector<std::pair<std::string, std::string>> levels;
    for (std::size_t i = 0; i < me->rows(); ++i)
      if (std::find(levels.begin(), levels.end(), std::pair{factor->values[i], level->values[i]}) == levels.end())
        levels.emplace_back(factor->values[i], level->values[i]);
    for (const auto& [f, l] : levels) {
      out << "  " << pad(f, 16) << pad(l, 14);
      for (const auto& k : kpis) {
        std::string cell = "-";
        for (std::size_t i = 0; i < me->rows(); ++i)
          if (factor->values[i] == f and level->values[i] == l and kpi->values[i] == k)
            cell = pm(mean->values[i], std::nan(""), unit->values[i]);
        out << pad(cell, 28);
      }
      out << "\n";
    }
  }

  const TextColumn* status = tasks->find_text("status");
  const Column* task       = tasks->find("task");
  for (std::size_t i = 0; status and i < tasks->rows(); ++i)
    if (status->values[i] != "ok")
      out << "  task " << (task ? fmt(task->values[i]) : "?") << ": " << status->values[i] << "\n";
  out << "\n";
}

} // namespace

int report_command(const Invocation& in)
{
  std::string file, kpis;
  po::options_description desc("greenfab report RESULTS.h5 [options]\n\nPrints the key tables of a results file "
                               "written by `greenfab run`, `greenfab sweep` or `greenfab pathway` (no Python needed)");
  po::positional_options_description pos;
  desc.add_options()("help,h", "this help")("file", po::value(&file), "the results file (positional)")(
      "kpis", po::value(&kpis), "sweep files: comma-separated KPIs to show (default: throughput, lead time, WIP, "
                                "energy per part)");
  pos.add("file", 1);
  const auto vm = parse(in.args, desc, pos);
  if (vm.count("help")) {
    std::cout << desc << "\n";
    return exit_ok;
  }
  if (file.empty())
    throw ModelError("greenfab report: which file? (greenfab report RESULTS.h5)");
  if (stored_file_kind(file) == StoredFileKind::pathway) {
    if (not kpis.empty())
      throw ModelError("--kpis applies to sweep files; " + file + " is a pathway file (its roadmap table is shown)");
    print_pathway(std::cout, read_stored_pathway(file));
    return exit_ok;
  }
  const StoredResults stored = read_stored_results(file);
  if (stored.is_sweep()) {
    print_sweep(std::cout, stored, split(kpis));
  } else {
    // A run file's report is the fixed table `greenfab run` prints; silently ignoring --kpis would mislead.
    if (not kpis.empty())
      throw ModelError("--kpis applies to sweep files; " + file + " is a run file (all its KPIs are shown)");
    print_report(std::cout, to_results_file(stored));
  }
  return exit_ok;
}

} // namespace greenfab::cli
