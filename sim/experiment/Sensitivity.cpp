// Sobol indices (Saltelli 2010 / Jansen 1999) and Morris elementary effects, with bootstrap intervals.
#include "experiment/Sensitivity.hpp"
#include "core/Quantile.hpp"
#include "core/RandomStream.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace greenfab {

namespace {

void check_outputs(const std::vector<double>& y, std::size_t expected, const char* who)
{
  if (y.size() != expected)
    throw std::invalid_argument(std::string(who) + ": " + std::to_string(y.size()) + " outputs for a design of " +
                                std::to_string(expected) + " points");
  for (std::size_t p = 0; p < y.size(); ++p)
    if (not std::isfinite(y[p]))
      throw std::invalid_argument(std::string(who) + ": output " + std::to_string(p) + " is not finite");
}

/** Nearest-rank percentile interval of `values` (sorted here) at `confidence`. */
IndexEstimate percentile_interval(double value, std::vector<double> values, double confidence)
{
  IndexEstimate e{value, value, value};
  if (values.empty())
    return e;
  std::sort(values.begin(), values.end());
  const double last = static_cast<double>(values.size() - 1);
  const auto at = [&](double q) { return values[static_cast<std::size_t>(std::lround(q * last))]; };
  e.low  = at((1 - confidence) / 2);
  e.high = at((1 + confidence) / 2);
  return e;
}

/** The N row indices of bootstrap resample `b`: drawn with replacement, from its own stream. */
std::vector<std::size_t> resample_rows(std::size_t n, const BootstrapOptions& o, int b)
{
  RandomStream rng(o.seed, static_cast<std::uint64_t>(b), "bootstrap", "sensitivity");
  std::vector<std::size_t> rows(n);
  for (auto& r : rows)
    r = std::min(n - 1, static_cast<std::size_t>(rng.uniform01() * static_cast<double>(n)));
  return rows;
}

/** S_i and ST_i of every input from the outputs of the rows `rows` (a resample, or 0..N-1). */
struct Estimates {
  double mean = 0, variance = 0;
  std::vector<double> first, total;
};
Estimates estimate(std::size_t n, std::size_t k, const std::vector<double>& y, const std::vector<std::size_t>& rows)
{
  const auto fa  = [&](std::size_t j) { return y[j]; };
  const auto fb  = [&](std::size_t j) { return y[n + j]; };
  const auto fab = [&](std::size_t i, std::size_t j) { return y[(2 + i) * n + j]; };
  const auto m   = static_cast<double>(rows.size());
  Estimates e;
  for (auto j : rows)
    e.mean += fa(j) + fb(j);
  e.mean /= 2 * m;
  for (auto j : rows)
    e.variance += (fa(j) - e.mean) * (fa(j) - e.mean) + (fb(j) - e.mean) * (fb(j) - e.mean);
  e.variance /= 2 * m;
  e.first.assign(k, 0);
  e.total.assign(k, 0);
  if (not(e.variance > 0))
    return e; // a constant output depends on nothing
  for (std::size_t i = 0; i < k; ++i) {
    double s = 0, t = 0;
    for (auto j : rows) {
      // Centred on the mean: the estimator is unbiased either way, but an output far from 0 (kg per
      // year) would otherwise multiply the noise of f_AB - f_A by its own size.
      const double a = fa(j) - e.mean, b = fb(j) - e.mean, ab = fab(i, j) - e.mean;
      s += b * (ab - a);
      t += (a - ab) * (a - ab);
    }
    e.first[i] = s / m / e.variance;
    e.total[i] = t / (2 * m) / e.variance;
  }
  return e;
}

} // namespace

std::vector<DesignPoint> SobolDesign::points() const
{
  std::vector<DesignPoint> out;
  out.reserve(n * (inputs.size() + 2));
  out.insert(out.end(), a.begin(), a.end());
  out.insert(out.end(), b.begin(), b.end());
  for (std::size_t i = 0; i < inputs.size(); ++i)
    for (std::size_t j = 0; j < n; ++j) {
      DesignPoint p = a[j];
      p[i]          = b[j][i];
      out.push_back(std::move(p));
    }
  return out;
}

SobolDesign sobol_design(const std::vector<SensitivityInput>& inputs, std::size_t n, std::uint64_t seed,
                         const std::string& purpose_a, const std::string& purpose_b)
{
  if (n < 2)
    throw std::invalid_argument("sobol_design: need at least 2 base samples");
  if (purpose_a == purpose_b)
    throw std::invalid_argument("sobol_design: A and B need different stream purposes (they must be independent)");
  SobolDesign d;
  d.n = n;
  for (const auto& in : inputs)
    d.inputs.push_back(in.name);
  const auto draw = [&](std::size_t row, const std::string& purpose) {
    DesignPoint p;
    for (const auto& in : inputs) {
      RandomStream rng(seed, row, in.name, purpose);
      p.push_back(in.dist.sample(rng));
    }
    return p;
  };
  for (std::size_t j = 0; j < n; ++j) {
    d.a.push_back(draw(j, purpose_a));
    d.b.push_back(draw(j, purpose_b));
  }
  return d;
}

