// Grid zone files (YAML shapes + trajectory) and measured hourly CSV years -> hourly emission factors.
#include "energy/GridFactors.hpp"
#include "model/DataDocuments.hpp"
#include "core/Errors.hpp"
#include "core/TextFile.hpp"
#include "core/Units.hpp"
#include "energy/DataFile.hpp"
#include "model/Suggest.hpp"
#include "model/YamlChecker.hpp"
#include "model/YamlValue.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numeric>
#include <sstream>

namespace greenfab {
namespace {

const Names top_keys{"zone", "source", "basis", "annual_mean", "year", "monthly", "hourly", "trajectory", "measured"};
const Names monthly_keys{"source", "values"};
const Names hourly_keys{"source", "weekday", "weekend"};
const Names trajectory_keys{"assumption", "points"};
const Names point_keys{"year", "mean"};
const Names measured_keys{"file", "year"};
constexpr int first_year = 1900, last_year = 2200; // a typo guard, not a physical limit

bool ends_with(const std::string& s, const std::string& suffix)
{
  return s.size() >= suffix.size() and s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/** Trajectory value at `year`: linear between points (sorted by year), flat beyond the ends. */
double interpolate(const std::vector<TrajectoryPoint>& points, int year)
{
  if (year <= points.front().year)
    return points.front().kg_per_J;
  if (year >= points.back().year)
    return points.back().kg_per_J;
  const auto hi = std::find_if(points.begin(), points.end(), [&](const TrajectoryPoint& p) { return p.year >= year; });
  const auto lo = hi - 1;
  const double t = static_cast<double>(year - lo->year) / static_cast<double>(hi->year - lo->year);
  return lo->kg_per_J + t * (hi->kg_per_J - lo->kg_per_J);
}

/** The year whose last 4-digit group appears in a file name ("DK1_2023.csv" -> 2023), or 0. */
int year_in_name(const std::string& path)
{
  const std::string stem = std::filesystem::path(path).stem().string();
  int found = 0;
  for (std::size_t i = 0; i + 4 <= stem.size(); ++i) {
    const bool digits = std::all_of(stem.begin() + static_cast<long>(i), stem.begin() + static_cast<long>(i + 4),
                                    [](char c) { return c >= '0' and c <= '9'; });
    const bool bounded = (i == 0 or not std::isdigit(static_cast<unsigned char>(stem[i - 1]))) and
                         (i + 4 == stem.size() or not std::isdigit(static_cast<unsigned char>(stem[i + 4])));
    if (digits and bounded)
      found = std::stoi(stem.substr(i, 4));
  }
  return found;
}

} // namespace

/** Validates a zone file tree into GridFactors, appending every problem to the diagnostics. */
class GridFileReader : public YamlChecker {
public:
  GridFileReader(std::vector<Diagnostic>& diagnostics, std::string file) : YamlChecker(diagnostics), file_(std::move(file))
  {
  }
  GridFactors read(const YamlValue& root, const std::string& default_zone);

private:
  /** `count` non-negative multipliers, not all zero (a shape must have some weight). */
  std::vector<double> multipliers(const YamlValue& v, const std::string& path, std::size_t count, const char* what);
  void read_trajectory(const YamlValue& v, GridFactors& g);
  void read_measured(const YamlValue& v, GridFactors& g);
  std::string file_;
};


std::vector<double> GridFileReader::multipliers(const YamlValue& v, const std::string& path, std::size_t count,
                                                const char* what)
{
  const std::string expected = "a list of " + std::to_string(count) + " " + what +
                               " (relative weights >= 0, e.g. 1.1; only their ratios matter)";
  if (not v.is_sequence()) {
    error(v.where, path, "expected " + expected + ", got " + v.describe());
    return {};
  }
  if (v.items.size() != count) {
    error(v.where, path,
          "expected " + expected + ", got " + std::to_string(v.items.size()) + " value" + (v.items.size() == 1 ? "" : "s"));
    return {};
  }
  std::vector<double> out;
  bool ok = true;
  for (std::size_t i = 0; i < v.items.size(); ++i) {
    const YamlValue& item = v.items[i];
    const std::string at  = path + "[" + std::to_string(i) + "]";
    const auto x          = item.is_scalar() ? parse_plain_number(item.scalar) : std::nullopt;
    if (not x or not std::isfinite(*x)) {
      error(item.where, at, "expected a plain number (a relative multiplier), got " + item.describe());
      ok = false;
    } else if (*x < 0) {
      error(item.where, at, "a multiplier must be >= 0 (an emission factor cannot be negative), got " + item.scalar);
      ok = false;
    } else
      out.push_back(*x);
  }
  if (ok and std::all_of(out.begin(), out.end(), [](double x) { return x == 0; })) {
    error(v.where, path, "all multipliers are 0: a shape needs some positive weight");
    ok = false;
  }
  return ok ? out : std::vector<double>{};
}

void GridFileReader::read_trajectory(const YamlValue& v, GridFactors& g)
{
  const std::string path = "trajectory";
  if (not expect_map(v, path, "a map with 'assumption' (why these values) and 'points'"))
    return;
  check_keys(v, path, trajectory_keys);
  // A trajectory is a scenario, not a published figure: the file must say what it assumes.
  required_text(v, "assumption", path, "a sentence saying what the trajectory assumes, e.g. 'linear decline to 20 g/kWh in 2040'");
  const YamlValue* points = require(v, "points", path, "a list of {year, mean} points");
  if (points == nullptr)
    return;
  if (not points->is_sequence()) {
    error(points->where, path + ".points", "expected a list of {year: 2030, mean: 50 g/kWh}, got " + points->describe());
    return;
  }
  std::vector<TrajectoryPoint> read;
  for (std::size_t i = 0; i < points->items.size(); ++i) {
    const YamlValue& p   = points->items[i];
    const std::string at = path + ".points[" + std::to_string(i) + "]";
    if (not expect_map(p, at, "a point {year: 2030, mean: 50 g/kWh}"))
      continue;
    check_keys(p, at, point_keys);
    const YamlValue* y = require(p, "year", at, "the year");
    const YamlValue* m = require(p, "mean", at, "the annual mean, e.g. '50 g/kWh'");
    const auto year    = y ? integer(*y, at + ".year", first_year, last_year) : std::nullopt;
    const auto mean    = m ? quantity(*m, at + ".mean", Dimension::emission_intensity) : std::nullopt;
    if (mean and *mean < 0) {
      error(m->where, at + ".mean", "an annual mean cannot be negative, got " + m->scalar);
      continue;
    }
    if (not year or not mean)
      continue;
    // value_or: GCC 12 warns falsely (-Wmaybe-uninitialized) on *optional here.
    const int yr     = static_cast<int>(year.value_or(0));
    const double val = mean.value_or(0.0);
    if (not read.empty() and yr <= read.back().year) {
      error(y->where, at + ".year", "points must be in increasing year order (" + std::to_string(yr) +
                                        " follows " + std::to_string(read.back().year) + ")");
      continue;
    }
    if (g.base_year_ != 0 and yr == g.base_year_ and std::abs(val - g.base_mean_) > 1e-9 * g.base_mean_) {
      error(m->where, at + ".mean", "the base year " + std::to_string(yr) +
                                        " is already given by 'year' and 'annual_mean': leave it out of the points "
                                        "or give the same value");
      continue;
    }
    read.push_back({yr, val});
  }
  for (const auto& p : read)
    if (p.year != g.base_year_)
      g.trajectory_.push_back(p);
}

void GridFileReader::read_measured(const YamlValue& v, GridFactors& g)
{
  const std::string path = "measured";
  if (not expect_map(v, path, "a map {file: DK1_2023.csv, year: 2023}"))
    return;
  check_keys(v, path, measured_keys);
  const auto file    = required_text(v, "file", path, "a CSV file name, relative to this file");
  const YamlValue* y = require(v, "year", path, "the year the CSV holds");
  const auto year    = y ? integer(*y, path + ".year", first_year, last_year) : std::nullopt;
  if (not file or not year)
    return;
  std::filesystem::path csv(*file);
  if (csv.is_relative())
    csv = std::filesystem::path(file_).parent_path() / csv;
  try {
    const GridFactors m = GridFactors::load_csv(csv.string(), static_cast<int>(*year), g.zone_);
    g.base_year_        = m.base_year_;
    g.base_mean_        = m.base_mean_;
    g.measured_         = m.measured_;
    g.measured_cell_mean_ = m.measured_cell_mean_;
  } catch (const ModelError& e) {
    for (const auto& d : e.diagnostics())
      diags_.push_back(d);
  }
}

GridFactors GridFileReader::read(const YamlValue& root, const std::string& default_zone)
{
  GridFactors g;
  g.zone_ = default_zone;
  if (not expect_map(root, "", "a grid zone file (a map with zone, source, annual_mean, year, monthly, hourly, trajectory)"))
    return g;
  check_keys(root, "", top_keys);
  if (const YamlValue* z = root.find("zone"))
    if (auto s = text(*z, "zone", "the zone name, e.g. DK1"))
      g.zone_ = *s;
  if (auto s = required_text(root, "source", "", "where the annual mean comes from (publisher, title, year)"))
    g.source_ = *s;

  const YamlValue* measured = root.find("measured");
  if (measured != nullptr) {
    for (const char* key : {"annual_mean", "year", "monthly", "hourly"})
      if (const YamlValue* other = root.find(key))
        error(other->where, key, "a zone with 'measured' hourly data takes its year and mean from the CSV: remove '" +
                                     std::string(key) + "'");
    read_measured(*measured, g);
  } else {
    const YamlValue* m = require(root, "annual_mean", "", "the published annual mean, e.g. '96 g/kWh'");
    const YamlValue* y = require(root, "year", "", "the year of the annual mean");
    if (m)
      if (auto mean = quantity(*m, "annual_mean", Dimension::emission_intensity)) {
        if (*mean <= 0)
          error(m->where, "annual_mean", "must be > 0, got " + m->scalar);
        else
          g.base_mean_ = *mean;
      }
    if (y)
      if (auto year = integer(*y, "year", first_year, last_year))
        g.base_year_ = static_cast<int>(*year);

    if (const YamlValue* mo = require(root, "monthly", "", "the seasonal shape: {source, values: [12 multipliers]}");
        mo and expect_map(*mo, "monthly", "a map {source: ..., values: [12 multipliers, January first]}")) {
      check_keys(*mo, "monthly", monthly_keys);
      required_text(*mo, "source", "monthly", "why the seasonal shape looks as it does (source or reasoning)");
      if (const YamlValue* values = require(*mo, "values", "monthly", "12 multipliers, January first"))
        g.monthly_ = multipliers(*values, "monthly.values", 12, "monthly multipliers (January to December)");
    }
    if (const YamlValue* ho = require(root, "hourly", "", "the daily shape: {source, weekday: [24], weekend: [24]}");
        ho and expect_map(*ho, "hourly", "a map {source: ..., weekday: [24 multipliers], weekend: [24 multipliers]}")) {
      check_keys(*ho, "hourly", hourly_keys);
      required_text(*ho, "source", "hourly", "why the daily shape looks as it does (source or reasoning)");
      if (const YamlValue* wd = require(*ho, "weekday", "hourly", "24 multipliers, hour 0 (00:00-01:00) first"))
        g.hourly_[0] = multipliers(*wd, "hourly.weekday", 24, "hour-of-day multipliers (00:00 first)");
      // Without a weekend shape, weekends follow the weekday shape.
      if (const YamlValue* we = ho->find("weekend"))
        g.hourly_[1] = multipliers(*we, "hourly.weekend", 24, "hour-of-day multipliers (00:00 first)");
      else
        g.hourly_[1] = g.hourly_[0];
    }
  }
  if (g.base_year_ != 0 and g.base_mean_ > 0)
    g.trajectory_.push_back({g.base_year_, g.base_mean_});
  if (const YamlValue* t = root.find("trajectory"))
    read_trajectory(*t, g);
  std::sort(g.trajectory_.begin(), g.trajectory_.end(),
            [](const TrajectoryPoint& a, const TrajectoryPoint& b) { return a.year < b.year; });
  return g;
}

int GridFactors::hours_in_year(int year) { return greenfab::hours_in_year(year); }

GridFactors GridFactors::load(const std::string& zone_or_path, const std::string& data_dir)
{
  namespace fs = std::filesystem;
  if (ends_with(zone_or_path, ".csv")) {
    const int year = year_in_name(zone_or_path);
    if (year == 0)
      throw ModelError(std::vector<Diagnostic>{
          {zone_or_path, 0, 0, "", "the year of a measured CSV is taken from its name (e.g. DK1_2023.csv): none found; "
                                   "use a zone file with 'measured: {file: ..., year: ...}'"}});
    return load_csv(zone_or_path, year, fs::path(zone_or_path).stem().string());
  }
  const bool is_path = ends_with(zone_or_path, ".yaml") or ends_with(zone_or_path, ".yml") or
                       zone_or_path.find('/') != std::string::npos;
  const fs::path grid_dir = fs::path(data_dir) / "grid";
  const std::string file  = is_path ? zone_or_path : (grid_dir / (zone_or_path + ".yaml")).string();
  std::error_code ec;
  if (not is_path and not fs::is_regular_file(file, ec)) {
    std::vector<std::string> zones;
    for (const auto& entry : fs::directory_iterator(grid_dir, ec))
      if (entry.path().extension() == ".yaml")
        zones.push_back(entry.path().stem().string());
    std::sort(zones.begin(), zones.end());
    throw ModelError(std::vector<Diagnostic>{
        {"", 0, 0, "grid_zone",
         "unknown grid zone '" + zone_or_path + "'" + did_you_mean(zone_or_path, zones) + ": " +
             (zones.empty() ? "no zone files found in " + grid_dir.string()
                            : "zones in " + grid_dir.string() + " are " + list_names(zones, " and "))}});
  }
  const std::string text = read_text_file(file);
  std::vector<Diagnostic> diags;
  const auto tree        = parse_data_document(text, file, "a grid zone file", diags);
  const YamlValue& root = *tree;
  GridFileReader reader(diags, file);
  GridFactors g = reader.read(root, fs::path(file).stem().string());
  if (not diags.empty())
    throw_sorted(std::move(diags), file);
  return g;
}

GridFactors GridFactors::load_csv(const std::string& path, int year, const std::string& zone)
{
  const std::string text = read_text_file(path);
  auto fail = [&](int line, const std::string& message) {
    throw ModelError(std::vector<Diagnostic>{{path, line, 0, "", message}});
  };
  std::istringstream in(text);
  std::string line;
  int line_no = 0;
  // Header: the separator is whichever of ',' ';' it contains (Danish and Swedish exports often use ';').
  char sep    = ',';
  int column  = -1;
  double unit = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (not line.empty() and line.back() == '\r')
      line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos)
      continue;
    if (line.find(',') == std::string::npos and line.find(';') != std::string::npos)
      sep = ';';
    std::istringstream cells(line);
    std::string cell;
    for (int i = 0; std::getline(cells, cell, sep); ++i) {
      cell.erase(0, cell.find_first_not_of(" \t\""));
      cell.erase(cell.find_last_not_of(" \t\"") + 1);
      if (cell == "g_per_kWh" or cell == "kg_per_kWh") {
        if (column >= 0)
          fail(line_no, "the header names more than one factor column (g_per_kWh or kg_per_kWh): keep one");
        column = i;
        unit   = parse_quantity(cell == "g_per_kWh" ? "1 g/kWh" : "1 kg/kWh", Dimension::emission_intensity);
      }
    }
    if (column < 0)
      fail(line_no, "the header line must name a column 'g_per_kWh' or 'kg_per_kWh' (the emission factor of each hour), "
                    "got '" + line + "'");
    break;
  }
  if (column < 0)
    fail(0, "the file is empty: expected a header line and one row per hour");
  GridFactors g;
  g.zone_      = zone.empty() ? std::filesystem::path(path).stem().string() : zone;
  g.source_    = "measured hourly factors, " + path;
  g.base_year_ = year;
  const int expected_rows = hours_in_year(year);
  while (std::getline(in, line)) {
    ++line_no;
    if (not line.empty() and line.back() == '\r')
      line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos)
      continue;
    std::istringstream cells(line);
    std::string cell;
    int i = 0;
    bool found = false;
    while (std::getline(cells, cell, sep)) {
      if (i++ != column)
        continue;
      found = true;
      cell.erase(0, cell.find_first_not_of(" \t\""));
      cell.erase(cell.find_last_not_of(" \t\"") + 1);
      const auto x = parse_plain_number(cell);
      if (not x or not std::isfinite(*x))
        fail(line_no, "column " + std::to_string(column + 1) + ": expected a number, got '" + cell + "'");
      if (*x < 0)
        fail(line_no, "column " + std::to_string(column + 1) + ": an emission factor cannot be negative, got " + cell);
      g.measured_.push_back(*x * unit);
    }
    if (not found)
      fail(line_no, "the row has no column " + std::to_string(column + 1) + " (the factor column of the header)");
    if (static_cast<int>(g.measured_.size()) > expected_rows)
      fail(line_no, "more rows than the " + std::to_string(expected_rows) + " hours of " + std::to_string(year));
  }
  if (static_cast<int>(g.measured_.size()) != expected_rows)
    fail(line_no, "expected " + std::to_string(expected_rows) + " hourly rows for " + std::to_string(year) + " (" +
                      (is_leap_year(year) ? "a leap year" : "not a leap year") + "), got " +
                      std::to_string(g.measured_.size()));
  g.base_mean_ = std::accumulate(g.measured_.begin(), g.measured_.end(), 0.0) / static_cast<double>(expected_rows);
  if (g.base_mean_ <= 0)
    fail(line_no, "every hourly factor is 0: the profile cannot be scaled to an annual mean");
  g.trajectory_ = {{year, g.base_mean_}};
  g.build_measured_cells();
  return g;
}

