// Distances between sites from coordinates: great-circle distance times a detour (circuity) factor.
#pragma once
#include <cmath>

namespace greenfab {

/** Mean Earth radius [m] (IUGG mean radius R1 = 6371.0088 km). */
constexpr double earth_radius_m = 6371008.8;

/**
 * Great-circle distance [m] between two points in degrees, by the haversine formula (well conditioned for
 * short and long distances; the sphere's error against the ellipsoid is below 0.5 %, far under the
 * uncertainty of a detour factor).
 */
inline double great_circle_m(double lat1_deg, double lon1_deg, double lat2_deg, double lon2_deg)
{
  constexpr double rad = 3.14159265358979323846 / 180;
  const double dlat    = (lat2_deg - lat1_deg) * rad;
  const double dlon    = (lon2_deg - lon1_deg) * rad;
  const double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1_deg * rad) * std::cos(lat2_deg * rad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * earth_radius_m * std::asin(std::sqrt(std::fmin(1.0, a)));
}

} // namespace greenfab
