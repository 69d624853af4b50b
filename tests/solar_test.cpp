// Sun position, monthly GHI calibration, PV yield against published figures, temperature profile, and
// climate-file errors (method: docs/energy-supply.md).
#include "core/Errors.hpp"
#include "energy/Climate.hpp"
#include "energy/Solar.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

using namespace greenfab;

namespace {

const std::string climate_dir = std::string(GREENFAB_SOURCE_DIR) + "/models/data/climate/";

/** The formatted diagnostics of a ModelError thrown by `f`, or "" when none is thrown. */
template <class F>
std::string error_text(F f)
{
  try {
    f();
  } catch (const ModelError& e) {
    std::string out;
    for (const auto& d : e.diagnostics())
      out += d.format() + "\n";
    return out.empty() ? e.what() : out;
  }
  return "";
}

std::string write_temp(const std::string& name, const std::string& text)
{
  const auto path = std::filesystem::temp_directory_path() / name;
  std::ofstream(path) << text;
  return path.string();
}

double monthly_sum_kWh_m2(const Climate& c, int year, int month)
{
  double sum = 0;
  for (int h = first_hour_of_month(year, month); h < first_hour_of_month(year, month + 1); ++h)
    sum += c.ghi_W_m2(year, h);
  return sum * 3600.0 / 3.6e6;
}

const std::string good_file = R"(name: Test
site: {latitude: 59.33 deg, longitude: 18.07 deg, utc_offset: 1 h, source: test}
ghi_monthly:
  values: [10 kWh/m2, 25 kWh/m2, 63 kWh/m2, 112 kWh/m2, 165 kWh/m2, 178 kWh/m2,
           165 kWh/m2, 120 kWh/m2, 72 kWh/m2, 37 kWh/m2, 14 kWh/m2, 8 kWh/m2]
  source: test
temperature_monthly:
  values: [-3 C, -3 C, 0 C, 5 C, 11 C, 16 C, 17.5 C, 16.5 C, 12 C, 7.5 C, 3 C, -1 C]
  source: test
diurnal_amplitude: {value: 3 K, source: test}
)";

} // namespace

TEST_CASE("sun position matches NOAA's solar calculator within 0.05 deg", "[solar]")
{
  // Expected values: NOAA Global Monitoring Laboratory solar calculator equations (the spreadsheet's
  // Meeus-based series), evaluated independently; geometric elevation without refraction.
  struct Case {
    Site site;
    int year;
    double hours, elevation, azimuth, declination, eot_min;
  };
  const Case cases[] = {
      {{59.3293, 18.0686, 1}, 2025, 4116.0, 54.062, 184.070, 23.438, -1.866},  // Stockholm, Jun 21 12:00
      {{63.8258, 20.2630, 1}, 2025, 8508.0, 2.620, 185.251, -23.438, 1.821},   // Umeå, Dec 21 12:00
      {{55.6761, 12.5683, 1}, 2024, 1905.5, 24.953, 132.722, 0.089, -7.334},   // Copenhagen, Mar 20 09:30 (leap)
      {{59.3293, 18.0686, 1}, 2025, 6903.0, 10.490, 232.025, -8.745, 14.318},  // Stockholm, Oct 15 15:00
  };
  for (const auto& c : cases) {
    const SunPosition s = sun_position(c.site, c.year, c.hours);
    CAPTURE(c.site.latitude_deg, c.hours);
    CHECK(s.elevation_deg == Approx(c.elevation).margin(0.05));
    CHECK(s.azimuth_deg == Approx(c.azimuth).margin(0.05));
    CHECK(s.declination_deg == Approx(c.declination).margin(0.02));
    CHECK(s.equation_of_time_min == Approx(c.eot_min).margin(0.05));
  }
}

TEST_CASE("the sun is below the horizon at midnight in winter and highest near solar noon", "[solar]")
{
  const Site stockholm{59.33, 18.07, 1};
  CHECK(sun_position(stockholm, 2025, 24.0 * 10).elevation_deg < -30);
  // Solar noon in Stockholm is near 11:50 CET in June: 11:00 and 12:40 are both lower than 11:50.
  const double noon = sun_position(stockholm, 2025, 4116.0 - 0.17).elevation_deg;
  CHECK(noon > sun_position(stockholm, 2025, 4116.0 - 1.0).elevation_deg);
  CHECK(noon > sun_position(stockholm, 2025, 4116.0 + 0.67).elevation_deg);
}

