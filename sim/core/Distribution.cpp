// Distribution parsing and portable sampling (own inverse transforms + Boost.Random, never std:: distributions).
#include "core/Text.hpp"
#include "core/Distribution.hpp"
#include "core/Errors.hpp"

#include <boost/random/gamma_distribution.hpp>
#include <boost/random/normal_distribution.hpp>

#include <cmath>
#include <cstdio>
#include <utility>

namespace greenfab {
namespace {

struct Syntax {
  std::string_view name;
  Distribution::Kind kind;
  int arity; // -1: one or more
  std::string_view usage;
};

constexpr Syntax syntaxes[] = {
    {"const", Distribution::Kind::constant, 1, "const(value)"},
    {"constant", Distribution::Kind::constant, 1, "constant(value)"},
    {"uniform", Distribution::Kind::uniform, 2, "uniform(min, max)"},
    {"triangular", Distribution::Kind::triangular, 3, "triangular(min, mode, max)"},
    {"normal", Distribution::Kind::normal, 2, "normal(mean, sd)"},
    {"lognormal", Distribution::Kind::lognormal, 2, "lognormal(mean, sd)"},
    {"exp", Distribution::Kind::exponential, 1, "exp(mean)"},
    {"exponential", Distribution::Kind::exponential, 1, "exponential(mean)"},
    {"gamma", Distribution::Kind::gamma, 2, "gamma(mean, sd)"},
    {"erlang", Distribution::Kind::erlang, 2, "erlang(k, mean)"},
    {"empirical", Distribution::Kind::empirical, -1, "empirical(v1, v2, ...)"},
};


std::vector<std::string_view> split_args(std::string_view s)
{
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i)
    if (i == s.size() or s[i] == ',') {
      out.push_back(trim(s.substr(start, i - start)));
      start = i + 1;
    }
  return out;
}

std::string known_names()
{
  return "const, uniform, triangular, normal, lognormal, exp, gamma, erlang, empirical";
}

/** Gamma shape and scale from mean and sd: the sampler's parameters, and the domain checks them. */
struct GammaParameters {
  double shape, scale;
};
GammaParameters gamma_parameters(double mean, double sd)
{
  const double shape = (mean / sd) * (mean / sd);
  return {shape, mean / shape};
}

/** The mean and sd of log X for a lognormal X of the given mean and sd. */
struct LognormalParameters {
  double mu, sigma;
};
LognormalParameters lognormal_parameters(double mean, double sd)
{
  const double sigma2 = std::log1p(sd * sd / (mean * mean));
  return {std::log(mean) - sigma2 / 2, std::sqrt(sigma2)};
}

std::string number(double v)
{
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

} // namespace

void Distribution::check_domain(Kind kind, const std::vector<double>& p)
{
  auto fail = [](const std::string& why) { throw UnitError(why); };
  for (double v : p) {
    if (not std::isfinite(v))
      fail("parameters must be finite numbers");
    if (v < 0)
      fail(kind == Kind::constant ? "must not be negative" : "parameters must not be negative");
    if (v > max_parameter)
      fail("parameters must be at most " + number(max_parameter) + " (in SI units) so that variances stay finite");
  }
  switch (kind) {
    case Kind::uniform:
      if (p[0] > p[1])
        fail("min must not exceed max");
      break;
    case Kind::triangular:
      if (not(p[0] <= p[1] and p[1] <= p[2]))
        fail("expected min <= mode <= max");
      break;
    case Kind::normal:
    case Kind::lognormal:
    case Kind::gamma:
    case Kind::exponential:
      if (p[0] <= 0)
        fail("the mean must be positive");
      if ((kind == Kind::gamma or kind == Kind::normal) and p[1] <= 0)
        fail("the sd must be positive (use a constant for no variation)");
      break;
    case Kind::erlang:
      if (p[1] <= 0)
        fail("the mean must be positive");
      break;
    default: break;
  }
  // Beyond these spreads the samplers stop producing the stated moments, so the model would not be what
  // it says. Measured with Boost 1.74's gamma sampler: above shape 1e12 rounding loses the sd (at 1e15
  // every sample equals the mean); at shape 1e-4 most samples underflow to 0, below it nearly all do and
  // the mean rests on draws rarer than a run makes. gamma(60 s, 1e-300 s) has an infinite shape and a
  // scale of 0, which breaks the sampler's precondition (scale > 0) and, in a release build, never returns.
  if (kind == Kind::gamma) {
    const GammaParameters g = gamma_parameters(p[0], p[1]);
    if (not(g.shape >= min_gamma_shape and g.shape <= max_gamma_shape and std::isfinite(g.scale) and g.scale > 0))
      fail("sd/mean = " + number(p[1] / p[0]) + " is outside what the gamma sampler handles: keep sd between " +
           number(1 / std::sqrt(max_gamma_shape)) + " and " + number(1 / std::sqrt(min_gamma_shape)) +
           " times the mean (shape (mean/sd)^2 from " + number(min_gamma_shape) + " to " + number(max_gamma_shape) +
           ")");
  }
  if (kind == Kind::lognormal) {
    const LognormalParameters l = lognormal_parameters(p[0], p[1]);
    if (not(std::isfinite(l.mu) and std::isfinite(l.sigma) and p[1] <= max_lognormal_cv * p[0]))
      fail("sd/mean = " + number(p[1] / p[0]) + " is too large: keep sd at most " + number(max_lognormal_cv) +
           " times the mean (beyond it nearly every sample is about 0 and the mean rests on draws rarer than a "
           "run makes)");
  }
}

Distribution::Distribution(Kind k, std::vector<double> p) : kind_(k), p_(std::move(p)) {}

Distribution Distribution::constant(double value) { return {Kind::constant, {value}}; }
Distribution Distribution::exponential(double mean) { return {Kind::exponential, {mean}}; }

Distribution Distribution::parse(std::string_view text, Dimension dimension)
{
  const std::string_view s = trim(text);
  const auto open          = s.find('(');
  if (open == std::string_view::npos) {
    // A plain quantity is a constant; parse_quantity explains what a bad one lacks, and it has the
    // domain of const(value), so "-5 min" and "const(-5 min)" are refused alike.
    const double value = parse_quantity(s, dimension);
    try {
      check_domain(Kind::constant, {value});
    } catch (const UnitError& e) {
      throw UnitError("'" + std::string(s) + "': " + e.what());
    }
    return constant(value);
  }
  const std::string_view name = trim(s.substr(0, open));
  if (s.back() != ')')
    throw UnitError(quote_value(s) + ": missing ')' at the end of the distribution");
  const Syntax* syntax = nullptr;
  for (const auto& candidate : syntaxes)
    if (candidate.name == name)
      syntax = &candidate;
  if (syntax == nullptr)
    throw UnitError("unknown distribution " + quote_value(name) + " (known: " + known_names() + ")");
  const auto args = split_args(s.substr(open + 1, s.size() - open - 2));
  if (syntax->arity > 0 and static_cast<int>(args.size()) != syntax->arity)
    throw UnitError(quote_value(s) + " has " + std::to_string(args.size()) + " parameter(s); write " +
                    std::string(syntax->usage));
  if (args.empty() or (args.size() == 1 and args[0].empty()))
    throw UnitError(quote_value(s) + " has no parameters; write " + std::string(syntax->usage));

  std::vector<double> p;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (syntax->kind == Kind::erlang and i == 0) {
      // The phase count is a plain integer, not a quantity.
      double k = 0;
      try {
        std::size_t used = 0;
        k                = std::stod(std::string(args[0]), &used);
        if (used != args[0].size())
          k = -1;
      } catch (const std::exception&) {
        k = -1;
      }
      if (not std::isfinite(k) or k < 1 or k > 1000 or std::floor(k) != k)
        throw UnitError("erlang phase count " + quote_value(args[0]) + " must be an integer from 1 to 1000");
      p.push_back(k);
      continue;
    }
    p.push_back(parse_quantity(args[i], dimension));
  }

