// The finished-goods store. Inventory position = on hand + in production - backordered: the quantity the
// (s, S) policy reviews after every demand and every loss, so base stock (s = S - 1) orders exactly what
// was demanded, and the line's replenishment orders are released in the order they were placed.
#include "production/FinishedGoods.hpp"
#include "core/Units.hpp"
#include "production/Line.hpp"
#include "results/TableBuilder.hpp"

#include <algorithm>
#include <limits>

namespace greenfab {

FinishedGoods::FinishedGoods(Line& line, const ModelSpec& spec, std::uint64_t seed, int replication)
    : line_(line)
    , spec_(spec)
    , fg_(*spec.finished_goods)
    , demand_rng_(seed, static_cast<std::uint64_t>(replication), "finished_goods", "demand")
    , mix_rng_(seed, static_cast<std::uint64_t>(replication), "finished_goods", "mix")
    , shelves_(spec.products.size())
{
  for (std::size_t p = 0; p < shelves_.size(); ++p)
    if (spec.products[p].released) {
      shelves_[p].on_hand = fg_.order_up_to;
      shelves_[p].on_hand_level.set(fg_.order_up_to, 0);
    }
}

void FinishedGoods::start()
{
  line_.calendar().schedule(line_.now() + fg_.demand.sample(demand_rng_), this, 0);
}

ProductId FinishedGoods::draw_product()
{
  const double u   = mix_rng_.uniform01();
  double cumulated = 0;
  ProductId chosen = -1;
  for (std::size_t p = 0; p < spec_.products.size(); ++p) {
    if (not spec_.products[p].released)
      continue;
    chosen = static_cast<ProductId>(p);
    cumulated += spec_.products[p].mix;
    if (u < cumulated)
      break;
  }
  return chosen;
}

void FinishedGoods::record_levels(Shelf& shelf)
{
  shelf.on_hand_level.set(shelf.on_hand, line_.now());
  shelf.backorder_level.set(shelf.backordered, line_.now());
}

void FinishedGoods::on_event(int, std::uint64_t)
{
  line_.calendar().schedule(line_.now() + fg_.demand.sample(demand_rng_), this, 0);
  const ProductId product = draw_product();
  Shelf& shelf            = shelves_[static_cast<std::size_t>(product)];
  const int wanted        = fg_.demand_quantity;
  const int shipped       = std::min(wanted, shelf.on_hand);
  const int short_units   = wanted - shipped;
  ++shelf.demands;
  shelf.units_demanded += static_cast<std::uint64_t>(wanted);
  shelf.units_from_stock += static_cast<std::uint64_t>(shipped);
  shelf.on_hand -= shipped;
  for (int k = 0; k < shipped; ++k)
    shelf.customer_wait.add(0);
  if (short_units == 0) {
    ++shelf.demands_complete;
  } else if (fg_.shortage == FinishedGoodsSpec::Shortage::backorder) {
    shelf.backorders.push_back({line_.now(), short_units});
    shelf.backordered += short_units;
  } else {
    shelf.units_lost += static_cast<std::uint64_t>(short_units);
  }
  record_levels(shelf);
  if (Tracer* t = line_.tracer()) {
    std::string what = "demand for " + std::to_string(wanted) + " " +
                       spec_.products[static_cast<std::size_t>(product)].name + ": ";
    what += std::to_string(shipped);
    what += " from stock";
    if (short_units > 0)
      what += fg_.shortage == FinishedGoodsSpec::Shortage::backorder ? ", " + std::to_string(short_units) + " backordered"
                                                                    : ", " + std::to_string(short_units) + " lost";
    what += " (" + std::to_string(shelf.on_hand) + " left)";
    t->record(line_.now(), "finished goods", what);
  }
  review(product);
}

void FinishedGoods::review(ProductId product)
{
  Shelf& shelf   = shelves_[static_cast<std::size_t>(product)];
  const int position = shelf.on_hand + shelf.in_production - shelf.backordered;
  if (position > fg_.reorder_point)
    return;
  const int quantity = fg_.order_up_to - position;
  shelf.in_production += quantity;
  ++shelf.production_orders;
  shelf.units_ordered += static_cast<std::uint64_t>(quantity);
  if (Tracer* t = line_.tracer())
    t->record(line_.now(), "finished goods",
              "orders " + std::to_string(quantity) + " " + spec_.products[static_cast<std::size_t>(product)].name +
                  " from the line");
  line_.order_production(product, quantity);
}

void FinishedGoods::receive(ProductId product)
{
  Shelf& shelf = shelves_[static_cast<std::size_t>(product)];
  --shelf.in_production;
  if (shelf.backorders.empty()) {
    ++shelf.on_hand;
  } else {
    Backorder& oldest = shelf.backorders.front();
    const double wait = line_.now() - oldest.since;
    shelf.backorder_wait.add(wait);
    shelf.customer_wait.add(wait);
    --shelf.backordered;
    if (--oldest.units == 0)
      shelf.backorders.pop_front();
    if (Tracer* t = line_.tracer())
      t->record(line_.now(), "finished goods", "ships a backordered unit (waited " + format_duration(wait) + ")");
  }
  record_levels(shelf);
}

void FinishedGoods::lost_in_production(ProductId product)
{
  --shelves_[static_cast<std::size_t>(product)].in_production;
  review(product);
}

void FinishedGoods::reset_statistics(double now)
{
  for (Shelf& s : shelves_) {
    s.on_hand_level.reset(now);
    s.backorder_level.reset(now);
    s.demands = s.demands_complete = s.units_demanded = s.units_from_stock = s.units_lost = 0;
    s.production_orders = s.units_ordered = 0;
    s.backorder_wait = s.customer_wait = Moments{};
  }
}

void FinishedGoods::add_results(RunResult& r, double now) const
{
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  const auto share     = [](double part, double whole) { return whole > 0 ? part / whole : nan; };
  TableBuilder t("finished_goods", "product");
  t.key("product")
      .column("fill_rate", "1", "units shipped from stock when demanded / units demanded")
      .column("demand_fill_rate", "1", "demands shipped complete from stock / demands")
      .column("on_hand_mean", "", "time-average units on the shelf")
      .column("backorders_mean", "", "time-average units owed to customers")
      .column("backorder_wait_mean_s", "s", "mean wait of a backordered unit, demand to shipment")
      .column("customer_wait_mean_s", "s", "mean wait of a shipped unit (0 from stock)")
      .column("units_demanded", "", "units demanded in the window")
      .column("units_lost", "", "units demanded but not in stock (shortage: lost_sale)")
      .column("production_orders", "", "orders placed on the line in the window")
      .column("units_ordered", "", "units ordered from the line in the window");
  double demanded = 0, from_stock = 0, demands = 0, complete = 0, lost = 0, on_hand = 0, backorders = 0;
  double customer_wait_total = 0, customer_wait_units = 0, backorder_wait_total = 0, backorder_wait_units = 0;
  for (std::size_t p = 0; p < shelves_.size(); ++p) {
    if (not spec_.products[p].released)
      continue;
    const Shelf& s = shelves_[p];
    t.row()
        .set("product", spec_.products[p].name)
        .set("fill_rate", share(static_cast<double>(s.units_from_stock), static_cast<double>(s.units_demanded)))
        .set("demand_fill_rate", share(static_cast<double>(s.demands_complete), static_cast<double>(s.demands)))
        .set("on_hand_mean", s.on_hand_level.mean(now))
        .set("backorders_mean", s.backorder_level.mean(now))
        .set("backorder_wait_mean_s", s.backorder_wait.mean())
        .set("customer_wait_mean_s", s.customer_wait.mean())
        .set("units_demanded", s.units_demanded)
        .set("units_lost", s.units_lost)
        .set("production_orders", s.production_orders)
        .set("units_ordered", s.units_ordered);
    demanded += static_cast<double>(s.units_demanded);
    from_stock += static_cast<double>(s.units_from_stock);
    demands += static_cast<double>(s.demands);
    complete += static_cast<double>(s.demands_complete);
    lost += static_cast<double>(s.units_lost);
    on_hand += s.on_hand_level.mean(now);
    backorders += s.backorder_level.mean(now);
    customer_wait_total += s.customer_wait.sum();
    customer_wait_units += static_cast<double>(s.customer_wait.count());
    backorder_wait_total += s.backorder_wait.sum();
    backorder_wait_units += static_cast<double>(s.backorder_wait.count());
  }
  r.add_table(t.take());
  r.kpis.push_back({"fg_fill_rate", "1", "finished goods: units shipped from stock when demanded / units demanded",
                    share(from_stock, demanded)});
  r.kpis.push_back({"fg_demand_fill_rate", "1", "finished goods: demands shipped complete from stock / demands",
                    share(complete, demands)});
  r.kpis.push_back({"fg_on_hand_mean", "", "finished goods: time-average units on the shelf, all products", on_hand});
  r.kpis.push_back({"fg_backorders_mean", "", "finished goods: time-average units owed to customers", backorders});
  r.kpis.push_back({"fg_backorder_wait_mean_s", "s", "finished goods: mean wait of a backordered unit",
                    share(backorder_wait_total, backorder_wait_units)});
  r.kpis.push_back({"fg_customer_wait_mean_s", "s", "finished goods: mean wait of a shipped unit (0 from stock)",
                    share(customer_wait_total, customer_wait_units)});
  r.kpis.push_back({"fg_lost_share", "1", "finished goods: units lost for want of stock / units demanded",
                    share(lost, demanded)});
  r.kpis.push_back({"fg_units_demanded", "", "finished goods: units demanded in the window", demanded});
}

} // namespace greenfab