SobolResult sobol_indices(std::size_t n, const std::vector<std::string>& inputs, const std::vector<double>& y,
                          const BootstrapOptions& bootstrap)
{
  const std::size_t k = inputs.size();
  if (n < 2)
    throw std::invalid_argument("sobol_indices: need at least 2 base samples");
  check_outputs(y, n * (k + 2), "sobol_indices");
  std::vector<std::size_t> all(n);
  std::iota(all.begin(), all.end(), std::size_t{0});
  const Estimates point = estimate(n, k, y, all);
  std::vector<std::vector<double>> first(k), total(k);
  for (int b = 0; b < bootstrap.resamples; ++b) {
    const Estimates e = estimate(n, k, y, resample_rows(n, bootstrap, b));
    for (std::size_t i = 0; i < k; ++i) {
      first[i].push_back(e.first[i]);
      total[i].push_back(e.total[i]);
    }
  }
  SobolResult r;
  r.mean        = point.mean;
  r.variance    = point.variance;
  r.evaluations = y.size();
  for (std::size_t i = 0; i < k; ++i)
    r.indices.push_back({inputs[i], percentile_interval(point.first[i], first[i], bootstrap.confidence),
                         percentile_interval(point.total[i], total[i], bootstrap.confidence)});
  return r;
}

SobolResult sobol_indices(const SobolDesign& design, const std::vector<double>& y, const BootstrapOptions& bootstrap)
{
  return sobol_indices(design.n, design.inputs, y, bootstrap);
}

MorrisDesign morris_design(const std::vector<SensitivityInput>& inputs, std::size_t trajectories, std::uint64_t seed,
                           int levels)
{
  if (levels < 2 or levels % 2 != 0)
    throw std::invalid_argument("morris_design: the number of levels must be even and at least 2");
  if (trajectories < 1)
    throw std::invalid_argument("morris_design: need at least one trajectory");
  const std::size_t k = inputs.size();
  MorrisDesign d;
  d.levels = levels;
  for (const auto& in : inputs)
    d.inputs.push_back(in.name);
  const auto value = [&](std::size_t i, int level) {
    return quantile(inputs[i].dist, (level + 0.5) / levels);
  };
  for (std::size_t t = 0; t < trajectories; ++t) {
    RandomStream rng(seed, t, "morris", "design");
    std::vector<int> level(k);
    for (auto& l : level)
      l = std::min(levels - 1, static_cast<int>(rng.uniform01() * levels));
    std::vector<int> order(k);
    std::iota(order.begin(), order.end(), 0);
    for (std::size_t i = k; i > 1; --i) // Fisher-Yates with the portable stream
      std::swap(order[i - 1], order[std::min(i - 1, static_cast<std::size_t>(rng.uniform01() * static_cast<double>(i)))]);
    DesignPoint p(k);
    for (std::size_t i = 0; i < k; ++i)
      p[i] = value(i, level[i]);
    d.points.push_back(p);
    std::vector<double> delta;
    for (int i : order) {
      const auto ui = static_cast<std::size_t>(i);
      const bool up = level[ui] < levels / 2;
      level[ui] += up ? levels / 2 : -levels / 2;
      delta.push_back(up ? 0.5 : -0.5);
      p[ui] = value(ui, level[ui]);
      d.points.push_back(p);
    }
    d.order.push_back(std::move(order));
    d.delta.push_back(std::move(delta));
  }
  return d;
}

MorrisResult morris_effects(const MorrisDesign& d, const std::vector<double>& y, const BootstrapOptions& bootstrap)
{
  const std::size_t k = d.inputs.size(), r = d.trajectories();
  check_outputs(y, r * (k + 1), "morris_effects");
  // ee[i][t]: input i's elementary effect in trajectory t (each trajectory moves every input once).
  std::vector<std::vector<double>> ee(k, std::vector<double>(r));
  for (std::size_t t = 0; t < r; ++t)
    for (std::size_t s = 0; s < k; ++s) {
      const std::size_t at = t * (k + 1) + s;
      ee[static_cast<std::size_t>(d.order[t][s])][t] = (y[at + 1] - y[at]) / d.delta[t][s];
    }
  const auto mean_abs = [](const std::vector<double>& v, const std::vector<std::size_t>& rows) {
    double sum = 0;
    for (auto t : rows)
      sum += std::abs(v[t]);
    return sum / static_cast<double>(rows.size());
  };
  std::vector<std::size_t> all(r);
  std::iota(all.begin(), all.end(), std::size_t{0});
  std::vector<std::vector<std::size_t>> resamples;
  for (int b = 0; b < bootstrap.resamples; ++b)
    resamples.push_back(resample_rows(r, bootstrap, b));
  MorrisResult out;
  out.evaluations = y.size();
  for (std::size_t i = 0; i < k; ++i) {
    MorrisEffect e;
    e.input = d.inputs[i];
    e.mu    = std::accumulate(ee[i].begin(), ee[i].end(), 0.0) / static_cast<double>(r);
    double ss = 0;
    for (double v : ee[i])
      ss += (v - e.mu) * (v - e.mu);
    e.sigma = r > 1 ? std::sqrt(ss / static_cast<double>(r - 1)) : 0;
    std::vector<double> boot;
    for (const auto& rows : resamples)
      boot.push_back(mean_abs(ee[i], rows));
    e.mu_star = percentile_interval(mean_abs(ee[i], all), std::move(boot), bootstrap.confidence);
    out.effects.push_back(std::move(e));
  }
  return out;
}

