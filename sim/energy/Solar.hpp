// Sun position, clear-sky irradiance and the AC output of a fixed PV array (method: docs/energy-supply.md).
#pragma once
#include "core/CivilTime.hpp"

namespace greenfab {

class Climate;

/** Where the sun is, seen from a site (angles in degrees). */
struct SunPosition {
  double elevation_deg;         ///< above the horizon, geometric (no refraction)
  double azimuth_deg;           ///< clockwise from north: 90 east, 180 south, 270 west
  double declination_deg;
  double equation_of_time_min;  ///< apparent minus mean solar time
  double hour_angle_deg;        ///< 0 at solar noon, negative in the morning
  double cos_zenith;            ///< sin(elevation), negative below the horizon
};

/** A site on the globe; longitude east positive, the UTC offset of its standard (winter) time. */
struct Site {
  double latitude_deg;
  double longitude_deg;
  double utc_offset_h;
};

/**
 * Sun position at `hours` after Jan 1 00:00 local standard time of `year`: the NOAA solar calculator
 * equations (low-precision Meeus 1991), about 0.01 deg in declination; geometric, without refraction.
 */
SunPosition sun_position(const Site& site, int year, double hours);

/** Extraterrestrial irradiance normal to the sun's rays at `hours` into `year` (Spencer 1971), W/m2. */
double extraterrestrial_normal_W_m2(int year, double hours);

/** Haurwitz (1945) clear-sky global horizontal irradiance, W/m2, from the cosine of the zenith angle. */
double haurwitz_clear_sky_W_m2(double cos_zenith);

/** Erbs et al. (1982): diffuse fraction of global horizontal irradiance from the clearness index kt. */
double erbs_diffuse_fraction(double clearness_index);

/**
 * Erbs et al. (1982) monthly-average correlation: diffuse fraction of a month's irradiation from its mean
 * clearness index and the sunset hour angle (deg) of the month's mean day (Duffie & Beckman eq. 2.12.1).
 */
double erbs_monthly_diffuse_fraction(double monthly_clearness_index, double sunset_hour_angle_deg);

/** A fixed, unshaded PV array. */
struct PvArraySpec {
  double peak_W;                     ///< nameplate DC power at STC (1000 W/m2, 25 C cell)
  double tilt_deg;                   ///< 0 = horizontal
  double azimuth_deg;                ///< 180 = south, 90 = east
  double losses           = 0.14;    ///< system losses (cables, inverter, soiling, mismatch): the PVGIS default
  double temp_coeff_per_K = -0.004;  ///< relative power change per K of cell temperature above 25 C
  double albedo           = 0.2;     ///< ground reflectance seen by the array
  double noct_C           = 45.0;    ///< nominal operating cell temperature (800 W/m2, 20 C air, 1 m/s wind)
};

/** Irradiance on the plane of the array and its parts, W/m2. */
struct PlaneIrradiance {
  double beam, sky_diffuse, ground, total;
};

/**
 * Hay-Davies transposition of a horizontal global irradiance `ghi` at one instant: split into beam and
 * diffuse by `diffuse_fraction` (or, when negative, by the hourly Erbs correlation), circumsolar share by
 * the anisotropy index, isotropic rest, ground reflection with albedo.
 */
PlaneIrradiance plane_of_array(const SunPosition& sun, double ghi_W_m2, double extraterrestrial_W_m2,
                               const PvArraySpec& array, double diffuse_fraction = -1);

/** AC power of the array from plane-of-array irradiance and air temperature (NOCT cell temperature). */
double pv_ac_power_W(const PvArraySpec& array, double poa_W_m2, double air_C);

/**
 * The AC output of an array at a climate's site. Each hour is the mean of sub-steps across the hour, so
 * the sunrise and sunset hours get only their sunlit part. The climate must outlive the model.
 */
class PvModel {
public:
  /** @throws ModelError for an array outside physical ranges (negative power, tilt > 90 deg, ...). */
  PvModel(const Climate& climate, const PvArraySpec& array);

  /** AC power, W, averaged over hour `hour_of_year` (0 = Jan 1 00:00-01:00 local standard time). */
  double power_W(int year, int hour_of_year) const;
  /** Plane-of-array irradiance averaged over the hour, W/m2. */
  double poa_W_m2(int year, int hour_of_year) const;
  /** Sum of power_W over every hour of `year` times 3600 s. */
  double annual_energy_J(int year) const;

  const PvArraySpec& array() const { return array_; }

  /** Sub-steps per hour: 12 (5 min) keeps the sunrise hour within a few W/m2 of a fine integration. */
  static constexpr int substeps = 12;

private:
  struct HourResult {
    double poa_W_m2, power_W;
  };
  HourResult hour(int year, int hour_of_year) const;

  const Climate& climate_;
  PvArraySpec array_;
};

} // namespace greenfab
