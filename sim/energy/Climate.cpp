// Hourly temperature and GHI profiles from monthly normals; climate files (YAML) and hourly CSV files.
#include "energy/Climate.hpp"
#include "model/DataDocuments.hpp"
#include "core/DataDir.hpp"
#include "core/Errors.hpp"
#include "core/TextFile.hpp"
#include "core/Text.hpp"
#include "core/Units.hpp"
#include "model/YamlChecker.hpp"
#include "model/YamlValue.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <numbers>
#include <sstream>
#include <stdexcept>
#include <tuple>
#include <utility>

namespace greenfab {
namespace {

constexpr double pi = std::numbers::pi;
constexpr double J_per_kWh = 3.6e6;

/** Daily wave with mean zero over a day: minimum -1 at 05:00, maximum +1 at 15:00 (a half cosine rising
 *  over 10 h, another falling over 14 h). `h` is the hour of the day, 0..24. */
double diurnal_shape(double h)
{
  const double x = std::fmod(h - 5.0 + 24.0, 24.0); // hours since the minimum
  return x <= 10.0 ? -std::cos(pi * x / 10.0) : std::cos(pi * (x - 10.0) / 14.0);
}

/** Mid-month position, in hours since Jan 1 00:00, of month m (may be < 0 or > the year for wrap-around). */
double mid_month_hour(int year, int m)
{
  const int y = hours_in_year(year);
  if (m < 0)
    return mid_month_hour(year, m + 12) - y;
  if (m > 11)
    return mid_month_hour(year, m - 12) + y;
  return 0.5 * (first_hour_of_month(year, m) + first_hour_of_month(year, m + 1));
}

/** Mid-month knot times for months -1..12 (December before, January after), hours since Jan 1 00:00. */
std::array<double, 14> knot_times(int year)
{
  std::array<double, 14> t{};
  for (int m = -1; m <= 12; ++m)
    t[static_cast<std::size_t>(m + 1)] = mid_month_hour(year, m);
  return t;
}

/** Value at hour t of the cyclic piecewise-linear curve through the mid-month knots. */
double knot_curve(const std::array<double, 14>& times, const std::array<double, 12>& knots, double t)
{
  std::size_t i = 1; // times[i] is the first knot after t
  while (i < 13 and times[i] <= t)
    ++i;
  const double v0 = knots[(i + 10) % 12], v1 = knots[(i + 11) % 12];
  return v0 + (v1 - v0) * (t - times[i - 1]) / (times[i] - times[i - 1]);
}

std::array<double, 12> monthly_means(int year, const std::vector<double>& hourly)
{
  std::array<double, 12> out{};
  for (int m = 0; m < 12; ++m) {
    const int a = first_hour_of_month(year, m), b = first_hour_of_month(year, m + 1);
    double sum = 0;
    for (int h = a; h < b; ++h)
      sum += hourly[static_cast<std::size_t>(h)];
    out[static_cast<std::size_t>(m)] = sum / (b - a);
  }
  return out;
}

void validate(const ClimateData& d)
{
  std::vector<Diagnostic> problems;
  auto check = [&](bool ok, const std::string& key, const std::string& message) {
    if (not ok)
      problems.push_back({d.name, 0, 0, key, message});
  };
  check(std::abs(d.site.latitude_deg) <= 90, "latitude", "must be within -90..90 deg");
  check(std::abs(d.site.longitude_deg) <= 180, "longitude", "must be within -180..180 deg");
  check(std::abs(d.site.utc_offset_h) <= 14, "utc_offset", "must be within -14..14 h");
  for (std::size_t m = 0; m < 12; ++m) {
    std::string i = "[";  // appended piecewise: GCC 12 warns falsely (-Wrestrict) on chained operator+
    i.append(std::to_string(m + 1)).append("]");
    check(std::isfinite(d.ghi_monthly_J_m2[m]) and d.ghi_monthly_J_m2[m] >= 0, "ghi_monthly" + i,
          "monthly irradiation must be >= 0 kWh/m2");
    check(std::isfinite(d.temperature_monthly_C[m]) and d.temperature_monthly_C[m] > -80 and
              d.temperature_monthly_C[m] < 60,
          "temperature_monthly" + i, "monthly mean temperature must be within -80..60 C");
    check(std::isfinite(d.diurnal_amplitude_K[m]) and d.diurnal_amplitude_K[m] >= 0 and d.diurnal_amplitude_K[m] < 30,
          "diurnal_amplitude" + i, "diurnal amplitude must be within 0..30 K");
  }
  if (not problems.empty())
    throw ModelError(std::move(problems));
}

} // namespace

Climate::Climate(ClimateData data) : data_(std::move(data))
{
  validate(data_);
  std::tie(common_, leap_) = shared_profiles(data_);
}

std::pair<std::shared_ptr<const Climate::Profiles>, std::shared_ptr<const Climate::Profiles>>
Climate::shared_profiles(const ClimateData& data)
{
  // The key is the exact bits of every input build() reads, so a hit returns what build() would compute.
  std::string key;
  auto add = [&key](double x) { key.append(reinterpret_cast<const char*>(&x), sizeof x); };
  add(data.site.latitude_deg);
  add(data.site.longitude_deg);
  add(data.site.utc_offset_h);
  for (const auto* months : {&data.ghi_monthly_J_m2, &data.temperature_monthly_C, &data.diurnal_amplitude_K})
    for (double x : *months)
      add(x);
  struct Entry {
    std::string key;
    std::shared_ptr<const Profiles> common, leap;
  };
  static std::mutex mutex;
  static std::deque<Entry> cache; // a few climates per process at most; the oldest are dropped past 16
  const std::lock_guard lock(mutex);
  for (const Entry& e : cache)
    if (e.key == key)
      return {e.common, e.leap};
  Entry e{key, std::make_shared<const Profiles>(build(data, 2001)), std::make_shared<const Profiles>(build(data, 2004))};
  if (cache.size() == 16)
    cache.pop_front();
  cache.push_back(e);
  return {e.common, e.leap};
}

Climate::Profiles Climate::build(const ClimateData& data, int year)
{
  const int n = hours_in_year(year);
  const auto size = static_cast<std::size_t>(n);
  Profiles p;

  // Clear sky averaged over each hour with the same sub-steps PvModel uses, so that its sub-step
  // irradiance averages back to exactly this hour's GHI.
  p.clear_sky_W_m2.assign(size, 0.0);
  std::vector<double> extraterrestrial(size, 0.0); // on a horizontal surface, mean over the hour
  for (int h = 0; h < n; ++h) {
    double sum = 0, sum0 = 0;
    for (int k = 0; k < PvModel::substeps; ++k) {
      const double t       = h + (k + 0.5) / PvModel::substeps;
      const double cos_z   = sun_position(data.site, year, t).cos_zenith;
      sum += haurwitz_clear_sky_W_m2(cos_z);
      sum0 += extraterrestrial_normal_W_m2(year, t) * std::max(cos_z, 0.0);
    }
    p.clear_sky_W_m2[static_cast<std::size_t>(h)] = sum / PvModel::substeps;
    extraterrestrial[static_cast<std::size_t>(h)] = sum0 / PvModel::substeps;
  }
  // Monthly clearness index and the Erbs monthly-average diffuse fraction (sunset hour angle of mid-month).
  const std::array<double, 12> h0_mean = monthly_means(year, extraterrestrial);
  for (int m = 0; m < 12; ++m) {
    const auto i          = static_cast<std::size_t>(m);
    const int days        = (first_hour_of_month(year, m + 1) - first_hour_of_month(year, m)) / 24;
    const double h0_J_m2  = h0_mean[i] * days * 24 * 3600.0;
    const double kt       = h0_J_m2 > 0 ? data.ghi_monthly_J_m2[i] / h0_J_m2 : 0.0;
    const double mid_noon = first_hour_of_month(year, m) + 24.0 * (days / 2) + 12.0;
    const double decl     = sun_position(data.site, year, mid_noon).declination_deg * pi / 180.0;
    const double x        = -std::tan(data.site.latitude_deg * pi / 180.0) * std::tan(decl);
    const double sunset   = std::acos(std::clamp(x, -1.0, 1.0)) * 180.0 / pi;
    p.diffuse_fraction[i] = erbs_monthly_diffuse_fraction(kt, sunset);
  }
  // Monthly clearness scaling: the month's modelled sum equals the data.
  p.ghi_W_m2.assign(size, 0.0);
  const std::array<double, 12> clear_mean = monthly_means(year, p.clear_sky_W_m2);
  for (int m = 0; m < 12; ++m) {
    const int a = first_hour_of_month(year, m), b = first_hour_of_month(year, m + 1);
    const double clear_J_m2 = clear_mean[static_cast<std::size_t>(m)] * (b - a) * 3600.0;
    const double scale      = clear_J_m2 > 0 ? data.ghi_monthly_J_m2[static_cast<std::size_t>(m)] / clear_J_m2 : 0.0;
    for (int h = a; h < b; ++h)
      p.ghi_W_m2[static_cast<std::size_t>(h)] = scale * p.clear_sky_W_m2[static_cast<std::size_t>(h)];
  }

  // Temperature: solve the knot values so each month's mean of the linear curve is the data. The month
  // mean is about 3/4 of its own knot plus 1/8 of each neighbour's, so this fixed-point iteration contracts.
  std::vector<double> base(size);
  std::array<double, 12> knots = data.temperature_monthly_C;
  const std::array<double, 14> times = knot_times(year);
  for (int iteration = 0; iteration < 60; ++iteration) {
    for (int h = 0; h < n; ++h)
      base[static_cast<std::size_t>(h)] = knot_curve(times, knots, h + 0.5);
    const std::array<double, 12> got = monthly_means(year, base);
    double worst = 0;
    for (std::size_t m = 0; m < 12; ++m) {
      const double miss = data.temperature_monthly_C[m] - got[m];
      knots[m] += miss;
      worst = std::max(worst, std::abs(miss));
    }
    if (worst < 1e-9)
      break;
  }
  p.temperature_C.assign(size, 0.0);
  for (int h = 0; h < n; ++h) {
    const auto i = static_cast<std::size_t>(h);
    const double amplitude = data.diurnal_amplitude_K[static_cast<std::size_t>(month_of_hour(year, h))];
    p.temperature_C[i] = knot_curve(times, knots, h + 0.5) + amplitude * diurnal_shape(std::fmod(h, 24) + 0.5);
  }
  // The wave sampled at hour midpoints averages to zero only approximately: remove the remainder per month.
  const std::array<double, 12> got = monthly_means(year, p.temperature_C);
  for (int h = 0; h < n; ++h) {
    const auto m = static_cast<std::size_t>(month_of_hour(year, h));
    p.temperature_C[static_cast<std::size_t>(h)] += data.temperature_monthly_C[m] - got[m];
  }
  return p;
}

void Climate::use_hourly(HourlyWeather weather)
{
  if (weather.temperature_C.size() != 8760 and weather.temperature_C.size() != 8784)
    throw ModelError(std::vector<Diagnostic>{{weather.file, 0, 0, "temperature_C",
                                              "expected 8760 or 8784 hourly values, got " +
                                                  std::to_string(weather.temperature_C.size())}});
  if (not weather.ghi_W_m2.empty() and weather.ghi_W_m2.size() != weather.temperature_C.size())
    throw ModelError(std::vector<Diagnostic>{{weather.file, 0, 0, "ghi_W_m2",
                                              "expected as many GHI values as temperatures"}});
  hourly_ = std::make_shared<const HourlyWeather>(std::move(weather));
}

std::size_t Climate::file_index(int year, int hour_of_year) const
{
  const bool file_leap = hourly_->temperature_C.size() == 8784;
  const int feb29      = first_hour_of_month(2004, 1) + 28 * 24; // first hour of Feb 29 in a leap year
  int h                = hour_of_year;
  if (is_leap_year(year) and not file_leap and h >= feb29)
    h -= 24; // Feb 29 repeats Feb 28, and every later day shifts back by one
  else if (not is_leap_year(year) and file_leap and h >= feb29)
    h += 24;
  return static_cast<std::size_t>(h);
}

double Climate::temperature_C(int year, int hour_of_year) const
{
  if (hour_of_year < 0 or hour_of_year >= hours_in_year(year))
    throw std::out_of_range("hour " + std::to_string(hour_of_year) + " is outside year " + std::to_string(year));
  if (hourly_)
    return hourly_->temperature_C[file_index(year, hour_of_year)];
  return profiles(year).temperature_C[static_cast<std::size_t>(hour_of_year)];
}

double Climate::ghi_W_m2(int year, int hour_of_year) const
{
  if (hour_of_year < 0 or hour_of_year >= hours_in_year(year))
    throw std::out_of_range("hour " + std::to_string(hour_of_year) + " is outside year " + std::to_string(year));
  if (has_hourly_ghi())
    return hourly_->ghi_W_m2[file_index(year, hour_of_year)];
  return profiles(year).ghi_W_m2[static_cast<std::size_t>(hour_of_year)];
}

double Climate::diffuse_fraction(int year, int hour_of_year) const
{
  if (has_hourly_ghi())
    return -1.0;
  return profiles(year).diffuse_fraction[static_cast<std::size_t>(month_of_hour(year, hour_of_year))];
}

double Climate::clear_sky_ghi_W_m2(int year, int hour_of_year) const
{
  if (hour_of_year < 0 or hour_of_year >= hours_in_year(year))
    throw std::out_of_range("hour " + std::to_string(hour_of_year) + " is outside year " + std::to_string(year));
  return profiles(year).clear_sky_W_m2[static_cast<std::size_t>(hour_of_year)];
}

// ---------------------------------------------------------------------------------------------------------
// Climate files

namespace {

const Names top_keys{"name", "site", "ghi_monthly", "temperature_monthly", "diurnal_amplitude", "reference_yield",
                     "hourly_file"};
const Names site_keys{"latitude", "longitude", "utc_offset", "source"};
const Names monthly_keys{"values", "source"};
const Names amplitude_keys{"values", "value", "source"};
const Names yield_keys{"value", "tilt", "azimuth", "losses", "source"};

/** "<number> <energy unit>/<area or power unit>", e.g. "10.3 kWh/m2" or "986 kWh/kWp": the energy in J and
 *  the unit after the slash. */
std::optional<std::pair<double, std::string>> split_ratio(const std::string& text)
{
  const auto slash = text.rfind('/');
  if (slash == std::string::npos)
    return std::nullopt;
  try {
    return std::pair{parse_quantity(text.substr(0, slash), Dimension::energy),
                     std::string(trim(std::string_view(text).substr(slash + 1)))};
  } catch (const UnitError&) {
    return std::nullopt;
  }
}

class ClimateReader : public YamlChecker {
public:
  explicit ClimateReader(std::vector<Diagnostic>& diagnostics) : YamlChecker(diagnostics) {}
  ClimateData read(const YamlValue& root, std::optional<std::string>& hourly_file);

private:
  std::optional<double> irradiation(const YamlValue& v, const std::string& path);
  std::optional<double> yield(const YamlValue& v, const std::string& path);
  std::optional<double> temperature_difference(const YamlValue& v, const std::string& path);
  /** A map {values: [12 items], source: ...}; `read_one` reads one item. */
  template <class ReadOne>
  bool monthly(const YamlValue& map, const std::string& key, const std::string& what, std::array<double, 12>& out,
               std::string& source, ReadOne read_one, bool allow_single = false);
  std::string source_of(const YamlValue& map, const std::string& path);
};

std::optional<double> ClimateReader::irradiation(const YamlValue& v, const std::string& path)
{
  const std::string expected = "an irradiation such as '45.2 kWh/m2' (an energy per m2)";
  if (v.is_scalar())
    if (auto r = split_ratio(v.scalar); r and (r->second == "m2" or r->second == "m²")) {
      if (r->first >= 0)
        return r->first;
      error(v.where, path, "irradiation must be >= 0, got '" + v.scalar + "'");
      return std::nullopt;
    }
  error(v.where, path, "expected " + expected + ", got " + v.describe());
  return std::nullopt;
}

std::optional<double> ClimateReader::yield(const YamlValue& v, const std::string& path)
{
  if (v.is_scalar())
    if (auto r = split_ratio(v.scalar)) {
      const double per = r->second == "kWp" ? 1e3 : r->second == "Wp" ? 1.0 : r->second == "MWp" ? 1e6 : 0.0;
      if (per > 0 and r->first > 0)
        return r->first / per;
    }
  error(v.where, path, "expected a specific yield such as '950 kWh/kWp' (energy per peak power), got " + v.describe());
  return std::nullopt;
}

std::optional<double> ClimateReader::temperature_difference(const YamlValue& v, const std::string& path)
{
  // A difference, so "K" is not shifted by 273.15: parse the number and accept K or a Celsius unit.
  if (v.is_scalar()) {
    const std::string_view s = trim(v.scalar);
    double value             = 0;
    const auto [ptr, ec]     = std::from_chars(s.data(), s.data() + s.size(), value);
    const std::string_view unit = trim(std::string_view(ptr, static_cast<std::size_t>(s.data() + s.size() - ptr)));
    if (ec == std::errc() and ptr != s.data() and std::isfinite(value) and
        (unit == "K" or unit == "C" or unit == "degC" or unit == "°C")) {
      if (value >= 0)
        return value;
      error(v.where, path, "a temperature amplitude must be >= 0 K, got '" + v.scalar + "'");
      return std::nullopt;
    }
  }
  error(v.where, path, "expected a temperature difference such as '4.5 K', got " + v.describe());
  return std::nullopt;
}

std::string ClimateReader::source_of(const YamlValue& map, const std::string& path)
{
  const YamlValue* s = require(map, "source", path, "where the figures come from, or 'assumption: ...'");
  if (s == nullptr)
    return "";
  auto t = text(*s, join_path(path, "source"), "a citation (publisher, title, year, URL)");
  if (t and trim(*t).empty())
    error(s->where, join_path(path, "source"), "the source must not be empty");
  return t.value_or("");
}

template <class ReadOne>
bool ClimateReader::monthly(const YamlValue& root, const std::string& key, const std::string& what,
                            std::array<double, 12>& out, std::string& source, ReadOne read_one, bool allow_single)
{
  const YamlValue* map = require(root, key, "", what + ": {values: [12 values, January to December], source: ...}");
  if (map == nullptr or not expect_map(*map, key, "a map {values: [...], source: ...}"))
    return false;
  check_keys(*map, key, allow_single ? amplitude_keys : monthly_keys);
  source = source_of(*map, key);
  const YamlValue* one = allow_single ? map->find("value") : nullptr;
  const YamlValue* list = map->find("values");
  if (one != nullptr and list != nullptr) {
    error(one->where, key + ".value", "give either 'value' (every month) or 'values' (12 months), not both");
    return false;
  }
  if (one != nullptr) {
    auto v = read_one(*one, key + ".value");
    if (v)
      out.fill(*v);
    return v.has_value();
  }
  if (list == nullptr) {
    require(*map, "values", key, "12 " + what + " values, January to December");
    return false;
  }
  if (not list->is_sequence() or list->items.size() != 12) {
    const std::string got =
        list->is_sequence() ? std::to_string(list->items.size()) + " values" : list->describe();
    error(list->where, key + ".values", "expected 12 monthly values (January to December), got " + got);
    return false;
  }
  bool ok = true;
  for (std::size_t m = 0; m < 12; ++m) {
    auto v = read_one(list->items[m], key + ".values[" + std::to_string(m + 1) + "]");
    if (v)
      out[m] = *v;
    ok = ok and v.has_value();
  }
  return ok;
}

ClimateData ClimateReader::read(const YamlValue& root, std::optional<std::string>& hourly_file)
{
  ClimateData d;
  if (not expect_map(root, "", "a climate file: a map with name, site, ghi_monthly, temperature_monthly, ..."))
    return d;
  check_keys(root, "", top_keys);
  if (const YamlValue* v = require(root, "name", "", "the site's name"))
    d.name = text(*v, "name", "a name").value_or("");

  if (const YamlValue* s = require(root, "site", "", "{latitude: .. deg, longitude: .. deg, utc_offset: 1 h, source: ..}");
      s != nullptr and expect_map(*s, "site", "a map {latitude, longitude, utc_offset, source}")) {
    check_keys(*s, "site", site_keys);
    if (const YamlValue* v = require(*s, "latitude", "site", "degrees north, e.g. '59.35 deg'"))
      d.site.latitude_deg = quantity(*v, "site.latitude", Dimension::angle).value_or(0);
    if (const YamlValue* v = require(*s, "longitude", "site", "degrees east, e.g. '18.07 deg'"))
      d.site.longitude_deg = quantity(*v, "site.longitude", Dimension::angle).value_or(0);
    if (const YamlValue* v = require(*s, "utc_offset", "site", "offset of local standard time from UTC, e.g. '1 h'"))
      d.site.utc_offset_h = quantity(*v, "site.utc_offset", Dimension::time).value_or(0) / 3600.0;
    d.site_source = source_of(*s, "site");
  }

  monthly(root, "ghi_monthly", "global horizontal irradiation per month", d.ghi_monthly_J_m2, d.ghi_source,
          [&](const YamlValue& v, const std::string& p) { return irradiation(v, p); });
  monthly(root, "temperature_monthly", "mean air temperature per month", d.temperature_monthly_C,
          d.temperature_source,
          [&](const YamlValue& v, const std::string& p) { return quantity(v, p, Dimension::temperature); });
  monthly(root, "diurnal_amplitude", "half the mean daily temperature range", d.diurnal_amplitude_K,
          d.amplitude_source,
          [&](const YamlValue& v, const std::string& p) { return temperature_difference(v, p); }, true);

  if (const YamlValue* r = root.find("reference_yield");
      r != nullptr and expect_map(*r, "reference_yield", "a map {value, tilt, azimuth, losses, source}")) {
    check_keys(*r, "reference_yield", yield_keys);
    ReferenceYield y{0, 0, 180, 0.14, ""};
    if (const YamlValue* v = require(*r, "value", "reference_yield", "annual yield, e.g. '950 kWh/kWp'"))
      y.J_per_Wp = yield(*v, "reference_yield.value").value_or(0);
    if (const YamlValue* v = require(*r, "tilt", "reference_yield", "the array's tilt, e.g. '35 deg'"))
      y.tilt_deg = quantity(*v, "reference_yield.tilt", Dimension::angle).value_or(0);
    if (const YamlValue* v = require(*r, "azimuth", "reference_yield", "the array's azimuth, 180 deg = south"))
      y.azimuth_deg = quantity(*v, "reference_yield.azimuth", Dimension::angle).value_or(180);
    if (const YamlValue* v = r->find("losses"))
      y.losses = quantity(*v, "reference_yield.losses", Dimension::fraction).value_or(0.14);
    y.source = source_of(*r, "reference_yield");
    d.reference_yield = y;
  }
  if (const YamlValue* f = root.find("hourly_file"))
    hourly_file = text(*f, "hourly_file", "a CSV file name relative to this file");
  return d;
}

Climate load(const std::string& text, const std::string& file_name, const std::filesystem::path& base_dir)
{
  std::vector<Diagnostic> diags;
  const auto tree        = parse_data_document(text, file_name, "a climate file", diags);
  const YamlValue& root = *tree;
  ClimateReader reader(diags);
  std::optional<std::string> hourly_file;
  ClimateData data = reader.read(root, hourly_file);
  if (not diags.empty())
    throw_sorted(std::move(diags), file_name);
  Climate climate(std::move(data));
  if (hourly_file) {
    const std::filesystem::path p(*hourly_file);
    climate.use_hourly(read_hourly_csv((p.is_absolute() ? p : base_dir / p).string()));
  }
  return climate;
}

} // namespace

Climate load_climate_text(const std::string& text, const std::string& file_name)
{
  return load(text, file_name, std::filesystem::path(file_name).parent_path());
}

Climate load_climate(const std::string& path_or_name)
{
  std::string path = path_or_name;
  if (path.find('/') == std::string::npos and path.find('.') == std::string::npos)
    path = data_dir() + "/climate/" + path + ".yaml";
  return load(read_text_file(path), path, std::filesystem::path(path).parent_path());
}

// ---------------------------------------------------------------------------------------------------------
// Hourly CSV

HourlyWeather read_hourly_csv(const std::string& path)
{
  const std::string text = read_text_file(path);
  std::vector<Diagnostic> diags;
  auto fail = [&](int line, int column, const std::string& key, const std::string& message) {
    diags.push_back({path, line, column, key, message});
  };
  auto split = [](std::string_view line) {
    std::vector<std::pair<std::string_view, int>> cells; // text and 1-based column
    std::size_t start = 0;
    while (true) {
      const std::size_t comma = line.find(',', start);
      const std::string_view cell = line.substr(start, comma == std::string_view::npos ? line.size() - start : comma - start);
      cells.emplace_back(trim(cell), static_cast<int>(start) + 1);
      if (comma == std::string_view::npos)
        break;
      start = comma + 1;
    }
    return cells;
  };

  HourlyWeather out;
  out.file = path;
  std::istringstream in(text);
  std::string line;
  int line_no = 0;
  long temp_col = -1, ghi_col = -1;
  bool header_seen = false;
  while (std::getline(in, line)) {
    ++line_no;
    if (not line.empty() and line.back() == '\r')
      line.pop_back();
    if (trim(line).empty())
      continue;
    const auto cells = split(line);
    if (not header_seen) {
      header_seen = true;
      for (std::size_t i = 0; i < cells.size(); ++i) {
        if (cells[i].first == "temperature_C")
          temp_col = static_cast<long>(i);
        if (cells[i].first == "ghi_W_m2")
          ghi_col = static_cast<long>(i);
      }
      if (temp_col < 0) {
        fail(line_no, 1, "temperature_C",
             "the header line must name a 'temperature_C' column (and optionally 'ghi_W_m2'), got '" + line + "'");
        throw ModelError(std::move(diags));
      }
      continue;
    }
    auto number = [&](long col, const char* name, double low, double high, std::vector<double>& to) {
      if (static_cast<std::size_t>(col) >= cells.size()) {
        fail(line_no, static_cast<int>(line.size()) + 1, name, "missing value (the row has too few columns)");
        return;
      }
      const auto [cell, column] = cells[static_cast<std::size_t>(col)];
      double v             = 0;
      const auto [ptr, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), v);
      if (ec != std::errc() or ptr != cell.data() + cell.size() or cell.empty() or not std::isfinite(v))
        fail(line_no, column, name, "expected a number, got '" + std::string(cell) + "'");
      else if (v < low or v > high)
        fail(line_no, column, name,
             "value " + std::string(cell) + " is outside " + std::to_string(int(low)) + ".." + std::to_string(int(high)));
      else
        to.push_back(v);
    };
    number(temp_col, "temperature_C", -80, 60, out.temperature_C);
    if (ghi_col >= 0)
      number(ghi_col, "ghi_W_m2", 0, 1500, out.ghi_W_m2);
    if (diags.size() >= 20)
      break;
  }
  if (not header_seen)
    fail(1, 1, "", "the file is empty: expected a header line and 8760 or 8784 hourly rows");
  const std::size_t rows = out.temperature_C.size();
  if (diags.empty() and rows != 8760 and rows != 8784)
    fail(line_no, 1, "", "expected 8760 or 8784 hourly rows (a year from Jan 1 00:00 local standard time), got " +
                             std::to_string(rows));
  if (not diags.empty())
    throw ModelError(std::move(diags));
  return out;
}

} // namespace greenfab