TEST_CASE("monthly sums of modelled GHI equal the site's monthly data", "[solar]")
{
  for (const char* site : {"umea", "stockholm", "copenhagen", "aarhus"}) {
    const Climate c = load_climate(climate_dir + site + ".yaml");
    for (int year : {2025, 2024}) {
      for (int m = 0; m < 12; ++m) {
        CAPTURE(site, year, m);
        const double data = c.data().ghi_monthly_J_m2[static_cast<std::size_t>(m)] / 3.6e6;
        CHECK(monthly_sum_kWh_m2(c, year, m) == Approx(data).epsilon(0.005));
      }
    }
  }
}

TEST_CASE("annual PV yield is within 10 % of the published reference yield", "[solar]")
{
  for (const char* site : {"umea", "stockholm", "copenhagen"}) {
    const Climate c = load_climate(climate_dir + site + ".yaml");
    REQUIRE(c.data().reference_yield.has_value());
    const ReferenceYield& ref = *c.data().reference_yield;
    PvArraySpec array{1000.0, ref.tilt_deg, ref.azimuth_deg};
    array.losses = ref.losses;
    const PvModel pv(c, array);
    const double kWh_per_kWp   = pv.annual_energy_J(2025) / 3.6e6;
    const double reference     = ref.J_per_Wp * 1000.0 / 3.6e6;
    CAPTURE(site, kWh_per_kWp, reference);
    CHECK(kWh_per_kWp == Approx(reference).epsilon(0.10));
  }
}

TEST_CASE("PV power is zero at night and never above the peak power", "[solar]")
{
  const Climate c = load_climate(climate_dir + "stockholm.yaml");
  const PvModel pv(c, {100e3, 35, 180});
  for (int year : {2025, 2024}) {
    double max_power = 0;
    for (int h = 0; h < hours_in_year(year); ++h) {
      const double p = pv.power_W(year, h);
      REQUIRE(p >= 0);
      max_power = std::max(max_power, p);
      if (c.clear_sky_ghi_W_m2(year, h) == 0)
        REQUIRE(p == 0);
    }
    CHECK(max_power < 100e3);
    CHECK(max_power > 40e3); // a clear June noon on a 35 deg array gives most of the peak
  }
  CHECK(pv.power_W(2025, 0) == 0);       // Jan 1 00:00-01:00
  CHECK(pv.power_W(2025, 4116 - 12) == 0); // Jun 21 00:00-01:00: the sun is below the horizon in Stockholm
}

TEST_CASE("the sunrise hour gets only its sunlit part", "[solar]")
{
  const Climate c = load_climate(climate_dir + "stockholm.yaml");
  // Dec 21 in Stockholm: sunrise about 08:45 CET, so 08:00-09:00 is partly lit and 07:00-08:00 is dark.
  const int dec21 = first_hour_of_month(2025, 11) + 20 * 24;
  CHECK(c.ghi_W_m2(2025, dec21 + 7) == 0);
  CHECK(c.ghi_W_m2(2025, dec21 + 8) > 0);
  CHECK(c.ghi_W_m2(2025, dec21 + 8) < c.ghi_W_m2(2025, dec21 + 11));
}

TEST_CASE("each month's mean of the hourly temperature equals the data", "[solar]")
{
  for (const char* site : {"umea", "stockholm", "copenhagen", "aarhus"}) {
    const Climate c = load_climate(climate_dir + site + ".yaml");
    for (int year : {2025, 2024}) {
      for (int m = 0; m < 12; ++m) {
        const int a = first_hour_of_month(year, m), b = first_hour_of_month(year, m + 1);
        double sum = 0;
        for (int h = a; h < b; ++h)
          sum += c.temperature_C(year, h);
        CAPTURE(site, year, m);
        CHECK(sum / (b - a) == Approx(c.data().temperature_monthly_C[static_cast<std::size_t>(m)]).margin(0.1));
      }
    }
  }
}

