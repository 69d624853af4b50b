// Exact integral of a piecewise-constant rate (electric power, compressed-air flow) over simulated time.
#pragma once

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

/** The site's meters that production entities feed: machine electricity and compressed-air demand. */
struct SiteMeters {
  RateMeter machine_power; ///< [W] -> integral [J]
  RateMeter air_flow;      ///< free air demand [m3/s] -> integral [m3]
};

} // namespace greenfab