void GridFactors::build_measured_cells()
{
  measured_cell_mean_.assign(12 * 7 * 24, 0.0);
  std::vector<int> count(12 * 7 * 24, 0);
  std::size_t h = 0;
  for (int month = 1; month <= 12; ++month)
    for (int day = 1; day <= days_in_month(base_year_, month); ++day) {
      const int wd = weekday_of(base_year_, month, day);
      for (int hour = 0; hour < 24; ++hour, ++h) {
        const std::size_t cell = static_cast<std::size_t>(((month - 1) * 7 + wd) * 24 + hour);
        measured_cell_mean_[cell] += measured_[h];
        ++count[cell];
      }
    }
  for (std::size_t c = 0; c < count.size(); ++c)
    if (count[c] > 0)
      measured_cell_mean_[c] /= count[c];
}

double GridFactors::annual_mean_kg_per_J(int year) const { return interpolate(trajectory_, year); }

double GridFactors::shape_mean(int year) const
{
  // Sum over the year of monthly x hourly, by month and day type: O(12 x 24), no per-hour loop.
  const double day_sum[2] = {std::accumulate(hourly_[0].begin(), hourly_[0].end(), 0.0),
                             std::accumulate(hourly_[1].begin(), hourly_[1].end(), 0.0)};
  double total = 0;
  for (int month = 1; month <= 12; ++month) {
    const int days = days_in_month(year, month);
    const int first = weekday_of(year, month, 1);
    int weekend     = 0;
    for (int d = 0; d < days; ++d)
      weekend += (first + d) % 7 >= 5;
    total += monthly_[static_cast<std::size_t>(month - 1)] * ((days - weekend) * day_sum[0] + weekend * day_sum[1]);
  }
  return total / hours_in_year(year);
}