TEST_CASE("the temperature is coldest before dawn, warmest mid-afternoon, and has no jumps", "[solar]")
{
  const Climate c = load_climate(climate_dir + "stockholm.yaml");
  const int jul15 = first_hour_of_month(2025, 6) + 14 * 24;
  CHECK(c.temperature_C(2025, jul15 + 4) < c.temperature_C(2025, jul15 + 10));
  CHECK(c.temperature_C(2025, jul15 + 14) > c.temperature_C(2025, jul15 + 10));
  CHECK(c.temperature_C(2025, jul15 + 14) - c.temperature_C(2025, jul15 + 4) ==
        Approx(2 * c.data().diurnal_amplitude_K[6]).margin(0.5));
  for (int h = 1; h < hours_in_year(2025); ++h)
    REQUIRE(std::abs(c.temperature_C(2025, h) - c.temperature_C(2025, h - 1)) < 2.5);
}

TEST_CASE("leap years have 8784 hours and reject hour 8784 in a common year", "[solar]")
{
  const Climate c = load_climate_text(good_file, "inline.yaml");
  CHECK(hours_in_year(2024) == 8784);
  CHECK(hours_in_year(2025) == 8760);
  CHECK(hours_in_year(2100) == 8760);
  CHECK_NOTHROW(c.temperature_C(2024, 8783));
  CHECK_THROWS_AS(c.temperature_C(2025, 8760), std::out_of_range);
  CHECK(month_of_hour(2024, first_hour_of_month(2024, 2)) == 2);
}

TEST_CASE("a climate can be built from values without a file", "[solar]")
{
  ClimateData d;
  d.name = "inline";
  d.site = {55.68, 12.57, 1};
  d.ghi_monthly_J_m2.fill(80 * 3.6e6);
  d.temperature_monthly_C.fill(8.0);
  d.diurnal_amplitude_K.fill(3.0);
  const Climate c(d);
  CHECK(monthly_sum_kWh_m2(c, 2025, 5) == Approx(80).epsilon(0.005));
  d.site.latitude_deg = 95;
  CHECK_THAT(error_text([&] { Climate bad(d); }), Catch::Contains("latitude"));
}

TEST_CASE("climates built once per process still follow every input that shapes their profiles", "[solar]")
{
  // The profiles are shared between equal climates; a changed input must never get another's profiles.
  ClimateData base;
  base.name = "shared";
  base.site = {63.83, 20.26, 1};
  for (std::size_t m = 0; m < 12; ++m) {
    base.ghi_monthly_J_m2[m]      = (20.0 + 10.0 * static_cast<double>(m % 6)) * 3.6e6;
    base.temperature_monthly_C[m] = -5.0 + 2.0 * static_cast<double>(m);
    base.diurnal_amplitude_K[m]   = 3.0;
  }
  auto profile = [](const Climate& c) {
    std::vector<double> v;
    for (int h = 0; h < hours_in_year(2025); h += 7)
      v.push_back(c.temperature_C(2025, h) + 1e3 * c.ghi_W_m2(2025, h) + 1e6 * c.clear_sky_ghi_W_m2(2025, h));
    return v;
  };
  const std::vector<double> reference = profile(Climate(base));
  CHECK(profile(Climate(base)) == reference); // equal data, equal profiles (from the shared copy)
  std::vector<std::pair<std::string, ClimateData>> changed(6, {"", base});
  changed[0].first = "latitude", changed[0].second.site.latitude_deg += 0.5;
  changed[1].first = "longitude", changed[1].second.site.longitude_deg += 0.5;
  changed[2].first = "UTC offset", changed[2].second.site.utc_offset_h += 1;
  changed[3].first = "July GHI", changed[3].second.ghi_monthly_J_m2[6] *= 1.1;
  changed[4].first = "July temperature", changed[4].second.temperature_monthly_C[6] += 1;
  changed[5].first = "July amplitude", changed[5].second.diurnal_amplitude_K[6] += 1;
  for (const auto& [what, data] : changed) {
    INFO(what);
    CHECK(profile(Climate(data)) != reference);
  }
}

