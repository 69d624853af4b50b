// Grid emission-factor zones, measured hourly CSV years and the energy-carrier table.
#include "core/Errors.hpp"
#include "energy/Carriers.hpp"
#include "energy/GridFactors.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <string>
#include <unistd.h>

using namespace greenfab;
namespace fs = std::filesystem;

namespace {

const std::string data_dir = std::string(GREENFAB_SOURCE_DIR) + "/models/data";
constexpr double g_per_kWh = 1e-3 / 3.6e6; // kg/J

double mean(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size()); }

/** A scratch directory of its own per test process (tests run in parallel under ctest). */
fs::path scratch()
{
  const fs::path dir = fs::temp_directory_path() / ("greenfab_grid_test_" + std::to_string(::getpid()));
  fs::create_directories(dir / "grid");
  return dir;
}

/** Removes the scratch directory at the end of a test case. */
struct Cleanup {
  fs::path dir;
  ~Cleanup()
  {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

std::string write(const fs::path& file, const std::string& text)
{
  std::ofstream(file) << text;
  return file.string();
}

/** The message of the ModelError that `f` throws ("" if none). */
template <class F>
std::string error_of(F f)
{
  try {
    f();
  } catch (const ModelError& e) {
    return e.what();
  }
  return "";
}

const std::string good_zone = R"yaml(zone: TEST
source: "test figure"
annual_mean: 100 g/kWh
year: 2023
monthly:
  source: "test"
  values: [2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
hourly:
  source: "test"
  weekday: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
  weekend: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
trajectory:
  assumption: "test: 100 (2023), 60 (2030), 20 (2040)"
  points:
    - {year: 2030, mean: 60 g/kWh}
    - {year: 2040, mean: 20 g/kWh}
)yaml";

} // namespace

TEST_CASE("every shipped zone: the hourly profile's time-weighted mean equals the annual mean", "[grid]")
{
  for (const char* zone : {"SE1", "SE2", "SE3", "SE4", "DK1", "DK2", "DE", "EU"}) {
    CAPTURE(zone);
    const GridFactors g = GridFactors::load(zone, data_dir);
    CHECK(g.zone() == zone);
    CHECK(not g.source().empty());
    for (int year : {2023, 2024, 2025, 2028, 2031, 2040, 2050}) { // 2024 and 2028 are leap years
      CAPTURE(year);
      const auto profile = g.year_profile_kg_per_J(year);
      REQUIRE(profile.size() == (year % 4 == 0 ? 8784u : 8760u));
      CHECK(mean(profile) == Approx(g.annual_mean_kg_per_J(year)).epsilon(1e-9));
      CHECK(*std::min_element(profile.begin(), profile.end()) >= 0);
    }
    // The base year's mean is the published figure.
    CHECK(g.annual_mean_kg_per_J(g.base_year()) == Approx(g.base_annual_mean_kg_per_J()).epsilon(1e-12));
  }
  CHECK(GridFactors::load("DK1", data_dir).annual_mean_kg_per_J(2023) == Approx(96 * g_per_kWh).epsilon(1e-12));
  CHECK(GridFactors::load("SE3", data_dir).annual_mean_kg_per_J(2023) == Approx(40.7 * g_per_kWh).epsilon(1e-12));
  CHECK(GridFactors::load("DE", data_dir).annual_mean_kg_per_J(2023) == Approx(381 * g_per_kWh).epsilon(1e-12));
  CHECK(GridFactors::load("EU", data_dir).annual_mean_kg_per_J(2024) == Approx(233 * g_per_kWh).epsilon(1e-12));
}

TEST_CASE("factor_kg_per_J agrees with the year profile hour by hour", "[grid]")
{
  const GridFactors g = GridFactors::load("DE", data_dir);
  for (int year : {2024, 2027}) {
    const auto profile = g.year_profile_kg_per_J(year);
    // 2024-01-01 was a Monday, 2027-01-01 a Friday; hour 4000 of 2024 is 15 June (Saturday) 16:00.
    CHECK(profile[0] == Approx(g.factor_kg_per_J(year, 1, year == 2024 ? 0 : 4, 0)).epsilon(1e-12));
  }
  const auto p2024 = g.year_profile_kg_per_J(2024);
  CHECK(p2024[4000] == Approx(g.factor_kg_per_J(2024, 6, 5, 16)).epsilon(1e-12));
  CHECK_THROWS_AS(g.factor_kg_per_J(2024, 13, 0, 0), std::out_of_range);
}

TEST_CASE("trajectory: linear between points, flat beyond the ends; shapes follow it", "[grid]")
{
  const fs::path dir = scratch();
  const Cleanup cleanup{dir};
  const GridFactors g = GridFactors::load(write(dir / "grid" / "TEST.yaml", good_zone), dir.string());
  CHECK(g.zone() == "TEST");
  CHECK(g.annual_mean_kg_per_J(2023) == Approx(100 * g_per_kWh));
  CHECK(g.annual_mean_kg_per_J(2026) == Approx((100 - 3 * 40.0 / 7) * g_per_kWh)); // 82.857 g/kWh
  CHECK(g.annual_mean_kg_per_J(2030) == Approx(60 * g_per_kWh));
  CHECK(g.annual_mean_kg_per_J(2035) == Approx(40 * g_per_kWh));
  CHECK(g.annual_mean_kg_per_J(2050) == Approx(20 * g_per_kWh));
  CHECK(g.annual_mean_kg_per_J(2000) == Approx(100 * g_per_kWh));

  // Hand-computed normaliser for 2023 (not leap, 1 Jan a Sunday): January weighs 2, others 1; a weekday has
  // one hour of weight 3 (day sum 26), a weekend day sum is 24. 2023 has 105 weekend days, 9 of them in
  // January (5 Sundays, 4 Saturdays). Sum = 2*(22*26 + 9*24) + (238*26 + 96*24) = 1576 + 8492 = 10068.
  const double norm = 10068.0 / 8760.0;
  CHECK(g.factor_kg_per_J(2023, 1, 0, 12) == Approx(100 * g_per_kWh * 2 * 3 / norm).epsilon(1e-12));
  CHECK(g.factor_kg_per_J(2023, 7, 6, 12) == Approx(100 * g_per_kWh * 1 / norm).epsilon(1e-12));
  // A later year scales the same shape by trajectory / base mean.
  CHECK(g.factor_kg_per_J(2030, 7, 6, 12) / g.annual_mean_kg_per_J(2030) ==
        Approx(g.factor_kg_per_J(2030, 7, 6, 3) / g.annual_mean_kg_per_J(2030)).epsilon(1e-12));
}

TEST_CASE("measured hourly CSV: read, scaled, and its errors name file and line", "[grid]")
{
  const fs::path dir = scratch();
  const Cleanup cleanup{dir};
  // 2023: 8760 rows, hour h has (h % 24) g/kWh -> mean 11.5 g/kWh; a time column is ignored; ';' separated.
  std::string csv = "time;g_per_kWh\n";
  for (int h = 0; h < 8760; ++h)
    csv.append("t").append(std::to_string(h)).append(";").append(std::to_string(h % 24)).append("\n"); // not a + chain: GCC 12 -Wrestrict
  const std::string file = write(dir / "X_2023.csv", csv);
  const GridFactors g    = GridFactors::load_csv(file, 2023, "X");
  CHECK(g.annual_mean_kg_per_J(2023) == Approx(11.5 * g_per_kWh));
  const auto p = g.year_profile_kg_per_J(2023);
  REQUIRE(p.size() == 8760);
  CHECK(p[5] == Approx(5 * g_per_kWh));
  CHECK(g.factor_kg_per_J(2023, 3, 2, 7) == Approx(7 * g_per_kWh));
  const auto leap = g.year_profile_kg_per_J(2024); // 29 February repeats 28 February
  REQUIRE(leap.size() == 8784);
  CHECK(mean(leap) == Approx(11.5 * g_per_kWh).epsilon(1e-12));
  // load() takes the year from the file name.
  CHECK(GridFactors::load(file, data_dir).base_year() == 2023);

  // A zone file may use a measured year and still carry a trajectory.
  const std::string zone = write(dir / "grid" / "M.yaml", "source: \"measured test\"\nmeasured: {file: ../X_2023.csv, year: 2023}\n"
                                                          "trajectory:\n  assumption: \"test\"\n  points:\n    - {year: 2033, mean: 5.75 g/kWh}\n");
  const GridFactors m = GridFactors::load(zone, data_dir);
  CHECK(m.annual_mean_kg_per_J(2028) == Approx((11.5 + 5.75) / 2 * g_per_kWh));
  CHECK(mean(m.year_profile_kg_per_J(2028)) == Approx((11.5 + 5.75) / 2 * g_per_kWh).epsilon(1e-12));

  CHECK_THAT(error_of([&] { GridFactors::load_csv(file, 2024); }),
             Catch::Contains("X_2023.csv:8761: error: expected 8784 hourly rows for 2024 (a leap year), got 8760"));
  std::string bad = "g_per_kWh\n1\n-2\n";
  CHECK_THAT(error_of([&] { GridFactors::load_csv(write(dir / "neg.csv", bad), 2023); }),
             Catch::Contains("neg.csv:3: error: column 1: an emission factor cannot be negative, got -2"));
  CHECK_THAT(error_of([&] { GridFactors::load_csv(write(dir / "word.csv", "kg_per_kWh\n0.1\nabc\n"), 2023); }),
             Catch::Contains("word.csv:3: error: column 1: expected a number, got 'abc'"));
  CHECK_THAT(error_of([&] { GridFactors::load_csv(write(dir / "hdr.csv", "time,gCO2\n1,2\n"), 2023); }),
             Catch::Contains("hdr.csv:1: error: the header line must name a column 'g_per_kWh' or 'kg_per_kWh'"));
}

TEST_CASE("bad zone files: errors name file, line and key", "[grid]")
{
  const fs::path dir = scratch();
  const Cleanup cleanup{dir};
  auto bad           = [&](const std::string& from, const std::string& to) {
    std::string text = good_zone;
    REQUIRE(text.find(from) != std::string::npos);
    text.replace(text.find(from), from.size(), to);
    const std::string file = write(dir / "grid" / "BAD.yaml", text);
    return error_of([&] { GridFactors::load(file, data_dir); });
  };
  // Missing month: the list is on line 8.
  CHECK_THAT(bad("[2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]", "[2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]"),
             Catch::Contains("BAD.yaml:7:11: error: monthly.values: expected a list of 12 monthly multipliers") and
                 Catch::Contains("got 11 values"));
  CHECK_THAT(bad("[2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]", "[2, 1, 1, -1, 1, 1, 1, 1, 1, 1, 1, 1]"),
             Catch::Contains("BAD.yaml:7:") and Catch::Contains("monthly.values[3]: a multiplier must be >= 0"));
  CHECK_THAT(bad("annual_mean: 100 g/kWh", "annual_mean: 100 g/kW"),
             Catch::Contains("BAD.yaml:3:14: error: annual_mean:") and Catch::Contains("emission factor"));
  CHECK_THAT(bad("annual_mean: 100 g/kWh", "annual_mean: -5 g/kWh"), Catch::Contains("BAD.yaml:3:14: error: annual_mean: must be > 0"));
  CHECK_THAT(bad("    - {year: 2040, mean: 20 g/kWh}", "    - {year: 2029, mean: 20 g/kWh}"),
             Catch::Contains("BAD.yaml:16:") and Catch::Contains("trajectory.points[1].year: points must be in increasing year order"));
  CHECK_THAT(bad("  assumption: \"test: 100 (2023), 60 (2030), 20 (2040)\"\n", ""),
             Catch::Contains("BAD.yaml:13:") and Catch::Contains("trajectory: missing required key 'assumption'"));
  CHECK_THAT(bad("hourly:", "hourley:"), Catch::Contains("BAD.yaml:8:1: error: hourley: unknown key 'hourley' (did you mean 'hourly'?)"));
  CHECK_THAT(bad("  weekday: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 3,", "  weekday: [1, 1, 1, 1, 1, x, 1, 1, 1, 1, 1, 1, 3,"),
             Catch::Contains("BAD.yaml:10:") and Catch::Contains("hourly.weekday[5]: expected a plain number"));

  // Unknown zone: did-you-mean and the list of shipped zones.
  const std::string unknown = error_of([&] { GridFactors::load("DK3", data_dir); });
  CHECK_THAT(unknown, Catch::Contains("grid_zone: unknown grid zone 'DK3' (did you mean 'DK1'?)") and
                          Catch::Contains("DE, DK1, DK2, EU, SE1, SE2, SE3 and SE4"));
  CHECK_THAT(error_of([&] { GridFactors::load("se3", data_dir); }), Catch::Contains("(did you mean 'SE3'?)"));
}

TEST_CASE("carriers: per-litre factors converted with the stated heating values", "[grid]")
{
  const CarrierTable t = CarrierTable::load(data_dir + "/carriers.yaml");
  constexpr double kWh = 3.6e6;
  // Diesel: 2.51 kg/l / (42.84 MJ/kg x 0.832361 kg/l = 35.659 MJ/l = 9.9053 kWh/l) = 0.25340 kg/kWh.
  const Carrier& diesel = t.at("diesel");
  CHECK(diesel.scope1_kg_per_J * kWh == Approx(2.51 / (42.84 * 0.832361 / 3.6)).epsilon(1e-9));
  CHECK(diesel.scope1_kg_per_J * kWh == Approx(0.25340).epsilon(1e-4));
  // Well-to-wheel 95.1 g/MJ is split as combustion + upstream.
  CHECK((diesel.scope1_kg_per_J + diesel.upstream_kg_per_J) * 1e6 == Approx(95.1e-3).epsilon(1e-9));
  // LPG: 1.555 kg/l / (45.94 MJ/kg x 0.529749 kg/l / 3.6) = 0.23002 kg/kWh.
  CHECK(t.at("lpg").scope1_kg_per_J * kWh == Approx(1.555 / (45.94 * 0.529749 / 3.6)).epsilon(1e-9));
  CHECK(t.at("natural_gas").scope1_kg_per_J * kWh == Approx(0.203).epsilon(1e-12));
  CHECK(t.at("hvo").upstream_kg_per_J * 1e6 == Approx(16.4e-3).epsilon(1e-12));
  CHECK(t.at("electricity").scope1_kg_per_J == 0);
  CHECK(t.at("district_heating").scope2_kg_per_J * kWh == Approx(t.district_heating_network("Stockholm") * kWh));
  CHECK(t.district_heating_network("Umeå") * kWh == Approx(0.051));
  CHECK(t.at("electricity").price_per_J * kWh == Approx(0.20));
  CHECK(t.at("electricity").currency == "EUR");
  CHECK(t.residual_mix_kg_per_J("SE") * kWh == Approx(0.03895));
  CHECK(t.contract_kg_per_J("guarantees_of_origin") == 0);

  CHECK_THAT(error_of([&] { (void)t.at("disel"); }), Catch::Contains("unknown energy carrier 'disel' (did you mean 'diesel'?)"));

  CarrierTable o = t;
  CarrierOverride change;
  change.scope1_kg_per_J = 0.3 / kWh;
  change.price_per_J     = 1.5 / kWh;
  change.currency        = "SEK";
  o.override_carrier("diesel", change);
  CHECK(o.at("diesel").scope1_kg_per_J * kWh == Approx(0.3));
  CHECK(o.at("diesel").upstream_kg_per_J == diesel.upstream_kg_per_J);
  CHECK(o.at("diesel").currency == "SEK");
}

TEST_CASE("bad carrier files: errors name file, line and key", "[grid]")
{
  const fs::path dir = scratch();
  const Cleanup cleanup{dir};
  const std::string text = R"(carriers:
  diesel:
    scope1: 2.51 kg/l
    upstream: 95.1 g/MJ
    price: 1.8 EUR/l
    source: "x"
)";
  const std::string msg = error_of([&] { CarrierTable::load(write(dir / "c.yaml", text)); });
  CHECK_THAT(msg, Catch::Contains("c.yaml:3:13: error: carriers.diesel.scope1: a per-volume figure ('2.51 kg/l') needs 'lower_heating_value'"));
  std::string bad_unit = "carriers:\n  gas:\n    scope1: 0.2 kg/kW\n    price: 0.06 EUR/kWh\n    source: x\n";
  CHECK_THAT(error_of([&] { CarrierTable::load(write(dir / "d.yaml", bad_unit)); }),
             Catch::Contains("d.yaml:3:13: error: carriers.gas.scope1:"));
}
