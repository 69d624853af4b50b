// Formats the across-replication summary as aligned text tables.
#include "cli/Report.hpp"
#include "cli/Format.hpp"
#include "core/Units.hpp"
#include "results/Summary.hpp"

#include <cmath>
#include <cstdio>
#include <string>

namespace greenfab::cli {

void print_report(std::ostream& out, const ResultsFile& results)
{
  int ok = 0;
  for (const auto& r : results.runs)
    ok += r.status == "ok" ? 1 : 0;
  out << "\n" << results.model_name << ": " << ok << " of " << results.runs.size()
      << " replications, warm-up " << format_duration(results.warmup_s) << ", horizon "
      << format_duration(results.horizon_s) << ", seed " << results.seed << "\n";
  for (const auto& r : results.runs)
    if (r.status != "ok")
      out << "  replication " << r.replication << ": " << r.status << "\n";
  if (ok == 0)
    return;
  out << "(mean +/- 95 % confidence half-width over replications)\n\n";

  const Table k = summarise_kpis(results.runs);
  for (std::size_t i = 0; i < k.rows(); ++i)
    out << "  " << pad(k.text[0].values[i], 24)
        << pm(k.numeric[0].values[i], k.numeric[1].values[i], k.text[1].values[i]) << "\n";

  // A large Little's-law residual means the window is not in steady state: say so where people look.
  for (std::size_t i = 0; i < k.rows(); ++i)
    if (k.text[0].values[i] == "littles_law_residual" and std::abs(k.numeric[0].values[i]) > 0.05)
      out << "\n  warning: Little's law is off by " << fmt(100 * k.numeric[0].values[i], 2)
          << " % (wip_mean vs throughput x lead time): the line is not in steady state in the measured window.\n"
          << "  WIP probably grows without bound (arrivals exceed capacity; see `greenfab check`) or the "
             "warm-up is too short.\n";

  const Table s = summarise_entities(results.runs, &RunResult::stations);
  out << "\n  " << pad("station", 14) << pad("process", 9) << pad("setup", 9) << pad("idle", 9) << pad("blocked", 9)
      << pad("down", 9) << pad("off", 9) << pad("standby", 9) << pad("OEE", 9) << pad("scrap", 7) << "energy\n";
  auto col = [&](const char* name, std::size_t row) {
    const Column* c = s.find(name);
    return c ? c->values[row] : std::nan("");
  };
  for (std::size_t i = 0; i < s.rows(); ++i) {
    out << "  " << pad(s.text[0].values[i], 14);
    for (const char* c : {"processing_share", "setup_share", "idle_share", "blocked_share", "down_share",
                          "off_shift_share", "standby_share", "oee"})
      out << pad(percent(col(c, i)), 9);
    out << pad(fmt(col("parts_scrapped", i), 3), 7) << fmt(col("energy_J", i) / 3.6e6, 3) << " kWh\n";
  }

  const Table b = summarise_entities(results.runs, &RunResult::buffers);
  out << "\n  " << pad("buffer", 22) << pad("capacity", 10) << pad("mean WIP", 10) << pad("max WIP", 10) << "mean wait\n";
  for (std::size_t i = 0; i < b.rows(); ++i) {
    const double wait = b.find("waiting_time_mean_s")->values[i];
    out << "  " << pad(b.text[0].values[i], 22) << pad(fmt(b.find("capacity")->values[i]), 10)
        << pad(fmt(b.find("wip_mean")->values[i], 3), 10) << pad(fmt(b.find("wip_max")->values[i], 3), 10)
        << (std::isfinite(wait) ? format_duration(wait) : "-") << "\n";
  }
  out << "\n";
}

} // namespace greenfab::cli
