// Formats the across-replication summary as aligned text tables.
#include "cli/Report.hpp"
#include "cli/Format.hpp"
#include "core/Units.hpp"
#include "results/Summary.hpp"

#include <cmath>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace greenfab::cli {
namespace {

bool starts_with(const std::string& s, std::string_view p) { return s.rfind(p, 0) == 0; }

/** The report's sections, in order; a KPI goes to the first whose test it passes. */
struct Section {
  const char* title;
  bool (*holds)(const std::string& kpi);
  bool hide_zeros; ///< long optional lists (energy uses, transport) skip what a model does not have
};

const Section sections[] = {
    {"Per good part and per tonne of product",
     [](const std::string& n) {
       return n.find("_per_tonne_") != std::string::npos or starts_with(n, "scope12_") or
              n == "scope3_cat1_per_good_part_kg" or n == "product_mass_kg";
     },
     true},
    {"Emissions, energy use and cost",
     [](const std::string& n) {
       return starts_with(n, "co2e_") or starts_with(n, "scope") or n == "energy_use_J" or
              n == "purchased_energy_J" or starts_with(n, "energy_") or n == "annualisation_factor" or
              n == "carbon_cost";
     },
     false},
    {"Site energy by use and supply",
     [](const std::string& n) {
       for (const char* suffix : {"_J", "_W", "_share"})
         if (n.size() > 2 and n.ends_with(suffix) and not starts_with(n, "machine_") and not starts_with(n, "transport_") and
             not starts_with(n, "material_") and not starts_with(n, "waste_") and not starts_with(n, "internal_") and
             not starts_with(n, "outbound_") and not starts_with(n, "inbound_") and n != "on_time_share" and
             n != "littles_law_residual")
           return true;
       return false;
     },
     true},
    {"Transport",
     [](const std::string& n) {
       return starts_with(n, "transport_") or starts_with(n, "order_") or starts_with(n, "orders_") or starts_with(n, "open_orders") or
              starts_with(n, "on_time") or starts_with(n, "dispatch_") or starts_with(n, "load_wait") or
              starts_with(n, "outbound_") or starts_with(n, "inbound_") or starts_with(n, "internal_") or
              starts_with(n, "material_stockouts") or
              starts_with(n, "material_starved");
     },
     true},
    {"Materials, water and waste",
     [](const std::string& n) {
       return starts_with(n, "material_") or starts_with(n, "primary_") or starts_with(n, "water_") or
              starts_with(n, "waste_");
     },
     true},
};

/** Production KPIs first (no title: what every model has), then the optional sections. */
void print_kpi_sections(std::ostream& out, const Table& k)
{
  std::vector<int> section_of(k.rows(), -1);
  for (std::size_t i = 0; i < k.rows(); ++i)
    for (std::size_t s = 0; s < std::size(sections); ++s)
      if (sections[s].holds(k.text[0].values[i])) {
        section_of[i] = static_cast<int>(s);
        break;
      }
  auto line = [&](std::size_t i) {
    out << "  " << pad(k.text[0].values[i], 27) << pm(k.numeric[0].values[i], k.numeric[1].values[i], k.text[1].values[i])
        << "\n";
  };
  for (std::size_t i = 0; i < k.rows(); ++i)
    if (section_of[i] < 0)
      line(i);
  for (std::size_t s = 0; s < std::size(sections); ++s) {
    bool any = false;
    int zeros = 0;
    for (std::size_t i = 0; i < k.rows(); ++i) {
      if (section_of[i] != static_cast<int>(s))
        continue;
      const bool zero = k.numeric[0].values[i] == 0 and k.numeric[1].values[i] == 0;
      if (sections[s].hide_zeros and zero) {
        ++zeros;
        continue;
      }
      if (not any)
        out << "\n  " << sections[s].title << "\n";
      any = true;
      line(i);
    }
    if (any and zeros > 0)
      out << "  (" << zeros << " more are 0 in every replication: see the results file)\n";
  }
}

} // namespace

void print_report(std::ostream& out, const ResultsFile& results)
{
  int ok = 0;
  for (const auto& r : results.runs)
    ok += r.status == "ok" ? 1 : 0;
  out << "\n" << results.model_name << ": " << ok << " of " << results.runs.size()
      << " replications, warm-up " << format_duration(results.warmup_s) << ", horizon "
      << format_duration(results.horizon_s) << ", seed " << results.seed << "\n";
  if (results.replications_requested > static_cast<int>(results.runs.size()))
    out << "  partial: interrupted after " << results.runs.size() << " of " << results.replications_requested
        << " replications\n";
  for (const auto& r : results.runs)
    if (r.status != "ok")
      out << "  replication " << r.replication << ": " << r.status << "\n";
  if (ok == 0)
    return;
  out << "(mean +/- 95 % confidence half-width over replications)\n\n";

  const Table k = summarise_kpis(results.runs);
  print_kpi_sections(out, k);

  // A large Little's-law residual means the window is not in steady state: say so where people look.
  for (std::size_t i = 0; i < k.rows(); ++i)
    if (k.text[0].values[i] == "littles_law_residual" and std::abs(k.numeric[0].values[i]) > 0.05)
      out << "\n  warning: Little's law is off by " << fmt(100 * k.numeric[0].values[i], 2)
          << " % (wip_mean vs throughput x lead time): the line is not in steady state in the measured window.\n"
          << "  WIP probably grows without bound (arrivals exceed capacity; see `greenfab check`) or the "
             "warm-up is too short.\n";

  const Table s = summarise_entities(results.runs, "stations");
  out << "\n  " << pad("station", 14) << pad("process", 9) << pad("setup", 9) << pad("idle", 9) << pad("blocked", 9)
      << pad("down", 9) << pad("off", 9) << pad("standby", 9) << pad("no mat.", 9) << pad("OEE", 9) << pad("scrap", 7) << "energy\n";
  auto col = [&](const char* name, std::size_t row) {
    const Column* c = s.find(name);
    return c ? c->values[row] : std::nan("");
  };
  for (std::size_t i = 0; i < s.rows(); ++i) {
    out << "  " << pad(s.text[0].values[i], 14);
    for (const char* c : {"processing_share", "setup_share", "idle_share", "blocked_share", "down_share"})
      out << pad(percent(col(c, i)), 9);
    const double switched_off = std::isnan(col("off_share", i)) ? 0 : col("off_share", i);
    out << pad(percent(col("off_shift_share", i) + switched_off), 9); // off shift, switched off or not
    for (const char* c : {"standby_share", "starved_material_share", "oee"}) // no mat.: starved for material
      out << pad(percent(col(c, i)), 9);
    out << pad(fmt(col("parts_scrapped", i), 3), 7) << fmt(col("energy_J", i) / 3.6e6, 3) << " kWh\n";
  }

  const Table b = summarise_entities(results.runs, "buffers");
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
