// A site's climate: monthly irradiation and temperature normals turned into deterministic hourly profiles,
// or an hourly file that replaces them (method: docs/energy-supply.md).
#pragma once
#include "energy/Solar.hpp"

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace greenfab {

/** A published annual PV yield used to check the model (J per W of peak power, i.e. kWh/kWp x 3.6e6/1e3). */
struct ReferenceYield {
  double J_per_Wp;
  double tilt_deg;
  double azimuth_deg;
  double losses;      ///< the system losses the reference assumed
  std::string source;
};

/** Everything a site's climate file holds, in SI (J/m2, degrees, C, K, s). */
struct ClimateData {
  std::string name;
  Site site;                                    ///< latitude, longitude, UTC offset of standard time
  std::array<double, 12> ghi_monthly_J_m2{};    ///< global horizontal irradiation per month, Jan..Dec
  std::array<double, 12> temperature_monthly_C{}; ///< monthly mean air temperature
  std::array<double, 12> diurnal_amplitude_K{}; ///< half the mean daily max - min, per month
  std::string ghi_source, temperature_source, amplitude_source, site_source;
  std::optional<ReferenceYield> reference_yield;
};

/** Hourly values that replace the synthetic profiles (a measured or typical-year file). */
struct HourlyWeather {
  std::string file;
  std::vector<double> temperature_C;        ///< 8760 or 8784 values
  std::vector<double> ghi_W_m2;             ///< empty, or as many as temperature_C
};

/**
 * Hourly outdoor temperature and global horizontal irradiance at a site.
 *
 * Temperature: a continuous piecewise-linear curve through mid-month knots, solved so each calendar
 * month's mean equals the data, plus a daily wave with its minimum at 05:00 and maximum at 15:00 that
 * averages to zero over a day. GHI: Haurwitz clear sky, averaged over each hour, scaled per month so the
 * month's sum equals the data. Both are exact for either year length.
 */
class Climate {
public:
  /** @throws ModelError naming the value when data are outside physical ranges. */
  explicit Climate(ClimateData data);

  /** Replaces the synthetic temperature (and GHI, when the file has it) with hourly values. */
  void use_hourly(HourlyWeather weather);

  const ClimateData& data() const { return data_; }
  const std::string& name() const { return data_.name; }
  const Site& site() const { return data_.site; }
  bool has_hourly_temperature() const { return hourly_ != nullptr; }
  bool has_hourly_ghi() const { return hourly_ and not hourly_->ghi_W_m2.empty(); }

  /** Mean over the hour, C; hour 0 = Jan 1 00:00-01:00 local standard time. @throws std::out_of_range */
  double temperature_C(int year, int hour_of_year) const;
  /** Mean over the hour, W/m2. @throws std::out_of_range */
  double ghi_W_m2(int year, int hour_of_year) const;
  /** The unscaled Haurwitz clear-sky GHI averaged over the hour, W/m2 (shape of GHI inside the hour). */
  double clear_sky_ghi_W_m2(int year, int hour_of_year) const;

  /**
   * Diffuse share of GHI to use in this hour: for the synthetic profile the month's value from the Erbs
   * monthly-average correlation (every hour of a scaled clear sky has the month's mean clearness, and the
   * hourly correlation at that mean overstates diffuse light: real months mix clear and overcast hours);
   * -1 with an hourly GHI file, meaning "use the hourly Erbs correlation".
   */
  double diffuse_fraction(int year, int hour_of_year) const;

private:
  struct Profiles {                 ///< one per year length
    std::vector<double> temperature_C, clear_sky_W_m2, ghi_W_m2;
    std::array<double, 12> diffuse_fraction{};
  };
  const Profiles& profiles(int year) const { return is_leap_year(year) ? *leap_ : *common_; }
  static Profiles build(const ClimateData& data, int year);
  /** The profiles of `data`, built once per process for equal inputs and shared by every copy: a sweep or
   *  a pathway builds hundreds of models on one climate, and building costs ~50 ms and 0.6 MB. */
  static std::pair<std::shared_ptr<const Profiles>, std::shared_ptr<const Profiles>> shared_profiles(const ClimateData& data);
  /** Index into an hourly file of `hours` rows: Feb 29 repeats Feb 28 in a 365-day file, and is skipped
   *  when a 366-day file serves a common year. */
  std::size_t file_index(int year, int hour_of_year) const;

  ClimateData data_;
  std::shared_ptr<const Profiles> common_, leap_; // immutable, shared between copies
  std::shared_ptr<const HourlyWeather> hourly_;
};

/**
 * Loads a climate file (YAML: see models/data/climate/). A bare name such as "stockholm" is looked up as
 * <data_dir()>/climate/<name>.yaml (core/DataDir.hpp). An optional `hourly_file` key names a CSV
 * (relative to the YAML file) read with read_hourly_csv.
 * @throws ModelError with every problem at file:line:column and the key.
 */
Climate load_climate(const std::string& path_or_name);
/** As load_climate, from text (for tests and inline use); `file_name` is used in messages. */
Climate load_climate_text(const std::string& text, const std::string& file_name);

/**
 * Reads an hourly CSV: a header line naming the columns, 8760 or 8784 data rows, a `temperature_C`
 * column and optionally `ghi_W_m2` (other columns are ignored).
 * @throws ModelError naming the file, line and column of each problem.
 */
HourlyWeather read_hourly_csv(const std::string& path);

} // namespace greenfab