namespace {
/** The empty /sensitivity layout: the same columns, in the same order, for either method. */
Table sensitivity_layout()
{
  Table t;
  t.name  = "sensitivity";
  t.index = {"roadmap", "output", "input"};
  for (const char* c : {"roadmap", "output", "input", "method"})
    t.text.push_back({c, {}});
  const auto add = [&](const char* name, const char* unit, const char* description) {
    t.numeric.push_back({name, unit, description, {}});
  };
  add("first_order", "1", "Sobol first-order index S_i (Saltelli et al. 2010): variance share of the input alone");
  add("first_order_low", "1", "95 % bootstrap interval of first_order, lower bound");
  add("first_order_high", "1", "95 % bootstrap interval of first_order, upper bound");
  add("total", "1", "Sobol total index ST_i (Jansen 1999): variance share involving the input");
  add("total_low", "1", "95 % bootstrap interval of total, lower bound");
  add("total_high", "1", "95 % bootstrap interval of total, upper bound");
  add("mu_star", "", "Morris mu*: mean |elementary effect|, in the units of `output` per input range");
  add("mu_star_low", "", "95 % bootstrap interval of mu_star, lower bound");
  add("mu_star_high", "", "95 % bootstrap interval of mu_star, upper bound");
  add("mu", "", "Morris mu: mean elementary effect (its sign)");
  add("sigma", "", "Morris sigma: sd of the elementary effects (interactions, non-linearity)");
  add("evaluations", "", "model evaluations of the design");
  return t;
}

void push_row(Table& t, const std::string& roadmap, const std::string& output, const std::string& input,
              const std::string& method, const std::vector<double>& numbers)
{
  for (auto& c : t.text)
    c.values.push_back(c.name == "roadmap" ? roadmap : c.name == "output" ? output : c.name == "input" ? input : method);
  for (std::size_t i = 0; i < t.numeric.size(); ++i)
    t.numeric[i].values.push_back(numbers[i]);
}
} // namespace

Table sensitivity_table(const std::string& roadmap, const std::string& output, const SobolResult& result)
{
  Table t        = sensitivity_layout();
  const double n = std::nan("");
  for (const auto& x : result.indices)
    push_row(t, roadmap, output, x.input, "sobol",
             {x.first.value, x.first.low, x.first.high, x.total.value, x.total.low, x.total.high, n, n, n, n, n,
              static_cast<double>(result.evaluations)});
  return t;
}

Table sensitivity_table(const std::string& roadmap, const std::string& output, const MorrisResult& result)
{
  Table t        = sensitivity_layout();
  const double n = std::nan("");
  for (const auto& e : result.effects)
    push_row(t, roadmap, output, e.input, "morris",
             {n, n, n, n, n, n, e.mu_star.value, e.mu_star.low, e.mu_star.high, e.mu, e.sigma,
              static_cast<double>(result.evaluations)});
  return t;
}

SobolResult sobol_analyse(const std::vector<SensitivityInput>& inputs, const std::function<double(const DesignPoint&)>& f,
                          std::size_t n, std::uint64_t seed, const BootstrapOptions& bootstrap)
{
  const SobolDesign d = sobol_design(inputs, n, seed);
  std::vector<double> y;
  for (const auto& p : d.points())
    y.push_back(f(p));
  return sobol_indices(d, y, bootstrap);
}

MorrisResult morris_analyse(const std::vector<SensitivityInput>& inputs,
                            const std::function<double(const DesignPoint&)>& f, std::size_t trajectories,
                            std::uint64_t seed, int levels, const BootstrapOptions& bootstrap)
{
  const MorrisDesign d = morris_design(inputs, trajectories, seed, levels);
  std::vector<double> y;
  for (const auto& p : d.points)
    y.push_back(f(p));
  return morris_effects(d, y, bootstrap);
}

} // namespace greenfab
