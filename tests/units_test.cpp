// Checks that typed quantities parse to the right SI values and that bad ones are refused helpfully.
#include "core/Errors.hpp"
#include "core/Units.hpp"

#include <catch2/catch.hpp>

#include <string>

using greenfab::Dimension;
using greenfab::format_duration;
using greenfab::parse_quantity;
using greenfab::UnitError;

namespace {

struct Case {
  const char* text;
  Dimension dimension;
  double si;
};

/** The message parse_quantity throws for `text`, or "" if it does not throw. */
std::string error_for(const std::string& text, Dimension d)
{
  try {
    parse_quantity(text, d);
  } catch (const UnitError& e) {
    return e.what();
  }
  return "";
}

} // namespace

TEST_CASE("every unit spelling converts to its SI value", "[units]")
{
  // Written out by hand from the definitions, not copied from Units.cpp, so a wrong table entry shows.
  const Case cases[] = {
      {"250 ms", Dimension::time, 0.25},
      {"90 s", Dimension::time, 90},
      {"90 sec", Dimension::time, 90},
      {"1.5 min", Dimension::time, 90},
      {"2 h", Dimension::time, 7200},
      {"2 hr", Dimension::time, 7200},
      {"1 d", Dimension::time, 86400},
      {"1 day", Dimension::time, 86400},
      {"3 days", Dimension::time, 3 * 86400},
      {"1 w", Dimension::time, 7 * 86400},
      {"2 wk", Dimension::time, 14 * 86400},
      {"1 y", Dimension::time, 365 * 86400.0},
      {"1 a", Dimension::time, 365 * 86400.0},
      {"7.5 W", Dimension::power, 7.5},
      {"7.5 kW", Dimension::power, 7500},
      {"1.2 MW", Dimension::power, 1.2e6},
      {"5 J", Dimension::energy, 5},
      {"5 kJ", Dimension::energy, 5e3},
      {"5 MJ", Dimension::energy, 5e6},
      {"5 GJ", Dimension::energy, 5e9},
      {"1 Wh", Dimension::energy, 3600},
      {"12 kWh", Dimension::energy, 12 * 3.6e6},
      {"2 MWh", Dimension::energy, 7.2e9},
      {"1 GWh", Dimension::energy, 3.6e12},
      {"500 g", Dimension::mass, 0.5},
      {"2.5 kg", Dimension::mass, 2.5},
      {"3 t", Dimension::mass, 3000},
      {"40 mm", Dimension::distance, 0.04},
      {"12 m", Dimension::distance, 12},
      {"120 km", Dimension::distance, 120000},
      {"2 %", Dimension::fraction, 0.02},
      {"0.5 m3/s", Dimension::volume_flow, 0.5},
      {"1.2 m3/min", Dimension::volume_flow, 0.02},
      {"36 m3/h", Dimension::volume_flow, 0.01},
      {"4 l/s", Dimension::volume_flow, 0.004},
      {"60 l/min", Dimension::volume_flow, 0.001},
      {"2 m3", Dimension::volume, 2},
      {"2.5 l", Dimension::volume, 0.0025},
      {"2.5 L", Dimension::volume, 0.0025},
      {"250 ml", Dimension::volume, 0.00025},
      {"63.8 deg", Dimension::angle, 63.8},
      {"35 °", Dimension::angle, 35},
      {"20 C", Dimension::temperature, 20},
      {"-5.5 degC", Dimension::temperature, -5.5},
      {"21 °C", Dimension::temperature, 21},
      {"293.15 K", Dimension::temperature, 20},
      {"34 g/kWh", Dimension::emission_intensity, 34e-3 / 3.6e6},
      {"0.183 kg/kWh", Dimension::emission_intensity, 0.183 / 3.6e6},
      {"183 kg/MWh", Dimension::emission_intensity, 0.183 / 3.6e6},
      {"0.183 t/MWh", Dimension::emission_intensity, 0.183 / 3.6e6},
      {"95.1 g/MJ", Dimension::emission_intensity, 95.1e-9},
      {"95.1 kg/GJ", Dimension::emission_intensity, 95.1e-9},
      {"12 kW/K", Dimension::heat_loss, 12000},
      {"800 W/K", Dimension::heat_loss, 800},
      {"6 kW/(m3/min)", Dimension::specific_energy, 6000.0 * 60},
      {"0.1 kWh/m3", Dimension::specific_energy, 360000},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    CHECK(parse_quantity(c.text, c.dimension) == Approx(c.si).epsilon(1e-14));
  }
}

