// `greenfab check`: validates a model and prints what it describes, with a static bottleneck estimate.
#include "cli/Commands.hpp"
#include "cli/ModelOptions.hpp"
#include "core/Units.hpp"

#include <cmath>
#include <cstdio>
#include <iostream>
#include <limits>

namespace po = boost::program_options;

namespace greenfab::cli {
namespace {
/** Share of each released product in the parts released [1]. Made to stock the mix picks lots, so it is
 *  mix x lot_size, normalised; made to order it is each customer's parts rate times its product shares. */
std::vector<double> release_shares(const ModelSpec& spec)
{
  std::vector<double> share(spec.products.size(), 0);
  const OutboundSpec& o = spec.transport.outbound;
  for (std::size_t p = 0; p < spec.products.size(); ++p)
    if (spec.products[p].released) {
      if (not spec.release.to_order)
        share[p] = spec.products[p].mix * spec.products[p].lot_size;
      else
        for (const auto& c : o.customers)
          share[p] += c.orders->quantity.mean() / c.orders->interarrival.mean() * c.orders->mix[p];
    }
  double total = 0;
  for (double x : share)
    total += x;
  for (double& x : share)
    x /= total > 0 ? total : 1;
  return share;
}

/** Parts released per second: the arrival rate, or made to order the customers' orders x mean quantity
 *  (rounding of sampled quantities aside); NaN when saturated. */
double release_rate(const ModelSpec& spec)
{
  if (spec.release.to_order) {
    double rate = 0;
    for (const auto& c : spec.transport.outbound.customers)
      rate += c.orders->quantity.mean() / c.orders->interarrival.mean();
    return rate;
  }
  if (spec.finished_goods) // base stock orders what is demanded; with lost sales the line makes less
    return spec.finished_goods->demand_quantity / spec.finished_goods->demand.mean();
  return spec.release.interarrival ? 1 / spec.release.interarrival->mean() : std::numeric_limits<double>::quiet_NaN();
}

/** Mean processing time per released part at each station [s]: visits x mean time / batch, over the
 *  release shares and through bills of materials (scrap rework and setups are not included). */
std::vector<double> work_per_order(const ModelSpec& spec)
{
  std::vector<double> work(spec.stations.size(), 0);
  auto add = [&](auto&& self, ProductId p, double multiplicity) -> void {
    const auto& prod = spec.products[static_cast<std::size_t>(p)];
    for (std::size_t i = 0; i < prod.route.size(); ++i) {
      const auto& st = spec.stations[static_cast<std::size_t>(prod.route[i])];
      const auto& t  = st.process[static_cast<std::size_t>(p)];
      // A component's last stop is the assembly station's input buffer, not processing.
      if (t and not(not prod.released and i + 1 == prod.route.size()))
        work[static_cast<std::size_t>(prod.route[i])] += multiplicity * t->mean() / st.batch;
    }
    for (const auto& item : prod.bom)
      self(self, item.component, multiplicity * item.quantity);
  };
  const auto share = release_shares(spec);
  for (std::size_t p = 0; p < spec.products.size(); ++p)
    if (share[p] > 0)
      add(add, static_cast<ProductId>(p), share[p]);
  return work;
}

std::string three_digits(double x)
{
  char text[32];
  std::snprintf(text, sizeof text, "%.3g", x);
  return text;
}

double availability(const StationSpec& s)
{
  if (not s.failures)
    return 1;
  const double mtbf = s.failures->between.mean(), mttr = s.failures->repair.mean();
  return mtbf / (mtbf + mttr);
}
} // namespace

int check_command(const Invocation& in)
{
  ModelOptions model;
  po::options_description desc("greenfab check MODEL.yaml [options]\n\nValidates the model (exit 2 with "
                               "file:line:column messages if it is wrong) and summarises it");
  po::positional_options_description pos;
  desc.add_options()("help,h", "this help");
  model.add_to(desc, pos, true);
  const auto vm = parse(in.args, desc, pos);
  if (vm.count("help")) {
    std::cout << desc << "\n";
    return exit_ok;
  }
  const ModelSpec spec = model.load();
  std::printf("%s: OK\n", spec.source_file.c_str());
  std::printf("model '%s'%s%s\n", spec.name.c_str(), spec.description.empty() ? "" : ": ", spec.description.c_str());
  std::printf("run: start %s, warm-up %s, horizon %s, %d replication(s), seed %llu\n", spec.run.start.c_str(),
              format_duration(spec.run.warmup).c_str(), format_duration(spec.run.horizon).c_str(),
              spec.run.replications, static_cast<unsigned long long>(spec.run.seed));

  double shift_fraction = 1;
  if (not spec.calendar.always_on) {
    double on = 0;
    for (const auto& i : spec.calendar.working)
      on += i.end - i.start;
    shift_fraction = on / (7 * 86400.0);
    std::printf("calendar: %.1f h working per week (%.0f %% of the time)\n", on / 3600, 100 * shift_fraction);
  }
  const char* policies[] = {"push", "conwip", "kanban"};
  const double lambda = release_rate(spec);
  std::printf("release: %s, %s", policies[static_cast<int>(spec.release.policy)],
              spec.release.to_order
                  ? ("to order: " + std::to_string(spec.transport.outbound.customers.size()) + " customers' orders, " +
                     three_digits(lambda * 3600) + " parts/h on average")
                        .c_str()
              : spec.finished_goods
                  ? ("to stock: finished goods " +
                     (spec.finished_goods->reorder_point + 1 == spec.finished_goods->order_up_to
                          ? "base stock " + std::to_string(spec.finished_goods->order_up_to)
                          : "(s, S) = (" + std::to_string(spec.finished_goods->reorder_point) + ", " +
                                std::to_string(spec.finished_goods->order_up_to) + ")") +
                     ", demand " + three_digits(lambda * 3600) + " units/h" +
                     (spec.finished_goods->shortage == FinishedGoodsSpec::Shortage::lost_sale ? ", lost sales"
                                                                                              : ", backorders"))
                        .c_str()
              : spec.release.interarrival ? ("interarrival " + spec.release.interarrival->to_duration_string()).c_str()
                                          : "saturated (a part is always ready)");
  if (spec.release.policy == ReleaseSpec::Policy::conwip)
    std::printf(", WIP cap %d", spec.release.wip_cap);
  std::printf("\n\nproducts:\n");
  for (const auto& p : spec.products) {
    std::string route;
    for (StationId s : p.route)
      route += (route.empty() ? "" : " -> ") + spec.stations[static_cast<std::size_t>(s)].name;
    std::printf("  %-16s %s  %s\n", p.name.c_str(),
                p.released ? ("mix " + std::to_string(static_cast<int>(std::lround(100 * p.mix))) + " %").c_str()
                           : "component",
                route.c_str());
  }

  const auto work = work_per_order(spec);
  std::printf("\nstations (work per order = mean processing time per released order; setups not included):\n");
  std::printf("  %-16s %8s %14s %12s %16s %12s\n", "station", "machines", "work/order", "availability",
              "capacity/h", "utilisation");
  std::size_t bottleneck = 0;
  double best            = std::numeric_limits<double>::infinity();
  for (std::size_t s = 0; s < spec.stations.size(); ++s) {
    const auto& st        = spec.stations[s];
    const double a        = availability(st);
    const double capacity = work[s] > 0 ? st.machines * a * shift_fraction * 3600 / work[s]
                                        : std::numeric_limits<double>::infinity();
    if (capacity < best) {
      best       = capacity;
      bottleneck = s;
    }
    const double util = lambda * 3600 / capacity;
    std::printf("  %-16s %8d %14s %11.1f %% %16.3g %12s\n", st.name.c_str(), st.machines,
                format_duration(work[s]).c_str(), 100 * a, capacity,
                std::isnan(util) ? "-" : (std::to_string(static_cast<int>(std::lround(100 * util))) + " %").c_str());
  }
  std::printf("\nbottleneck (highest work per available machine-hour): %s, capacity %.3g orders/h\n",
              spec.stations[bottleneck].name.c_str(), best);
  if (not std::isnan(lambda) and lambda * 3600 >= best)
    std::printf("warning: arrivals (%.3g/h) reach or exceed the bottleneck capacity: queues will grow without "
                "bound\n",
                lambda * 3600);
  return exit_ok;
}

} // namespace greenfab::cli