TEST_CASE("bad climate files give errors naming file, line and key", "[solar]")
{
  SECTION("missing key")
  {
    std::string text = good_file;
    text.replace(text.find("temperature_monthly:"), std::string("temperature_monthly:").size(), "temperatures:");
    const std::string e = error_text([&] { load_climate_text(text, "bad.yaml"); });
    CHECK_THAT(e, Catch::Contains("bad.yaml:"));
    CHECK_THAT(e, Catch::Contains("temperature_monthly"));
  }
  SECTION("wrong unit")
  {
    std::string text = good_file;
    text.replace(text.find("25 kWh/m2"), 9, "25 kW");
    const std::string e = error_text([&] { load_climate_text(text, "bad.yaml"); });
    CHECK_THAT(e, Catch::Contains("bad.yaml:4:"));
    CHECK_THAT(e, Catch::Contains("ghi_monthly.values[2]"));
    CHECK_THAT(e, Catch::Contains("kWh/m2"));
  }
  SECTION("eleven months")
  {
    std::string text = good_file;
    text.replace(text.find(", -1 C]"), 7, "]");
    const std::string e = error_text([&] { load_climate_text(text, "bad.yaml"); });
    CHECK_THAT(e, Catch::Contains("bad.yaml:8:"));
    CHECK_THAT(e, Catch::Contains("temperature_monthly.values"));
    CHECK_THAT(e, Catch::Contains("expected 12 monthly values (January to December), got 11"));
  }
  SECTION("temperature in kelvin as an amplitude is a difference, not an absolute temperature")
  {
    CHECK(load_climate_text(good_file, "ok.yaml").data().diurnal_amplitude_K[0] == 3.0);
  }
  SECTION("missing file")
  {
    CHECK_THAT(error_text([] { load_climate(climate_dir + "atlantis.yaml"); }), Catch::Contains("cannot read file"));
  }
}

TEST_CASE("an hourly CSV replaces the synthetic temperature and GHI", "[solar]")
{
  std::string csv = "time,temperature_C,ghi_W_m2\n";
  for (int h = 0; h < 8760; ++h)
    csv += std::to_string(h) + "," + std::to_string(h % 24 == 12 ? 20.0 : 5.0) + "," +
           std::to_string(h % 24 == 12 ? 300.0 : 0.0) + "\n";
  const std::string path = write_temp("greenfab_solar_hourly.csv", csv);
  Climate c = load_climate_text(good_file, "inline.yaml");
  c.use_hourly(read_hourly_csv(path));
  CHECK(c.temperature_C(2025, 12) == 20.0);
  CHECK(c.temperature_C(2025, 13) == 5.0);
  CHECK(c.ghi_W_m2(2025, 4116) == 300.0);
  // A 365-day file serves a leap year: Feb 29 repeats Feb 28, Dec 31 is the file's last day.
  CHECK(c.temperature_C(2024, 8783) == 5.0);
  CHECK(c.temperature_C(2024, 8784 - 12) == 20.0);
}

TEST_CASE("a bad hourly CSV names file, line and column", "[solar]")
{
  SECTION("no temperature column")
  {
    const std::string path = write_temp("greenfab_solar_bad1.csv", "time,temp\n0,1\n");
    const std::string e = error_text([&] { read_hourly_csv(path); });
    CHECK_THAT(e, Catch::Contains("greenfab_solar_bad1.csv:1:"));
    CHECK_THAT(e, Catch::Contains("temperature_C"));
  }
  SECTION("a value that is not a number, and too few rows")
  {
    std::string csv = "temperature_C\n";
    for (int h = 0; h < 100; ++h)
      csv += h == 41 ? "warm\n" : "4.5\n";
    const std::string path = write_temp("greenfab_solar_bad2.csv", csv);
    CHECK_THAT(error_text([&] { read_hourly_csv(path); }),
               Catch::Contains("greenfab_solar_bad2.csv:43:1: error: temperature_C: expected a number, got 'warm'"));
  }
  SECTION("wrong number of rows")
  {
    std::string csv = "temperature_C\n";
    for (int h = 0; h < 100; ++h)
      csv += "4.5\n";
    const std::string path = write_temp("greenfab_solar_bad3.csv", csv);
    CHECK_THAT(error_text([&] { read_hourly_csv(path); }), Catch::Contains("expected 8760 or 8784 hourly rows"));
  }
}
