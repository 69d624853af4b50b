// Location-based grid emission factors of one bidding zone, by year, month, weekday and hour (scope 2).
#pragma once
#include <string>
#include <vector>

namespace greenfab {

/** One point of a trajectory of annual means: linear between points, flat beyond the ends. */
struct TrajectoryPoint {
  int year;
  double kg_per_J;
};

/**
 * Grid emission factors of one zone: an annual mean for a base year, a seasonal shape (12 monthly
 * multipliers), a daily shape (24 hour-of-day multipliers, weekday and weekend), and a trajectory of
 * annual means over the years. Or, instead of the shapes, one measured hourly year read from a CSV file.
 *
 * The shapes are relative weights: for every year they are normalised so that the time-weighted mean of
 * the hourly profile of that year equals the trajectory's annual mean for that year exactly. (A year's
 * calendar - how many weekend days fall in each month, leap or not - changes the normalisation slightly,
 * which is why it is per year.)
 *
 * Hours are local standard time: a year has 8760 or 8784 hours, hour 0 is 1 January 00:00-01:00, and
 * daylight saving time is ignored (as in hourly data sets indexed by hour of year).
 */
class GridFactors {
public:
  /**
   * Loads a zone: "DK1" reads `data_dir`/grid/DK1.yaml; a name ending in .yaml/.yml (or containing '/')
   * is read as a path; one ending in .csv is a measured year (see load_csv; the year is then taken from
   * the file name's last 4-digit group, e.g. "DK1_2023.csv").
   * @throws ModelError naming the file, line and key of every problem; an unknown zone lists the zones
   *         shipped in `data_dir`/grid with a did-you-mean.
   */
  static GridFactors load(const std::string& zone_or_path, const std::string& data_dir);

  /**
   * Reads a measured hourly year: a header line naming the columns, one of them `g_per_kWh` or
   * `kg_per_kWh` (other columns, e.g. a time stamp, are ignored), then 8760 rows (8784 in a leap year)
   * for `year`, comma- or semicolon-separated. The trajectory is flat at the file's mean.
   * @throws ModelError naming file and line.
   */
  static GridFactors load_csv(const std::string& path, int year, const std::string& zone = "");

  const std::string& zone() const { return zone_; }
  /** Where the figures come from (the file's `source`, or the CSV path). */
  const std::string& source() const { return source_; }
  /** Base year and its published annual mean (kg CO2e/J). */
  int base_year() const { return base_year_; }
  double base_annual_mean_kg_per_J() const { return base_mean_; }
  /** The trajectory points, including the base year. */
  const std::vector<TrajectoryPoint>& trajectory() const { return trajectory_; }

  /** Annual mean in `year` (kg CO2e per J) from the trajectory. */
  double annual_mean_kg_per_J(int year) const;
  /**
   * Factor for an hour (kg CO2e per J): month 1-12, weekday 0 = Monday .. 6 = Sunday, hour 0-23.
   * For a measured (CSV) zone: the mean of the measured hours with that month, weekday and hour,
   * scaled as the profile is.
   */
  double factor_kg_per_J(int year, int month, int weekday, int hour) const;
  /** The hourly profile of `year` (8760 or 8784 values, kg CO2e per J); its mean is annual_mean(year). */
  std::vector<double> year_profile_kg_per_J(int year) const;

  /** Hours in a year: 8784 in a leap year, else 8760. */
  static int hours_in_year(int year);

private:
  std::string zone_, source_;
  int base_year_    = 0;
  double base_mean_ = 0;
  std::vector<TrajectoryPoint> trajectory_;
  // Shape model: monthly_[12], hourly_[day type][24] with day type 0 = Monday-Friday, 1 = Saturday-Sunday.
  std::vector<double> monthly_;
  std::vector<double> hourly_[2];
  // Measured model: one year of hourly values (kg/J) and their mean per (month, weekday, hour).
  std::vector<double> measured_;
  std::vector<double> measured_cell_mean_; ///< [(month-1)*7*24 + weekday*24 + hour]

  friend class GridFileReader;
  /** Time-weighted mean of monthly x hourly over the hours of `year` (the shape model's normaliser). */
  double shape_mean(int year) const;
  void build_measured_cells();
};

} // namespace greenfab
