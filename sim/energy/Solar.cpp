// Sun position (Spencer 1971 / NOAA), Haurwitz clear sky, Erbs split, Hay-Davies transposition, NOCT
// cell temperature and the PV array's AC power. Equations and sources: docs/energy-supply.md.
#include "energy/Solar.hpp"
#include "core/Errors.hpp"
#include "energy/Climate.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

namespace greenfab {
namespace {

constexpr double pi      = std::numbers::pi;
constexpr double deg     = pi / 180.0;
constexpr double solar_constant_W_m2 = 1367.0; // the value Spencer's and Erbs' fits were made with


int leap_days_before(int year) { return (year - 1) / 4 - (year - 1) / 100 + (year - 1) / 400; }

/** Days from 2000-01-01 00:00 to Jan 1 00:00 of `year` (proleptic Gregorian; years 1..9999). */
double days_since_2000(int year) { return 365.0 * (year - 2000) + leap_days_before(year) - leap_days_before(2000); }

/** Spencer's day angle: 2 pi (day - 1 + (hour - 12)/24) / days in year (the NOAA form, with the hour). */
double day_angle(int year, double hours)
{
  const double days = is_leap_year(year) ? 366.0 : 365.0;
  return 2.0 * pi * (hours - 12.0) / 24.0 / days;
}

} // namespace

SunPosition sun_position(const Site& site, int year, double hours)
{
  // NOAA solar calculator equations (low-precision Meeus, "Astronomical Algorithms", 1991): about 0.01 deg in
  // declination. Spencer's (1971) series, fitted to one typical year, is off by up to 0.5 deg in some years.
  const double ut_days = days_since_2000(year) + (hours - site.utc_offset_h) / 24.0 - 0.5; // from J2000.0
  const double T       = ut_days / 36525.0;                                               // Julian centuries
  const double L0      = std::fmod(280.46646 + T * (36000.76983 + T * 0.0003032), 360.0);   // mean longitude
  const double M       = 357.52911 + T * (35999.05029 - 0.0001537 * T);                     // mean anomaly
  const double e       = 0.016708634 - T * (0.000042037 + 0.0000001267 * T);                // eccentricity
  const double C = std::sin(M * deg) * (1.914602 - T * (0.004817 + 0.000014 * T)) +
                   std::sin(2 * M * deg) * (0.019993 - 0.000101 * T) + std::sin(3 * M * deg) * 0.000289;
  const double omega      = 125.04 - 1934.136 * T;
  const double apparent   = L0 + C - 0.00569 - 0.00478 * std::sin(omega * deg);
  const double obliquity  = 23.0 + (26.0 + (21.448 - T * (46.815 + T * (0.00059 - T * 0.001813))) / 60.0) / 60.0 +
                           0.00256 * std::cos(omega * deg);
  const double decl       = std::asin(std::sin(obliquity * deg) * std::sin(apparent * deg));
  const double y          = std::pow(std::tan(obliquity * deg / 2.0), 2);
  const double eot_min    = 4.0 / deg *
                         (y * std::sin(2 * L0 * deg) - 2 * e * std::sin(M * deg) +
                          4 * e * y * std::sin(M * deg) * std::cos(2 * L0 * deg) - 0.5 * y * y * std::sin(4 * L0 * deg) -
                          1.25 * e * e * std::sin(2 * M * deg));
  // True solar time: clock time corrected by the equation of time and the site's offset from its zone meridian.
  const double clock_min      = std::fmod(hours, 24.0) * 60.0;
  const double true_solar_min = clock_min + eot_min + 4.0 * site.longitude_deg - 60.0 * site.utc_offset_h;
  double hour_angle           = true_solar_min / 4.0 - 180.0;
  hour_angle                  = std::remainder(hour_angle, 360.0); // keep within -180..180

  const double lat = site.latitude_deg * deg, h = hour_angle * deg;
  const double cos_z =
      std::clamp(std::sin(lat) * std::sin(decl) + std::cos(lat) * std::cos(decl) * std::cos(h), -1.0, 1.0);
  // Azimuth from north, clockwise; atan2 form avoids the sign cases of the arccos form.
  double azimuth = std::atan2(std::sin(h), std::cos(h) * std::sin(lat) - std::tan(decl) * std::cos(lat)) / deg + 180.0;
  azimuth        = std::fmod(azimuth + 360.0, 360.0);
  return {std::asin(cos_z) / deg, azimuth, decl / deg, eot_min, hour_angle, cos_z};
}

double extraterrestrial_normal_W_m2(int year, double hours)
{
  const double g = day_angle(year, hours);
  return solar_constant_W_m2 * (1.000110 + 0.034221 * std::cos(g) + 0.001280 * std::sin(g) +
                                0.000719 * std::cos(2 * g) + 0.000077 * std::sin(2 * g));
}

double haurwitz_clear_sky_W_m2(double cos_zenith)
{
  if (cos_zenith <= 0)
    return 0;
  return 1098.0 * cos_zenith * std::exp(-0.059 / cos_zenith);
}

double erbs_diffuse_fraction(double kt)
{
  kt = std::max(kt, 0.0);
  if (kt <= 0.22)
    return 1.0 - 0.09 * kt;
  if (kt <= 0.80)
    return 0.9511 - 0.1604 * kt + 4.388 * kt * kt - 16.638 * kt * kt * kt + 12.336 * kt * kt * kt * kt;
  return 0.165;
}

double erbs_monthly_diffuse_fraction(double kt, double sunset_deg)
{
  kt = std::clamp(kt, 0.3, 0.8); // the range the correlation was fitted on
  if (sunset_deg <= 81.4)
    return 1.391 - 3.560 * kt + 4.189 * kt * kt - 2.137 * kt * kt * kt;
  return 1.311 - 3.022 * kt + 3.427 * kt * kt - 1.821 * kt * kt * kt;
}

PlaneIrradiance plane_of_array(const SunPosition& sun, double ghi, double g0n, const PvArraySpec& array,
                               double diffuse_fraction)
{
  if (ghi <= 0 or sun.cos_zenith <= 0)
    return {0, 0, 0, 0};
  const double tilt = array.tilt_deg * deg;
  // Near the horizon the clearness index and the beam/horizontal ratio blow up; a 1.5 deg floor on the sun's
  // height (as pvlib does for Hay-Davies) keeps them finite, and there the Erbs split is all diffuse anyway.
  const double cos_z    = std::max(sun.cos_zenith, std::sin(1.5 * deg));
  const double kt       = std::min(ghi / (g0n * cos_z), 1.0);
  const double diffuse  = ghi * (diffuse_fraction >= 0 ? diffuse_fraction : erbs_diffuse_fraction(kt));
  const double beam_h   = ghi - diffuse;
  const double dni      = beam_h / cos_z;
  const double sun_az   = sun.azimuth_deg * deg;
  const double sun_zen  = std::acos(sun.cos_zenith);
  const double cos_inc  = std::cos(sun_zen) * std::cos(tilt) +
                         std::sin(sun_zen) * std::sin(tilt) * std::cos(sun_az - array.azimuth_deg * deg);
  const double beam     = dni * std::max(cos_inc, 0.0);
  const double aniso    = std::clamp(dni / g0n, 0.0, 1.0); // Hay-Davies anisotropy index
  const double rb       = std::max(cos_inc, 0.0) / cos_z;
  const double sky      = diffuse * ((1.0 - aniso) * (1.0 + std::cos(tilt)) / 2.0 + aniso * rb);
  const double ground   = ghi * array.albedo * (1.0 - std::cos(tilt)) / 2.0;
  return {beam, sky, ground, beam + sky + ground};
}

double pv_ac_power_W(const PvArraySpec& array, double poa, double air_C)
{
  if (poa <= 0)
    return 0;
  const double cell_C = air_C + (array.noct_C - 20.0) / 800.0 * poa;
  const double dc     = array.peak_W * poa / 1000.0 * (1.0 + array.temp_coeff_per_K * (cell_C - 25.0));
  return std::max(0.0, dc * (1.0 - array.losses));
}

PvModel::PvModel(const Climate& climate, const PvArraySpec& array) : climate_(climate), array_(array)
{
  std::vector<Diagnostic> problems;
  auto check = [&](bool ok, const char* key, const std::string& message) {
    if (not ok)
      problems.push_back({"", 0, 0, key, message});
  };
  check(std::isfinite(array.peak_W) and array.peak_W >= 0, "peak_W", "peak power must be >= 0 W");
  check(array.tilt_deg >= 0 and array.tilt_deg <= 90, "tilt", "tilt must be within 0..90 deg");
  check(array.azimuth_deg >= 0 and array.azimuth_deg <= 360, "azimuth", "azimuth must be within 0..360 deg");
  check(array.losses >= 0 and array.losses < 1, "losses", "losses must be within 0..100 %");
  check(array.albedo >= 0 and array.albedo <= 1, "albedo", "albedo must be within 0..1");
  check(array.temp_coeff_per_K > -0.05 and array.temp_coeff_per_K <= 0, "temp_coeff",
        "temperature coefficient must be within -5..0 %/K");
  check(array.noct_C > 20 and array.noct_C < 80, "noct", "NOCT must be within 20..80 C");
  if (not problems.empty())
    throw ModelError(std::move(problems));
}

PvModel::HourResult PvModel::hour(int year, int hour_of_year) const
{
  const double clear = climate_.clear_sky_ghi_W_m2(year, hour_of_year);
  const double ghi   = climate_.ghi_W_m2(year, hour_of_year);
  if (clear <= 0 or ghi <= 0)
    return {0, 0};
  // The hour's GHI is spread inside the hour like the clear sky, so sub-steps keep its mean exactly.
  const double scale = ghi / clear;
  const double air_C = climate_.temperature_C(year, hour_of_year);
  const double kd    = climate_.diffuse_fraction(year, hour_of_year);
  double poa_sum = 0, power_sum = 0;
  for (int k = 0; k < substeps; ++k) {
    const double t         = hour_of_year + (k + 0.5) / substeps;
    const SunPosition sun  = sun_position(climate_.site(), year, t);
    const double g         = scale * haurwitz_clear_sky_W_m2(sun.cos_zenith);
    const PlaneIrradiance p = plane_of_array(sun, g, extraterrestrial_normal_W_m2(year, t), array_, kd);
    poa_sum += p.total;
    power_sum += pv_ac_power_W(array_, p.total, air_C);
  }
  return {poa_sum / substeps, power_sum / substeps};
}

double PvModel::power_W(int year, int hour_of_year) const { return hour(year, hour_of_year).power_W; }

double PvModel::poa_W_m2(int year, int hour_of_year) const { return hour(year, hour_of_year).poa_W_m2; }

double PvModel::annual_energy_J(int year) const
{
  double sum = 0;
  for (int h = 0; h < hours_in_year(year); ++h)
    sum += power_W(year, h);
  return sum * 3600.0;
}

} // namespace greenfab