  try {
    check_domain(syntax->kind, p);
  } catch (const UnitError& e) {
    throw UnitError(quote_value(s) + ": " + e.what() + " (" + std::string(syntax->usage) + ")");
  }
  return {syntax->kind, std::move(p)};
}

double Distribution::sample(RandomStream& rng) const
{
  switch (kind_) {
    case Kind::constant: return p_[0];
    case Kind::uniform: return p_[0] + (p_[1] - p_[0]) * rng.uniform01();
    case Kind::triangular: {
      const double a = p_[0], c = p_[1], b = p_[2];
      if (b == a)
        return a;
      const double u  = rng.uniform01();
      const double fc = (c - a) / (b - a);
      return u < fc ? a + std::sqrt(u * (b - a) * (c - a)) : b - std::sqrt((1 - u) * (b - a) * (b - c));
    }
    case Kind::normal: {
      boost::random::normal_distribution<double> normal(p_[0], p_[1]);
      for (;;) {
        const double x = normal(rng);
        if (x >= 0)
          return x;
      }
    }
    case Kind::lognormal: {
      const LognormalParameters l = lognormal_parameters(p_[0], p_[1]);
      boost::random::normal_distribution<double> normal(l.mu, l.sigma);
      return std::exp(normal(rng));
    }
    case Kind::exponential: return -p_[0] * std::log(rng.uniform01());
    case Kind::gamma: {
      const GammaParameters g = gamma_parameters(p_[0], p_[1]);
      boost::random::gamma_distribution<double> gamma(g.shape, g.scale);
      return gamma(rng);
    }
    case Kind::erlang: {
      // Sum of k exponential phases (a product of uniforms would underflow for large k).
      const int k = static_cast<int>(p_[0]);
      double sum  = 0;
      for (int i = 0; i < k; ++i)
        sum -= std::log(rng.uniform01());
      return (p_[1] / k) * sum;
    }
    case Kind::empirical: {
      auto i = static_cast<std::size_t>(rng.uniform01() * static_cast<double>(p_.size()));
      return p_[i < p_.size() ? i : p_.size() - 1];
    }
  }
  return 0;
}

