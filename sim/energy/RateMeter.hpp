// Exact integral of a piecewise-constant rate (electric power, compressed-air flow) over simulated time.
#pragma once
#include <string>
#include <vector>

namespace greenfab {

/**
 * Entities report changes of their rate; the meter integrates rate x time between changes, so the total
 * is exact (no sampling) and costs O(1) per change. The site's hourly balance reads it at each hour.
 */
class RateMeter {
public:
  /** The rate changed by `delta` at `now` (>= the previous change). */
  void change(double now, double delta)
  {
    total_ += rate_ * (now - since_);
    since_ = now;
    rate_ += delta;
  }
  /** Integral of the rate from the last reset to `now`. */
  double total(double now) const { return total_ + rate_ * (now - since_); }
  double rate() const { return rate_; }
  /** Restarts the integral at `now`; the rate carries on. */
  void reset(double now)
  {
    total_ = 0;
    since_ = now;
  }

private:
  double rate_  = 0;
  double total_ = 0;
  double since_ = 0;
};

/** Energy that is not drawn through a rate, booked when it happens: fuel burnt by the own fleet. */
struct FuelBooking {
  std::string carrier; ///< a name in models/data/carriers.yaml, e.g. "diesel", "hvo", "lpg"
  std::string use;     ///< what burnt it, e.g. "trucks", "forklifts"
  double energy_J = 0;
};

/**
 * What production and transport entities feed into the site's energy balance. Rates (electricity,
 * air) are integrated exactly and cut into clock hours by the site; fuels and bought transport are
 * booked as totals (their emission factors do not vary by hour).
 */
struct SiteMeters {
  RateMeter machine_power;    ///< [W] -> integral [J]
  RateMeter air_flow;         ///< free air demand [m3/s] -> integral [m3]
  RateMeter vehicle_charging; ///< [W] electric vehicles charging at the site -> [J]
  RateMeter on_shift_time;    ///< 1 while the site is on shift -> [s] on shift (base load, lighting, set-points)
  /** [W] process heat delivered to each station's machines, indexed by StationId -> [J]; empty without
   *  process heat. The site turns it into carrier energy with the station's supply (SiteSpec::process_heat). */
  std::vector<RateMeter> process_heat;
  std::vector<FuelBooking> fuels;
  double bought_transport_upstream_kg   = 0; ///< [kg CO2e] inbound transport bought from carriers (scope 3 cat. 4)
  double bought_transport_downstream_kg = 0; ///< [kg CO2e] outbound transport bought (scope 3 cat. 9)

  void book_fuel(const std::string& carrier, const std::string& use, double energy_J)
  {
    for (auto& f : fuels)
      if (f.carrier == carrier and f.use == use) {
        f.energy_J += energy_J;
        return;
      }
    fuels.push_back({carrier, use, energy_J});
  }
};

} // namespace greenfab