TEST_CASE("numbers may use decimals, exponents and a sign", "[units]")
{
  CHECK(parse_quantity("1e3 s", Dimension::time) == 1000);
  CHECK(parse_quantity("1.5e-3 h", Dimension::time) == Approx(5.4));
  CHECK(parse_quantity(".5 h", Dimension::time) == 1800);
  CHECK(parse_quantity("0 W", Dimension::power) == 0);
  CHECK(parse_quantity("-3 kWh", Dimension::energy) == Approx(-1.08e7)); // range checks belong to the caller
}

TEST_CASE("whitespace around and between number and unit is optional", "[units]")
{
  for (const char* text : {"90s", "90 s", "90   s", "  90 s  ", "90\ts", "\t90 s\n", " 1.5min", "1.5 min "}) {
    INFO("'" << text << "'");
    CHECK(parse_quantity(text, Dimension::time) == 90);
  }
}

TEST_CASE("percent converts to a fraction with or without a space", "[units]")
{
  CHECK(parse_quantity("2 %", Dimension::fraction) == Approx(0.02));
  CHECK(parse_quantity("2%", Dimension::fraction) == Approx(0.02));
  CHECK(parse_quantity("100 %", Dimension::fraction) == 1);
  CHECK(parse_quantity("1.5 %", Dimension::fraction) == Approx(0.015));
}

TEST_CASE("a bare number is refused with a message asking for a unit and giving an example", "[units]")
{
  CHECK_THROWS_AS(parse_quantity("90", Dimension::time), UnitError);
  const std::string msg = error_for("90", Dimension::time);
  CHECK_THAT(msg, Catch::Contains("'90' has no unit"));
  CHECK_THAT(msg, Catch::Contains("a duration such as '90 s'"));
  CHECK_THAT(msg, Catch::Contains("ms, s, sec, min, h"));
  // A fraction is no exception: "0.5" could be 0.5 or 0.5 %, so it is refused too.
  CHECK_THAT(error_for("0.5", Dimension::fraction), Catch::Contains("a percentage such as '2 %'"));
}

TEST_CASE("an unknown unit is named in the error together with the units that are accepted", "[units]")
{
  const std::string msg = error_for("12 parsecs", Dimension::distance);
  CHECK_THAT(msg, Catch::Contains("unknown unit 'parsecs'"));
  CHECK_THAT(msg, Catch::Contains("'12 parsecs'"));
  CHECK_THAT(msg, Catch::Contains("mm, m, km"));
  // Unit symbols are case-sensitive, so a milli/mega slip is refused rather than guessed.
  CHECK_THROWS_AS(parse_quantity("5 mw", Dimension::power), UnitError);
  CHECK_THROWS_AS(parse_quantity("5 KW", Dimension::power), UnitError);
  CHECK_THROWS_AS(parse_quantity("90 S", Dimension::time), UnitError);
}

TEST_CASE("a unit of the wrong dimension is refused with what was expected", "[units]")
{
  const std::string msg = error_for("7.5 kW", Dimension::time);
  CHECK_THAT(msg, Catch::Contains("unknown unit 'kW'"));
  CHECK_THAT(msg, Catch::Contains("expected a duration"));
  CHECK_THAT(error_for("90 s", Dimension::power), Catch::Contains("expected a power such as '7.5 kW'"));
  CHECK_THAT(error_for("12 kW", Dimension::energy), Catch::Contains("expected an energy such as '12 kWh'"));
  CHECK_THAT(error_for("3 m", Dimension::time), Catch::Contains("unknown unit 'm'"));
  CHECK_THAT(error_for("3 min", Dimension::distance), Catch::Contains("a distance"));
  CHECK_THAT(error_for("2 kg", Dimension::volume_flow), Catch::Contains("a volume flow"));
  CHECK_THAT(error_for("2 kW", Dimension::mass), Catch::Contains("a mass"));
  CHECK_THAT(error_for("2 s", Dimension::fraction), Catch::Contains("a percentage"));
}

TEST_CASE("text that is not a number, or not finite, is refused", "[units]")
{
  CHECK_THAT(error_for("ninety s", Dimension::time), Catch::Contains("'ninety s' is not a duration"));
  CHECK_THAT(error_for("", Dimension::time), Catch::Contains("is not a duration"));
  CHECK_THAT(error_for("   ", Dimension::time), Catch::Contains("is not a duration"));
  CHECK_THAT(error_for("s", Dimension::time), Catch::Contains("is not a duration"));
  CHECK_THAT(error_for("inf s", Dimension::time), Catch::Contains("not a finite number"));
  CHECK_THAT(error_for("nan s", Dimension::time), Catch::Contains("not a finite number"));
  CHECK_THROWS_AS(parse_quantity("1 2 s", Dimension::time), UnitError);
}

