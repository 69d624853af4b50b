// Global sensitivity (experiment/Sensitivity): Sobol indices against the Ishigami function's closed-form
// indices, exact shares on a linear function with a balanced design, Morris effects of a function with an
// input that does nothing; and the quantiles the Morris levels are placed on.
#include "core/Distribution.hpp"
#include "core/Quantile.hpp"
#include "core/RandomStream.hpp"
#include "core/Units.hpp"
#include "experiment/Sensitivity.hpp"
#include "io/H5File.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <numbers>
#include <string>
#include <vector>

using namespace greenfab;

namespace {

/** Plain numbers ("uniform(0, 2)"): the count dimension takes a bare number as is. */
Distribution dist(const std::string& text) { return Distribution::parse(text, Dimension::count); }
/** Multipliers as a study writes them ("triangular(50 %, 100 %, 120 %)"). */
Distribution fraction(const std::string& text) { return Distribution::parse(text, Dimension::fraction); }

/** Half-width of a 95 % bootstrap interval expressed as a standard error (normal approximation). */
double standard_error(const IndexEstimate& e) { return (e.high - e.low) / (2 * 1.959963984540054); }

// Ishigami and Homma (1990): f = sin x1 + a sin^2 x2 + b x3^4 sin x1, x_i ~ U(-pi, pi). The model's
// distributions take no negative parameters, so the inputs are U(0, 2 pi) and f shifts them by -pi
// (indices do not change under a shift of an input).
constexpr double ishigami_a = 7, ishigami_b = 0.1;
double ishigami(const DesignPoint& u)
{
  const double pi = std::numbers::pi;
  const double x1 = u[0] - pi, x2 = u[1] - pi, x3 = u[2] - pi;
  return std::sin(x1) + ishigami_a * std::sin(x2) * std::sin(x2) + ishigami_b * std::pow(x3, 4) * std::sin(x1);
}

std::vector<SensitivityInput> ishigami_inputs()
{
  const std::string u = "uniform(0, " + std::to_string(2 * std::numbers::pi) + ")";
  // to_string keeps 6 decimals: the range is 2 pi to 1e-6, which changes the indices by less than 1e-5.
  return {{"x1", dist(u)}, {"x2", dist(u)}, {"x3", dist(u)}};
}

} // namespace

TEST_CASE("Sobol indices of the Ishigami function match the closed forms within 4 standard errors", "[sensitivity]")
{
  // Closed-form partial variances (Saltelli et al. 2008, section 4.8 / Sobol' and Levitan 1999):
  //   V1 = (1 + b pi^4 / 5)^2 / 2, V2 = a^2 / 8, V3 = 0, V13 = b^2 pi^8 (1/18 - 1/50), other terms 0.
  const double pi = std::numbers::pi, a = ishigami_a, b = ishigami_b;
  const double v1 = 0.5 * std::pow(1 + b * std::pow(pi, 4) / 5, 2);
  const double v2 = a * a / 8;
  const double v13 = b * b * std::pow(pi, 8) * (1.0 / 18 - 1.0 / 50);
  const double v = v1 + v2 + v13;
  const double first[3] = {v1 / v, v2 / v, 0};
  const double total[3] = {(v1 + v13) / v, v2 / v, v13 / v};
  REQUIRE(v == Approx(a * a / 8 + b * std::pow(pi, 4) / 5 + b * b * std::pow(pi, 8) / 18 + 0.5).epsilon(1e-14));

  // Each estimator is a mean of N independent terms over the variance: its error is about sd(term) /
  // sqrt(N), which the bootstrap over rows measures. With N = 8192 that standard error must be below 0.015
  // (Saltelli et al. 2010 report errors of this order at a few thousand rows; checked here, so a broken
  // estimator cannot hide behind a wide interval), and every estimate within 4 of them of the exact value
  // (a false alarm about 1 in 16 000 per index).
  const std::size_t n = 8192;
  const SobolResult r = sobol_analyse(ishigami_inputs(), ishigami, n, 2024);
  REQUIRE(r.evaluations == n * 5);
  REQUIRE(r.variance == Approx(v).epsilon(0.05));
  for (std::size_t i = 0; i < 3; ++i) {
    INFO("x" << i + 1 << ": S = " << r.indices[i].first.value << " [" << r.indices[i].first.low << ", "
              << r.indices[i].first.high << "] exact " << first[i] << "; ST = " << r.indices[i].total.value << " ["
              << r.indices[i].total.low << ", " << r.indices[i].total.high << "] exact " << total[i]);
    const double se_first = standard_error(r.indices[i].first), se_total = standard_error(r.indices[i].total);
    CHECK(se_first > 0);
    CHECK(se_first < 0.015);
    CHECK(se_total < 0.015);
    CHECK(std::abs(r.indices[i].first.value - first[i]) <= 4 * se_first);
    CHECK(std::abs(r.indices[i].total.value - total[i]) <= 4 * se_total);
    CHECK(r.indices[i].first.low <= r.indices[i].first.value);
    CHECK(r.indices[i].first.value <= r.indices[i].first.high);
  }
  // The ranking a reader takes away: x2 and x1 matter alone, x3 only through its interaction with x1.
  CHECK(r.indices[2].total.low > 0.1);
  CHECK(std::abs(r.indices[2].first.value) < 0.05);
}

