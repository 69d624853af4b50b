// Terminal report of a pathway file (cli/PathwayReport.hpp).
#include "cli/PathwayReport.hpp"
#include "cli/Format.hpp"
#include "experiment/PathwayAnalysis.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace greenfab::cli {
namespace {

/** Value of numeric column `name` in row `i`, NaN if the file has no such column. */
double cell(const Table& t, const std::string& name, std::size_t i)
{
  const Column* c = t.find(name);
  return c and i < c->values.size() ? c->values[i] : std::nan("");
}

std::string text_cell(const Table& t, const std::string& name, std::size_t i)
{
  const TextColumn* c = t.find_text(name);
  return c and i < c->values.size() ? c->values[i] : std::string("-");
}

/** "2031 +/- 1.2", "2031 (50 % of reps)" or "not by 2040", as `greenfab pathway` prints target years. */
std::string target_year(const Table& t, const std::string& what, std::size_t i, int target)
{
  const double mean = cell(t, what + "_target_year_mean", i), hw = cell(t, what + "_target_year_hw", i),
               share = cell(t, what + "_target_reached_share", i);
  if (not std::isfinite(mean))
    return "not by " + std::to_string(target);
  std::string s = fmt(std::round(mean), 4);
  if (std::isfinite(hw) and hw >= 0.05)
    s += " +/- " + fmt(hw, 2);
  if (std::isfinite(share) and share < 1) {
    s += " (";
    s += fmt(100 * share, 3);
    s += " % of reps)";
  }
  return s;
}

std::string p_both(const Table& t, std::size_t i)
{
  const double p = cell(t, "p_both_by_target_year", i), lo = cell(t, "p_both_low", i), hi = cell(t, "p_both_high", i);
  if (not std::isfinite(p))
    return "-";
  std::string s = fmt(p, 3);
  if (std::isfinite(lo) and std::isfinite(hi)) {
    s += " [";
    s += fmt(lo, 2);
    s += "-";
    s += fmt(hi, 2);
    s += "]";
  }
  return s;
}

} // namespace

void print_pathway(std::ostream& out, const StoredPathway& file)
{
  const Table& t       = file.roadmaps;
  const int target     = file.numbers.count("target_year") ? static_cast<int>(file.numbers.at("target_year")) : 2040;
  const std::string cu = file.text.count("currency") ? file.text.at("currency") : std::string();
  out << file.answer;
  if (not file.answer.empty() and file.answer.back() != '\n')
    out << "\n";

  // On the front or dominated: the file's own flag when it has one, else computed from its columns.
  std::vector<ParetoPoint> points;
  for (std::size_t i = 0; i < t.rows(); ++i)
    points.push_back({cell(t, "net_present_cost", i), cell(t, "emissions_change_target_year", i),
                      cell(t, "energy_change_target_year", i)});
  const std::vector<std::size_t> front = pareto_front(points);
  const auto on_front = [&](std::size_t i) -> std::string {
    if (const double flag = cell(t, "dominated", i); std::isfinite(flag))
      return flag == 0 ? "yes" : "dominated";
    if (not std::isfinite(points[i].npc) or not std::isfinite(points[i].emissions) or not std::isfinite(points[i].energy))
      return "-";
    return std::find(front.begin(), front.end(), i) != front.end() ? "yes" : "dominated";
  };

  // Measures last: the longest cell, and the others line up before it.
  std::vector<std::vector<std::string>> rows = {{"roadmap", "emissions target", "energy target",
                                                 "P(both by " + std::to_string(target) + ") [95 %]", "NPC k" + cu,
                                                 "Pareto front", "measures (start year)"}};
  for (std::size_t i = 0; i < t.rows(); ++i) {
    const double npc = cell(t, "net_present_cost", i);
    double hw        = cell(t, "net_present_cost_hw", i);
    if (std::abs(hw) <= 1e-9 * std::abs(npc))
      hw = 0; // rounding noise of replications that agree (the sum of discounted years in another order)
    std::string measures = text_cell(t, "measures", i);
    rows.push_back({text_cell(t, "roadmap", i), target_year(t, "emissions", i, target),
                    target_year(t, "energy", i, target), p_both(t, i), pm(npc / 1e3, hw / 1e3, ""), on_front(i),
                    measures.empty() ? "none" : measures});
  }
  std::vector<std::size_t> width(rows.front().size(), 0);
  for (const auto& r : rows)
    for (std::size_t c = 0; c < r.size(); ++c)
      width[c] = std::max(width[c], r[c].size() + 2);
  out << "\nroadmaps (the file's /roadmaps; NPC: mean +/- 95 % half-width, discounted; Pareto front over NPC and "
      << target << " emissions and energy)\n";
  for (const auto& r : rows) {
    out << "  ";
    for (std::size_t c = 0; c < r.size(); ++c)
      out << (c + 1 < r.size() ? pad(r[c], width[c]) : r[c]);
    out << "\n";
  }
}

} // namespace greenfab::cli
