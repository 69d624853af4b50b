// The site's energy system during a run: cuts the meters into clock hours, balances each hour (heat, PV,
// battery, grid), and accounts energy, emissions by scope and cost over the measured window.
#pragma once
#include "core/CivilTime.hpp"
#include "energy/RateMeter.hpp"
#include "energy/SiteBalance.hpp"
#include "energy/Solar.hpp"
#include "kernel/EventCalendar.hpp"
#include "model/ModelSpec.hpp"
#include "results/RunResult.hpp"
#include "results/TableBuilder.hpp"

#include <memory>
#include <optional>
#include <vector>

namespace greenfab {

/**
 * A calendar entity with one event per clock hour. Production feeds `meters()` (exact integrals of
 * machine power, air, charging, on-shift time); at each hour boundary the hour's increments are
 * balanced. The measured window's first and last hours may be partial: a period never spans two clock
 * hours or the warm-up boundary, so hourly factors and prices apply exactly.
 */
class SiteEnergy final : public EventHandler {
public:
  SiteEnergy(const ModelSpec& spec, EventCalendar& calendar);
  SiteEnergy(const SiteEnergy&) = delete;
  SiteEnergy& operator=(const SiteEnergy&) = delete;

  SiteMeters& meters() { return meters_; }
  /** Schedules the first hour boundary; `warmup` [s] is when the accounts restart. */
  void start(double warmup);
  /** Closes the last period at `now` and adds the site KPIs and the hourly table to `r`. */
  void finish(double now, RunResult& r);

  void on_event(int tag, std::uint64_t seq) override;

private:
  enum Tag { hour_tag, warmup_tag };
  /** Balances [period_start_, now) and, if inside the window, adds it to the accounts. */
  void close_period(double now);
  double factor(const ClockHour& h) const;
  void carbon_rank(PeriodInputs& in) const;

  const ModelSpec& spec_;
  const SiteSpec& site_;
  EventCalendar& calendar_;
  SimClock clock_;
  SiteMeters meters_;
  std::optional<PvModel> pv_;
  double battery_J_ = 0;

  double period_start_ = 0;
  double window_start_ = 0;
  bool in_window_      = false;
  // Meter readings at the start of the period.
  double machines_J_ = 0, air_m3_ = 0, charging_J_ = 0, on_shift_s_ = 0;
  std::vector<double> process_heat_J_; ///< per station

  /** Adds the process heat KPIs (per carrier) and the stations table's process heat columns. */
  void report_process_heat(RunResult& r) const;

  Flows totals_{};
  std::vector<ProcessHeatFlow> station_heat_; ///< window totals per station
  double peak_import_W_ = 0, peak_demand_W_ = 0;
  TableBuilder hourly_{"hourly", "clock hour of the window (the site's energy balance; "
                                 "switch off with site.hourly_series: false)"};
};

} // namespace greenfab
