// Pathway arithmetic: interpolation, target years, discounting, Shapley values, the roadmap optimiser.
#include "experiment/PathwayAnalysis.hpp"
#include "results/Summary.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace greenfab {

std::vector<double> yearly_series(const std::vector<int>& years, const std::vector<double>& values)
{
  if (years.empty() or years.size() != values.size())
    throw std::invalid_argument("yearly_series: years and values differ in length");
  std::vector<double> out;
  for (std::size_t k = 0; k + 1 < years.size(); ++k)
    for (int y = years[k]; y < years[k + 1]; ++y) {
      const double w = static_cast<double>(y - years[k]) / (years[k + 1] - years[k]);
      out.push_back(values[k] + w * (values[k + 1] - values[k]));
    }
  out.push_back(values.back());
  return out;
}

double first_year_at_or_below(const std::vector<double>& series, int first_year, double limit)
{
  for (std::size_t k = 0; k < series.size(); ++k)
    if (series[k] <= limit)
      return first_year + static_cast<double>(k);
  return std::nan("");
}

double capital_recovery_factor(double rate, double lifetime_years)
{
  if (std::abs(rate) < 1e-12)
    return 1 / lifetime_years;
  return rate / (1 - std::pow(1 + rate, -lifetime_years));
}

std::vector<double> shapley_values(int n, const std::vector<double>& v)
{
  if (n < 0 or n > 20 or v.size() != (std::size_t{1} << n))
    throw std::invalid_argument("shapley_values: need 2^n subset values");
  std::vector<double> fact(static_cast<std::size_t>(n) + 1, 1);
  for (int k = 1; k <= n; ++k)
    fact[static_cast<std::size_t>(k)] = fact[static_cast<std::size_t>(k - 1)] * k;
  std::vector<double> phi(static_cast<std::size_t>(n), 0);
  for (std::size_t s = 0; s < v.size(); ++s) {
    const int size = std::popcount(s);
    for (int i = 0; i < n; ++i) {
      if (s & (std::size_t{1} << i))
        continue;
      const double w = fact[static_cast<std::size_t>(size)] * fact[static_cast<std::size_t>(n - size - 1)] /
                       fact[static_cast<std::size_t>(n)];
      phi[static_cast<std::size_t>(i)] += w * (v[s | (std::size_t{1} << i)] - v[s]);
    }
  }
  return phi;
}

namespace {
bool comparable(const ParetoPoint& p)
{
  return std::isfinite(p.npc) and std::isfinite(p.emissions) and std::isfinite(p.energy);
}
} // namespace

bool dominates(const ParetoPoint& a, const ParetoPoint& b)
{
  if (not comparable(a) or not comparable(b))
    return false;
  const bool no_worse = a.npc <= b.npc and a.emissions <= b.emissions and a.energy <= b.energy;
  const bool better   = a.npc < b.npc or a.emissions < b.emissions or a.energy < b.energy;
  return no_worse and better;
}

std::vector<std::size_t> pareto_front(const std::vector<ParetoPoint>& points)
{
  std::vector<std::size_t> front;
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (not comparable(points[i]))
      continue;
    bool dominated = false;
    for (std::size_t j = 0; j < points.size() and not dominated; ++j)
      dominated = j != i and dominates(points[j], points[i]);
    if (not dominated)
      front.push_back(i);
  }
  return front;
}

std::size_t closest_roadmap(const std::vector<ParetoPoint>& points, double target_emissions, double target_energy)
{
  const auto shortfall = [&](const ParetoPoint& p) {
    return std::max(0.0, p.emissions - target_emissions) + std::max(0.0, p.energy - target_energy);
  };
  std::size_t best = points.size();
  for (std::size_t i : pareto_front(points)) {
    if (best == points.size()) {
      best = i;
      continue;
    }
    const double gap = shortfall(points[i]), best_gap = shortfall(points[best]);
    if (gap < best_gap or (gap == best_gap and points[i].npc < points[best].npc))
      best = i;
  }
  return best;
}

void mean_hw(const std::vector<double>& x, double& mean, double& hw)
{
  std::vector<double> finite;
  for (double v : x)
    if (std::isfinite(v))
      finite.push_back(v);
  if (finite.empty()) {
    mean = hw = std::nan("");
    return;
  }
  const Estimate e = estimate(finite);
  mean             = e.mean;
  hw               = e.half_width; // NaN for a single value
}