TEST_CASE("on a linear function and a balanced design the estimators give the squared-coefficient shares exactly",
          "[sensitivity]")
{
  // f = 1 x1 + 2 x2 + 3 x3 with x_i = +-1. A and B together run through all 2^6 sign combinations, so every
  // sample moment the estimators use equals its expectation: V = 1 + 4 + 9, and (1/N) sum f_B (f_ABi - f_A)
  // = (1/2N) sum (f_A - f_ABi)^2 = c_i^2 exactly. Both indices are c_i^2 / sum c^2.
  const double c[3] = {1, 2, 3};
  SobolDesign d;
  d.n      = 64;
  d.inputs = {"x1", "x2", "x3"};
  for (int row = 0; row < 64; ++row) {
    DesignPoint pa, pb;
    for (int i = 0; i < 3; ++i) {
      pa.push_back((row >> i) & 1 ? 1.0 : -1.0);
      pb.push_back((row >> (i + 3)) & 1 ? 1.0 : -1.0);
    }
    d.a.push_back(pa);
    d.b.push_back(pb);
  }
  std::vector<double> y;
  for (const auto& p : d.points())
    y.push_back(c[0] * p[0] + c[1] * p[1] + c[2] * p[2]);
  REQUIRE(y.size() == 64 * 5);
  const SobolResult r = sobol_indices(d, y);
  REQUIRE(r.variance == 14);
  REQUIRE(r.mean == 0);
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(r.indices[i].first.value == c[i] * c[i] / 14);
    CHECK(r.indices[i].total.value == c[i] * c[i] / 14);
  }
}

TEST_CASE("on a linear function of random inputs the indices are the variance shares c_i^2 Var x_i / Var f",
          "[sensitivity]")
{
  // Var of uniform(a, b) = (b - a)^2 / 12: the shares are 1^2 x 1 : 2^2 x 1/4 ... with ranges 1, 3, 2.
  const std::vector<SensitivityInput> in = {{"x1", dist("uniform(0, 1)")}, {"x2", dist("uniform(1, 4)")},
                                            {"x3", dist("uniform(2, 4)")}};
  const double c[3] = {4, 1, -2}, range[3] = {1, 3, 2};
  double total_var = 0, var[3];
  for (int i = 0; i < 3; ++i)
    total_var += var[i] = c[i] * c[i] * range[i] * range[i] / 12;
  // The output sits far from 0 (a constant 1000 added): centring keeps the estimator's error small.
  const auto f = [&](const DesignPoint& x) { return 1000 + c[0] * x[0] + c[1] * x[1] + c[2] * x[2]; };
  const SobolResult r = sobol_analyse(in, f, 4096, 7);
  for (std::size_t i = 0; i < 3; ++i) {
    INFO("x" << i + 1 << ": S " << r.indices[i].first.value << " ST " << r.indices[i].total.value << " exact "
              << var[i] / total_var);
    CHECK(standard_error(r.indices[i].first) < 0.02);
    CHECK(std::abs(r.indices[i].first.value - var[i] / total_var) <= 4 * standard_error(r.indices[i].first));
    CHECK(std::abs(r.indices[i].total.value - var[i] / total_var) <= 4 * standard_error(r.indices[i].total));
  }
}