TEST_CASE("describe names every dimension with an example and its units", "[units]")
{
  CHECK_THAT(greenfab::describe(Dimension::time), Catch::Contains("'1.5 h'") && Catch::Contains("days"));
  CHECK_THAT(greenfab::describe(Dimension::energy), Catch::Contains("kWh"));
  CHECK_THAT(greenfab::describe(Dimension::volume_flow), Catch::Contains("l/min"));
}

TEST_CASE("temperatures in kelvin convert to celsius and cannot go below absolute zero", "[units]")
{
  CHECK(parse_quantity("0 K", Dimension::temperature) == Approx(-273.15));
  CHECK_THAT(error_for("-1 K", Dimension::temperature), Catch::Contains("below absolute zero"));
  CHECK_THAT(error_for("20 F", Dimension::temperature), Catch::Contains("a temperature such as '20 C'"));
}

TEST_CASE("prices carry their currency and convert the 'per' unit to SI", "[units]")
{
  using greenfab::parse_price;
  const auto kwh = parse_price("0.12 EUR/kWh", Dimension::energy);
  CHECK(kwh.currency == "EUR");
  CHECK(kwh.per_si == Approx(0.12 / 3.6e6).epsilon(1e-14));
  CHECK(parse_price("85 SEK/MWh", Dimension::energy).per_si == Approx(85 / 3.6e9).epsilon(1e-14));
  CHECK(parse_price("3 DKK/m3", Dimension::volume).per_si == Approx(3));
  CHECK(parse_price("3 DKK/l", Dimension::volume).per_si == Approx(3000));
  CHECK(parse_price("2 EUR/kg", Dimension::mass).per_si == Approx(2));
  CHECK(parse_price("150 kEUR", std::nullopt).per_si == Approx(150e3));
  CHECK(parse_price("2.5 MSEK", std::nullopt).currency == "SEK");
  CHECK(parse_price("2.5 MSEK", std::nullopt).per_si == Approx(2.5e6));
  const auto message = [](const char* text, std::optional<Dimension> per) -> std::string {
    try {
      parse_price(text, per);
    } catch (const UnitError& e) {
      return e.what();
    }
    return "";
  };
  CHECK_THAT(message("0.12 /kWh", Dimension::energy), Catch::Contains("no currency code"));
  CHECK_THAT(message("0.12 eur/kWh", Dimension::energy), Catch::Contains("no currency code"));
  CHECK_THAT(message("0.12 EUR", Dimension::energy), Catch::Contains("a price such as '0.12 EUR/kWh'"));
  CHECK_THAT(message("0.12 EUR/kW", Dimension::energy), Catch::Contains("unknown unit 'kW'"));
  CHECK_THAT(message("lots EUR", std::nullopt), Catch::Contains("an amount of money"));
}

TEST_CASE("format_duration picks s, min, h or d so people can read it", "[units]")
{
  CHECK(format_duration(90) == "90 s");
  CHECK(format_duration(119) == "119 s");
  CHECK(format_duration(750) == "12.5 min");
  CHECK(format_duration(3.2 * 3600) == "3.2 h");
  CHECK(format_duration(4.1 * 86400) == "4.1 d");
  CHECK(format_duration(-90) == "-90 s");
}

TEST_CASE("a quantity whose SI value overflows a double is refused", "[units]")
{
  CHECK_THROWS_WITH(parse_quantity("1e308 y", Dimension::time), Catch::Contains("too large"));
  CHECK_THROWS_WITH(parse_quantity("1e305 GWh", Dimension::energy), Catch::Contains("too large"));
  CHECK(parse_quantity("1e300 y", Dimension::time) == 365 * 86400.0 * 1e300);
}


TEST_CASE("memory sizes take decimal and binary prefixes and need a unit", "[units]")
{
  CHECK(parse_quantity("4 GB", Dimension::memory) == 4e9);
  CHECK(parse_quantity("512 MiB", Dimension::memory) == 512.0 * 1024 * 1024);
  CHECK(parse_quantity("64MB", Dimension::memory) == 64e6);
  CHECK(parse_quantity("1 TiB", Dimension::memory) == 1099511627776.0);
  CHECK_THAT(error_for("4000", Dimension::memory), Catch::Contains("has no unit: expected an amount of memory"));
  CHECK_THAT(error_for("4 gb", Dimension::memory), Catch::Contains("unknown unit 'gb'"));
}