namespace {

/** Schedules `chosen` and evaluates it; false if a prerequisite is missing, two conflict or the budget
 *  cannot fit an investment by the target year. */
bool evaluate(const OptimiseProblem& p, std::vector<int> chosen, OptimiseCandidate& out)
{
  const auto has = [&](int i) { return std::find(chosen.begin(), chosen.end(), i) != chosen.end(); };
  for (int i : chosen) {
    for (int pre : p.options[static_cast<std::size_t>(i)].prerequisites)
      if (not has(pre))
        return false;
    for (int c : p.options[static_cast<std::size_t>(i)].conflicts)
      if (has(c))
        return false;
  }
  // Cheapest abatement first gets the earliest budget; prerequisites before the options needing them.
  auto unit_cost = [&](int i) {
    const auto& o = p.options[static_cast<std::size_t>(i)];
    return o.annual_cost / std::max(1e-12, o.emissions_cut + o.energy_cut);
  };
  std::sort(chosen.begin(), chosen.end(), [&](int a, int b) {
    const double ca = unit_cost(a), cb = unit_cost(b);
    return ca != cb ? ca < cb : a < b;
  });
  const int span = p.target_year - p.first_year + 1;
  std::vector<double> spent(static_cast<std::size_t>(std::max(span, 1)), 0);
  std::vector<int> start(p.options.size(), -1);
  // Repeated passes place options whose prerequisites are placed (at most n passes).
  std::vector<int> order;
  for (std::size_t pass = 0; pass <= chosen.size() and order.size() < chosen.size(); ++pass)
    for (int i : chosen) {
      if (start[static_cast<std::size_t>(i)] >= 0)
        continue;
      const auto& o = p.options[static_cast<std::size_t>(i)];
      int earliest  = p.first_year;
      bool ready    = true;
      for (int pre : o.prerequisites) {
        if (start[static_cast<std::size_t>(pre)] < 0)
          ready = false;
        else
          earliest = std::max(earliest, start[static_cast<std::size_t>(pre)]);
      }
      if (not ready)
        continue;
      int y = earliest;
      while (y <= p.target_year and spent[static_cast<std::size_t>(y - p.first_year)] + o.investment > p.budget_per_year + 1e-9)
        ++y;
      if (y > p.target_year)
        return false;
      spent[static_cast<std::size_t>(y - p.first_year)] += o.investment;
      start[static_cast<std::size_t>(i)] = y;
      order.push_back(i);
    }
  if (order.size() < chosen.size())
    return false;
  double rem_e = 1, rem_n = 1, npc = 0;
  for (int i : order) {
    const auto& o  = p.options[static_cast<std::size_t>(i)];
    const int s    = start[static_cast<std::size_t>(i)];
    const double f = o.share_by_start.empty() ? 1 : o.share_by_start[static_cast<std::size_t>(s - p.first_year)];
    rem_e *= 1 - f * o.emissions_cut;
    rem_n *= 1 - f * o.energy_cut;
    for (int y = s; y <= p.target_year; ++y)
      npc += o.annual_cost / std::pow(1 + p.discount_rate, y - p.base_year);
  }
  out.chosen = order;
  out.start_years.clear();
  for (int i : order)
    out.start_years.push_back(start[static_cast<std::size_t>(i)]);
  out.npc              = npc;
  out.emissions_change = p.none_emissions_ratio * rem_e - 1;
  out.energy_change    = p.none_energy_ratio * rem_n - 1;
  out.meets            = out.emissions_change <= p.target_emissions + 1e-12 and out.energy_change <= p.target_energy + 1e-12;
  return true;
}

/** Ordering: meeting both targets first, then cheaper; among misses, the smaller total shortfall. */
bool better(const OptimiseProblem& p, const OptimiseCandidate& a, const OptimiseCandidate& b)
{
  if (a.meets != b.meets)
    return a.meets;
  if (not a.meets) {
    const double sa = std::max(0.0, a.emissions_change - p.target_emissions) + std::max(0.0, a.energy_change - p.target_energy);
    const double sb = std::max(0.0, b.emissions_change - p.target_emissions) + std::max(0.0, b.energy_change - p.target_energy);
    if (std::abs(sa - sb) > 1e-9)
      return sa < sb;
  }
  return a.npc != b.npc ? a.npc < b.npc : a.chosen.size() < b.chosen.size();
}

} // namespace

std::vector<OptimiseCandidate> optimise_roadmap(const OptimiseProblem& p, int keep)
{
  const int n = static_cast<int>(p.options.size());
  std::vector<OptimiseCandidate> found;
  auto consider = [&](const std::vector<int>& chosen) {
    OptimiseCandidate c;
    if (evaluate(p, chosen, c))
      found.push_back(std::move(c));
  };
  if (n <= 16) {
    for (std::uint32_t mask = 0; mask < (1u << n); ++mask) {
      std::vector<int> chosen;
      for (int i = 0; i < n; ++i)
        if (mask & (1u << i))
          chosen.push_back(i);
      consider(chosen);
    }
  } else {
    // Greedy by abatement cost per unit of combined cut, then a drop-one local search on the result.
    std::vector<int> order(static_cast<std::size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](int a, int b) {
      const auto &oa = p.options[static_cast<std::size_t>(a)], &ob = p.options[static_cast<std::size_t>(b)];
      return oa.annual_cost / std::max(1e-12, oa.emissions_cut + oa.energy_cut) <
             ob.annual_cost / std::max(1e-12, ob.emissions_cut + ob.energy_cut);
    });
    std::vector<int> chosen;
    for (int i : order) {
      chosen.push_back(i);
      OptimiseCandidate c;
      if (not evaluate(p, chosen, c)) {
        chosen.pop_back();
        continue;
      }
      found.push_back(c);
      if (c.meets)
        break;
    }
    for (std::size_t k = 0; k < chosen.size(); ++k) {
      std::vector<int> fewer = chosen;
      fewer.erase(fewer.begin() + static_cast<std::ptrdiff_t>(k));
      consider(fewer);
    }
  }
  std::stable_sort(found.begin(), found.end(), [&](const auto& x, const auto& y) { return better(p, x, y); });
  if (static_cast<int>(found.size()) > keep)
    found.resize(static_cast<std::size_t>(keep));
  return found;
}

} // namespace greenfab