TEST_CASE("Sobol designs are deterministic, draw each input from its own stream, and A is the study's samples",
          "[sensitivity]")
{
  const std::vector<SensitivityInput> two = {{"p", fraction("triangular(50 %, 100 %, 120 %)")},
                                             {"q", fraction("uniform(70 %, 150 %)")}};
  const std::vector<SensitivityInput> three = {two[0], {"new", dist("uniform(0, 1)")}, two[1]};
  const SobolDesign d2 = sobol_design(two, 8, 5), again = sobol_design(two, 8, 5), d3 = sobol_design(three, 8, 5);
  REQUIRE(d2.a == again.a);
  REQUIRE(d2.b == again.b);
  for (std::size_t j = 0; j < 8; ++j) {
    CHECK(d3.a[j][0] == d2.a[j][0]); // adding an input leaves the others' draws alone
    CHECK(d3.a[j][2] == d2.a[j][1]);
    CHECK(d3.b[j][2] == d2.b[j][1]);
    // Row j of A is what a pathway replication j draws (PathwayLoader's draw_uncertainty).
    RandomStream rng(5, j, "q", "uncertainty");
    CHECK(d2.a[j][1] == two[1].dist.sample(rng));
    CHECK(d2.a[j][1] != d2.b[j][1]);
  }
  const auto points = d2.points();
  REQUIRE(points.size() == 8 * 4);
  CHECK(points[16 + 3] == DesignPoint{d2.b[3][0], d2.a[3][1]}); // A_B^(0), row 3
  CHECK(points[24 + 3] == DesignPoint{d2.a[3][0], d2.b[3][1]}); // A_B^(1), row 3
  CHECK_THROWS_AS(sobol_indices(d2, std::vector<double>(31, 1.0)), std::invalid_argument);
  const SobolResult flat = sobol_indices(d2, std::vector<double>(32, 1.0));
  CHECK(flat.indices[0].first.value == 0);
  CHECK(flat.indices[1].total.value == 0);
}

TEST_CASE("Morris: an input without effect has mu* = 0 exactly; linear inputs have mu* = |c| x range, sigma 0",
          "[sensitivity]")
{
  const std::vector<SensitivityInput> in = {{"a", dist("uniform(0, 2)")}, {"b", dist("uniform(1, 2)")},
                                            {"idle", dist("triangular(0, 1, 3)")}};
  const auto linear = [](const DesignPoint& x) { return 3 * x[0] - 5 * x[1]; }; // "idle" does nothing
  const MorrisResult r = morris_analyse(in, linear, 20, 11);
  REQUIRE(r.evaluations == 20 * 4);
  // A step of half the levels moves a uniform input by half its range; EE = c x step / (1/2) = c x range.
  CHECK(r.effects[0].mu_star.value == Approx(6).epsilon(1e-12));
  CHECK(r.effects[0].mu == Approx(6).epsilon(1e-12));
  CHECK(r.effects[0].sigma == Approx(0).margin(1e-9));
  CHECK(r.effects[1].mu_star.value == Approx(5).epsilon(1e-12));
  CHECK(r.effects[1].mu == Approx(-5).epsilon(1e-12));
  CHECK(r.effects[2].mu_star.value == 0);
  CHECK(r.effects[2].mu_star.high == 0);
  CHECK(r.effects[2].sigma == 0);

  // An interaction: a x b gives "a" effects that depend on b (sigma > 0); "idle" still exactly 0.
  const auto product = [](const DesignPoint& x) { return x[0] * x[1]; };
  const MorrisResult p = morris_analyse(in, product, 20, 11);
  CHECK(p.effects[0].sigma > 0);
  CHECK(p.effects[2].mu_star.value == 0);
  CHECK(p.effects[2].sigma == 0);
  CHECK(p.effects[0].mu_star.low <= p.effects[0].mu_star.value);
  CHECK(p.effects[0].mu_star.value <= p.effects[0].mu_star.high);
}

TEST_CASE("Morris trajectories move each input once by half the levels, on the inputs' quantiles", "[sensitivity]")
{
  const std::vector<SensitivityInput> in = {{"u", dist("uniform(0, 8)")}, {"e", Distribution::exponential(2)},
                                            {"t", dist("triangular(0, 1, 3)")}};
  const MorrisDesign d = morris_design(in, 5, 3, 4);
  REQUIRE(d.points.size() == 5 * 4);
  for (std::size_t t = 0; t < d.trajectories(); ++t) {
    std::vector<int> moved(3, 0);
    for (std::size_t s = 0; s < 3; ++s) {
      const auto& before = d.points[t * 4 + s];
      const auto& after  = d.points[t * 4 + s + 1];
      const auto i = static_cast<std::size_t>(d.order[t][s]);
      ++moved[i];
      for (std::size_t other = 0; other < 3; ++other)
        if (other != i)
          CHECK(after[other] == before[other]);
      // uniform(0, 8), 4 levels at probabilities 1/8, 3/8, 5/8, 7/8: values 1, 3, 5, 7, a step of +-4.
      if (i == 0)
        CHECK(after[0] - before[0] == 8 * d.delta[t][s]);
    }
    CHECK(moved == std::vector<int>{1, 1, 1});
    CHECK((d.points[t * 4][0] == 1 or d.points[t * 4][0] == 3 or d.points[t * 4][0] == 5 or d.points[t * 4][0] == 7));
  }
  CHECK_THROWS_AS(morris_design(in, 5, 3, 3), std::invalid_argument);
}

