// Full factorial, one-factor-at-a-time and Latin hypercube expansion of experiment factors.
#include "experiment/Design.hpp"
#include "core/RandomStream.hpp"
#include "core/Text.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <utility>

namespace greenfab {
namespace {

TextPosition position(const LevelPositions& where, std::size_t factor, std::size_t level)
{
  if (factor < where.size() and not where[factor].empty())
    return where[factor][std::min(level, where[factor].size() - 1)];
  return {};
}

/** Adds factor f at value `value` (level index `level` for positions) to a scenario. */
void set_value(ScenarioSpec& s, const FactorSpec& f, const std::string& value, TextPosition where)
{
  s.values.push_back(value);
  s.overrides.push_back(f.path + "=" + apply_template(f, value));
  s.override_positions.push_back(where);
}

} // namespace

std::string scenario_name(int id)
{
  char buf[32];
  std::snprintf(buf, sizeof buf, "s%04d", id);
  return buf;
}

std::string apply_template(const FactorSpec& factor, const std::string& value)
{
  const auto at = factor.value_template.find("{}");
  if (at == std::string::npos)
    return value;
  std::string out = factor.value_template;
  out.replace(at, 2, value);
  return out;
}

bool split_number_unit(const std::string& text, double& number, std::string& unit)
{
  const std::string_view t = trim(text);
  const char* first        = t.data();
  const char* last         = first + t.size();
  if (first != last and *first == '+')
    ++first;
  const auto [ptr, ec] = std::from_chars(first, last, number);
  if (ec != std::errc() or not std::isfinite(number))
    return false;
  unit = std::string(trim(std::string_view(ptr, static_cast<std::size_t>(last - ptr))));
  return true;
}

std::string format_sample(const FactorSpec& factor, double x)
{
  char buf[64];
  if (factor.integer)
    std::snprintf(buf, sizeof buf, "%.0f", std::round(x) == 0 ? 0.0 : std::round(x)); // no "-0"
  else
    std::snprintf(buf, sizeof buf, "%.6g", x);
  std::string out = buf;
  if (not factor.unit.empty())
    out += " " + factor.unit;
  return out;
}

std::vector<ScenarioSpec> expand_full_factorial(const std::vector<FactorSpec>& factors, const LevelPositions& where)
{
  std::vector<ScenarioSpec> out;
  if (factors.empty())
    return out;
  for (const auto& f : factors)
    if (f.levels.empty())
      return out;
  std::vector<std::size_t> index(factors.size(), 0); // an odometer, last digit fastest
  for (;;) {
    ScenarioSpec s;
    s.id   = static_cast<int>(out.size());
    s.name = scenario_name(s.id);
    for (std::size_t f = 0; f < factors.size(); ++f)
      set_value(s, factors[f], factors[f].levels[index[f]], position(where, f, index[f]));
    out.push_back(std::move(s));
    std::size_t f = factors.size();
    while (f > 0 and ++index[f - 1] == factors[f - 1].levels.size())
      index[--f] = 0;
    if (f == 0)
      return out;
  }
}

std::vector<ScenarioSpec> expand_one_factor_at_a_time(const std::vector<FactorSpec>& factors,
                                                      const LevelPositions& where)
{
  std::vector<ScenarioSpec> out;
  for (const auto& f : factors)
    if (f.levels.empty())
      return out;
  auto make = [&](std::size_t varied, std::size_t level) {
    ScenarioSpec s;
    s.id = static_cast<int>(out.size());
    for (std::size_t f = 0; f < factors.size(); ++f) {
      const std::size_t l = f == varied ? level : 0;
      set_value(s, factors[f], factors[f].levels[l], position(where, f, l));
    }
    s.name = varied < factors.size() ? factors[varied].name + "=" + factors[varied].levels[level] : "base";
    out.push_back(std::move(s));
  };
  make(factors.size(), 0);
  for (std::size_t f = 0; f < factors.size(); ++f)
    for (std::size_t l = 1; l < factors[f].levels.size(); ++l)
      make(f, l);
  return out;
}

std::vector<ScenarioSpec> expand_latin_hypercube(const std::vector<FactorSpec>& factors, int points,
                                                 std::uint64_t seed, const LevelPositions& where)
{
  std::vector<ScenarioSpec> out;
  if (points < 1)
    return out;
  const auto n = static_cast<std::size_t>(points);
  for (int i = 0; i < points; ++i) {
    ScenarioSpec s;
    s.id   = i;
    s.name = scenario_name(i);
    out.push_back(std::move(s));
  }
  for (std::size_t f = 0; f < factors.size(); ++f) {
    const FactorSpec& factor = factors[f];
    double lo = 0, hi = 0;
    std::string unit;
    if (not split_number_unit(factor.range_min, lo, unit) or not split_number_unit(factor.range_max, hi, unit))
      return {};
    RandomStream stream(seed, 0, factor.name, "lhs");
    std::vector<double> u(n);
    for (auto& x : u)
      x = stream.uniform01();
    std::vector<std::size_t> perm(n);
    std::iota(perm.begin(), perm.end(), std::size_t{0});
    for (std::size_t i = n - 1; i >= 1; --i) {
      auto j = static_cast<std::size_t>(stream.uniform01() * static_cast<double>(i + 1));
      std::swap(perm[i], perm[std::min(j, i)]);
    }
    for (std::size_t i = 0; i < n; ++i) {
      const double k = static_cast<double>(perm[i]);
      const double x = lo + (k + u[perm[i]]) / static_cast<double>(n) * (hi - lo);
      set_value(out[i], factor, format_sample(factor, x), position(where, f, 0));
    }
  }
  return out;
}

} // namespace greenfab