double GridFactors::factor_kg_per_J(int year, int month, int weekday, int hour) const
{
  if (month < 1 or month > 12 or weekday < 0 or weekday > 6 or hour < 0 or hour > 23)
    throw std::out_of_range("GridFactors::factor_kg_per_J: month " + std::to_string(month) + ", weekday " +
                            std::to_string(weekday) + ", hour " + std::to_string(hour) + " out of range");
  const double mean = annual_mean_kg_per_J(year);
  if (not measured_.empty())
    return measured_cell_mean_[static_cast<std::size_t>(((month - 1) * 7 + weekday) * 24 + hour)] * mean / base_mean_;
  const double shape = monthly_[static_cast<std::size_t>(month - 1)] *
                       hourly_[weekday >= 5 ? 1 : 0][static_cast<std::size_t>(hour)];
  return mean * shape / shape_mean(year);
}

std::vector<double> GridFactors::year_profile_kg_per_J(int year) const
{
  std::vector<double> out;
  out.reserve(static_cast<std::size_t>(hours_in_year(year)));
  const double mean = annual_mean_kg_per_J(year);
  if (not measured_.empty()) {
    // Another year reuses the measured values by calendar date (29 February from 28 February, or dropped),
    // then is rescaled so that its mean is exact.
    std::vector<std::size_t> month_start(13, 0);
    for (int m = 1; m <= 12; ++m)
      month_start[static_cast<std::size_t>(m)] =
          month_start[static_cast<std::size_t>(m - 1)] + static_cast<std::size_t>(days_in_month(base_year_, m)) * 24;
    for (int m = 1; m <= 12; ++m)
      for (int d = 1; d <= days_in_month(year, m); ++d)
        for (int h = 0; h < 24; ++h) {
          const int source_day = std::min(d, days_in_month(base_year_, m));
          out.push_back(measured_[month_start[static_cast<std::size_t>(m - 1)] +
                                  static_cast<std::size_t>((source_day - 1) * 24 + h)]);
        }
    const double raw = std::accumulate(out.begin(), out.end(), 0.0) / static_cast<double>(out.size());
    for (double& x : out)
      x *= mean / raw;
    return out;
  }
  const double scale = mean / shape_mean(year);
  for (int m = 1; m <= 12; ++m)
    for (int d = 1; d <= days_in_month(year, m); ++d) {
      const auto& day = hourly_[weekday_of(year, m, d) >= 5 ? 1 : 0];
      for (int h = 0; h < 24; ++h)
        out.push_back(scale * monthly_[static_cast<std::size_t>(m - 1)] * day[static_cast<std::size_t>(h)]);
    }
  return out;
}

} // namespace greenfab