TEST_CASE("quantiles invert the samplers' distribution functions", "[sensitivity]")
{
  CHECK(quantile(dist("uniform(2, 6)"), 0.25) == 3);
  CHECK(quantile(Distribution::exponential(2), 0.5) == Approx(2 * std::log(2.0)).epsilon(1e-14));
  // triangular(0, 1, 3): F(x) = x^2 / 3 on [0, 1], so the 1/12 quantile is 0.5.
  CHECK(quantile(dist("triangular(0, 1, 3)"), 1.0 / 12) == Approx(0.5).epsilon(1e-14));
  CHECK(quantile(dist("empirical(4, 1, 3, 2)"), 0.5) == 2);
  CHECK(quantile(dist("empirical(4, 1, 3, 2)"), 0.51) == 3);
  CHECK_THROWS_AS(quantile(dist("uniform(0, 1)"), 0.0), std::domain_error);
  // Every kind: the share of 20 000 draws at or below the p-quantile is p within 4 binomial sd.
  for (const std::string text : {"normal(1, 0.8)", "lognormal(2, 1)", "gamma(3, 1.5)", "erlang(3, 6)",
                                 "triangular(1, 2, 5)", "exp(3)", "normal(0.2, 1)"}) {
    const Distribution d = dist(text);
    for (double p : {0.1, 0.5, 0.9}) {
      const double q = quantile(d, p);
      RandomStream rng(1, 0, text, "quantile test");
      int below = 0;
      const int n = 20000;
      for (int k = 0; k < n; ++k)
        below += d.sample(rng) <= q ? 1 : 0;
      INFO(text << " p = " << p << " q = " << q);
      CHECK(std::abs(below / double(n) - p) < 4 * std::sqrt(p * (1 - p) / n));
    }
  }
}

TEST_CASE("a /sensitivity table carries each method's figures by column name and writes as a dataframe",
          "[sensitivity]")
{
  const std::vector<SensitivityInput> in = {{"a", dist("uniform(0, 2)")}, {"b", dist("uniform(1, 2)")}};
  const auto f = [](const DesignPoint& x) { return 3 * x[0] + x[1]; };
  const SobolResult sobol   = sobol_analyse(in, f, 64, 1, {100, 1, 0.95});
  const MorrisResult morris = morris_analyse(in, f, 4, 1, 4, {100, 1, 0.95});
  Table t = sensitivity_table("deep_cut", "emissions_change_target_year", sobol);
  t.append(sensitivity_table("deep_cut", "net_present_cost", morris));
  REQUIRE(t.rows() == 4);
  CHECK(t.find_text("method")->values == std::vector<std::string>{"sobol", "sobol", "morris", "morris"});
  CHECK(t.find_text("input")->values == std::vector<std::string>{"a", "b", "a", "b"});
  CHECK(t.find_text("output")->values[2] == "net_present_cost");
  CHECK(t.find("total")->values[0] == sobol.indices[0].total.value);
  CHECK(t.find("first_order_high")->values[1] == sobol.indices[1].first.high);
  CHECK(std::isnan(t.find("mu_star")->values[0]));
  CHECK(t.find("mu_star")->values[2] == morris.effects[0].mu_star.value);
  CHECK(t.find("sigma")->values[3] == morris.effects[1].sigma);
  CHECK(std::isnan(t.find("total")->values[3]));
  CHECK(t.find("evaluations")->values[0] == 64 * 4);
  CHECK(t.find("evaluations")->values[2] == 4 * 3);
  CHECK(t.find("total")->unit == "1");
  const auto path = std::filesystem::temp_directory_path() / "greenfab_sensitivity_table.h5";
  {
    h5::File file = h5::create_file(path.string());
    REQUIRE_NOTHROW(h5::write_table(file.get(), "sensitivity", t));
  }
  std::filesystem::remove(path);
}