double Distribution::mean() const
{
  switch (kind_) {
    case Kind::constant: return p_[0];
    case Kind::uniform: return (p_[0] + p_[1]) / 2;
    case Kind::triangular: return (p_[0] + p_[1] + p_[2]) / 3;
    case Kind::normal: {
      // Truncation at 0 shifts the mean up: m + sd * phi(a) / (1 - Phi(a)), a = -m/sd.
      const double a   = -p_[0] / p_[1];
      const double phi = std::exp(-a * a / 2) / std::sqrt(2 * M_PI);
      const double Phi = 0.5 * std::erfc(-a / std::sqrt(2.0));
      return p_[0] + p_[1] * phi / (1 - Phi);
    }
    case Kind::lognormal:
    case Kind::exponential:
    case Kind::gamma: return p_[0];
    case Kind::erlang: return p_[1];
    case Kind::empirical: {
      double s = 0;
      for (double v : p_)
        s += v;
      return s / static_cast<double>(p_.size());
    }
  }
  return 0;
}

double Distribution::variance() const
{
  switch (kind_) {
    case Kind::constant: return 0;
    case Kind::uniform: return (p_[1] - p_[0]) * (p_[1] - p_[0]) / 12;
    case Kind::triangular: {
      const double a = p_[0], c = p_[1], b = p_[2];
      return (a * a + b * b + c * c - a * b - a * c - b * c) / 18;
    }
    case Kind::normal: {
      const double m = p_[0], sd = p_[1];
      const double a      = -m / sd;
      const double phi    = std::exp(-a * a / 2) / std::sqrt(2 * M_PI);
      const double Phi    = 0.5 * std::erfc(-a / std::sqrt(2.0));
      const double lambda = phi / (1 - Phi);
      return sd * sd * (1 + a * lambda - lambda * lambda);
    }
    case Kind::lognormal:
    case Kind::gamma: return p_[1] * p_[1];
    case Kind::exponential: return p_[0] * p_[0];
    case Kind::erlang: return p_[1] * p_[1] / p_[0];
    case Kind::empirical: {
      const double m = mean();
      double s       = 0;
      for (double v : p_)
        s += (v - m) * (v - m);
      return s / static_cast<double>(p_.size());
    }
  }
  return 0;
}

double Distribution::scv() const
{
  const double m = mean();
  return m > 0 ? variance() / (m * m) : 0;
}

Distribution Distribution::scaled(double factor) const
{
  Distribution d = *this;
  for (std::size_t i = (kind_ == Kind::erlang ? 1 : 0); i < d.p_.size(); ++i)
    d.p_[i] *= factor;
  return d;
}

std::string Distribution::to_string() const { return format([](double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return std::string(buf);
  });
}

std::string Distribution::to_duration_string() const
{
  if (kind_ == Kind::constant)
    return format_duration(p_[0]);
  return format(format_duration);
}

std::string Distribution::format(std::string (*value)(double)) const
{
  auto name = [&]() -> std::string {
    switch (kind_) {
      case Kind::constant: return "const";
      case Kind::uniform: return "uniform";
      case Kind::triangular: return "triangular";
      case Kind::normal: return "normal";
      case Kind::lognormal: return "lognormal";
      case Kind::exponential: return "exp";
      case Kind::gamma: return "gamma";
      case Kind::erlang: return "erlang";
      case Kind::empirical: return "empirical";
    }
    return "?";
  }();
  std::string out = name + "(";
  for (std::size_t i = 0; i < p_.size(); ++i) {
    if (i > 0)
      out.append(", ");
    // The erlang phase count is a plain number, whatever the unit of the rest.
    if (kind_ == Kind::erlang and i == 0)
      out.append(std::to_string(static_cast<int>(p_[0])));
    else
      out.append(value(p_[i]));
  }
  out.append(")");
  return out;
}

} // namespace greenfab
