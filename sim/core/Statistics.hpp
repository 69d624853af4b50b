// Streaming statistics with memory independent of run length: time-weighted levels, moments, quantiles.
#pragma once
#include <cstdint>
#include <vector>

namespace greenfab {

/** Time-average of a piecewise-constant level (WIP, buffer content): integral / elapsed time. */
class TimeWeighted {
public:
  void set(double level, double now)
  {
    integral_ += level_ * (now - last_);
    last_  = now;
    level_ = level;
    if (level > max_)
      max_ = level;
  }
  void add(double delta, double now) { set(level_ + delta, now); }
  /** Forgets the past (end of warm-up) but keeps the current level. */
  void reset(double now)
  {
    integral_ = 0;
    last_ = start_ = now;
    max_           = level_;
  }
  double mean(double now) const
  {
    const double span = now - start_;
    return span > 0 ? (integral_ + level_ * (now - last_)) / span : level_;
  }
  double level() const { return level_; }
  double max() const { return max_; }

private:
  double level_ = 0, integral_ = 0, last_ = 0, start_ = 0, max_ = 0;
};

/** Count, mean and variance by Welford's update. */
class Moments {
public:
  void add(double x)
  {
    ++n_;
    const double d = x - mean_;
    mean_ += d / static_cast<double>(n_);
    m2_ += d * (x - mean_);
  }
  std::uint64_t count() const { return n_; }
  double mean() const;     ///< NaN when empty
  double variance() const; ///< sample variance, NaN when n < 2
  double sum() const { return mean_ * static_cast<double>(n_); }

private:
  std::uint64_t n_ = 0;
  double mean_ = 0, m2_ = 0;
};

/**
 * Quantiles of positive values from a log-spaced histogram: bins are 0.5 % wide in relative terms from
 * 1 ms to ~30 years, so any quantile is known to within 0.25 % relative error with fixed memory
 * (~6000 counters), whatever the number of values. Values outside the range go to the end bins.
 */
class QuantileHistogram {
public:
  QuantileHistogram();
  void add(double x);
  void clear();
  double quantile(double q) const; ///< NaN when empty
  std::uint64_t count() const { return n_; }

private:
  std::vector<std::uint64_t> bins_;
  std::uint64_t n_ = 0;
};

/** A confidence interval [low, high] of a probability. */
struct ProportionInterval {
  double low, high;
};

/**
 * Wilson's score interval for a probability from `successes` of `trials` (95 % by default, z = 1.96):
 * unlike the normal approximation it stays inside [0, 1] and is not empty at 0 or n successes, which is
 * where small samples of a pathway study (P(both) from a handful of replications) live. Wilson (1927),
 * J. Am. Stat. Assoc. 22:209-212. {NaN, NaN} without trials.
 */
ProportionInterval wilson_interval(std::uint64_t successes, std::uint64_t trials, double z = 1.959963984540054);

} // namespace greenfab
