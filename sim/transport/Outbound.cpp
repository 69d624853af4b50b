// Outbound shipping: order consolidation (full truck load with a maximum wait, daily departures, or milk runs
// over several customers) and trips, stop by stop.
#include "transport/Outbound.hpp"
#include "core/Units.hpp"
#include "transport/Departures.hpp"

#include <algorithm>
#include <cmath>

namespace greenfab {

Outbound::Outbound(const ModelSpec& spec, EventCalendar& calendar, TripLedger& ledger, SiteMeters* meters,
                   VehiclePool* pool, ReleaseOrder release_order, std::uint64_t seed, int replication)
    : spec_(spec), t_(spec.transport), o_(spec.transport.outbound),
      fleet_(spec.transport.fleets[static_cast<std::size_t>(spec.transport.outbound.fleet)]), calendar_(calendar),
      ledger_(ledger), meters_(meters),
      customer_rng_(seed, static_cast<std::uint64_t>(replication), "outbound", "customer"),
      delay_rng_(seed, static_cast<std::uint64_t>(replication), "fleet " + fleet_.name, "delay"),
      release_order_(std::move(release_order)), pool_(pool)
{
  // Each customer's orders draw from streams named after its site: adding a customer shifts no other draw.
  for (const auto& c : o_.customers) {
    const std::string who = "customer " + t_.sites[static_cast<std::size_t>(c.site)].name;
    const auto rep        = static_cast<std::uint64_t>(replication);
    order_rng_.emplace_back(seed, rep, who, "orders");
    quantity_rng_.emplace_back(seed, rep, who, "order quantity");
    product_rng_.emplace_back(seed, rep, who, "order product");
  }
  const bool milk_run = o_.policy == OutboundSpec::Policy::milk_run;
  open_.resize(milk_run ? 1 : o_.customers.size());
  for (std::size_t c = 0; c < open_.size(); ++c)
    open_[c].customer = milk_run ? -1 : static_cast<int>(c);
  timeout_seq_.assign(open_.size(), 0);
  held_.resize(open_.size());
  lead_time_by_customer.resize(o_.customers.size());
  on_time_by_customer.assign(o_.customers.size(), 0);
  production_time_by_customer.resize(o_.customers.size());
  for (std::size_t p = 0; p < spec.products.size(); ++p)
    if (spec.products[p].released)
      shipped_products_.push_back(static_cast<ProductId>(p));
}

void Outbound::start()
{
  if (not o_.departures_s.empty())
    schedule_daily_departure(); // daily, or a milk run with a departure schedule
  if (spec_.release.to_order)
    for (std::size_t c = 0; c < o_.customers.size(); ++c)
      calendar_.schedule(now() + o_.customers[c].orders->interarrival.sample(order_rng_[c]), this,
                         order_tag + 8 * (static_cast<int>(c) + 1));
}

void Outbound::reset_statistics(double)
{
  lead_time     = Moments{};
  dispatch_wait = Moments{};
  load_wait     = Moments{};
  on_time = delivered = 0;
  std::fill(lead_time_by_customer.begin(), lead_time_by_customer.end(), Moments{});
  std::fill(on_time_by_customer.begin(), on_time_by_customer.end(), 0);
  tour_km = Moments{};
  orders_placed   = 0;
  order_quantity  = Moments{};
  production_time = Moments{};
  std::fill(production_time_by_customer.begin(), production_time_by_customer.end(), Moments{});
}

const std::string& Outbound::customer_name(int customer) const
{
  return t_.sites[static_cast<std::size_t>(o_.customers[static_cast<std::size_t>(customer)].site)].name;
}

void Outbound::record_delivery(int customer, double started_at, double due_at)
{
  const double lt = now() - started_at;
  const bool ok   = now() <= due_at + 1e-9;
  lead_time.add(lt);
  lead_time_by_customer[static_cast<std::size_t>(customer)].add(lt);
  ++delivered;
  on_time += ok ? 1 : 0;
  on_time_by_customer[static_cast<std::size_t>(customer)] += ok ? 1 : 0;
}

double Outbound::pallets(const Load& l) const
{
  double n = 0;
  for (const auto& [key, count] : l.parts) {
    const double per = t_.loads[static_cast<std::size_t>(key.second)].parts_per_pallet;
    n += per > 0 ? std::ceil(count / per) : 0;
  }
  return n;
}

bool Outbound::fits(const Load& l, ProductId p, int customer) const
{
  const auto& type = fleet_.type;
  if (l.mass_kg + t_.loads[static_cast<std::size_t>(p)].mass_kg > type.payload_kg * (1 + 1e-12))
    return false;
  if (type.pallets <= 0)
    return true;
  // One more part of (customer, p) adds a pallet only when it opens a new one.
  const double per = t_.loads[static_cast<std::size_t>(p)].parts_per_pallet;
  if (per <= 0)
    return true;
  const auto it  = l.parts.find({customer, p});
  const int n    = it == l.parts.end() ? 0 : it->second;
  const double added = std::ceil((n + 1) / per) - std::ceil(n / per);
  return pallets(l) + added <= type.pallets;
}

bool Outbound::full(const Load& l) const
{
  // Full when no further part of any shipped product would fit: with one product of Q parts per
  // vehicle, the load leaves at the Q-th order, which is what the Erlang waiting-time result assumes.
  // A milk run's load is full when no part fits for any customer (a part may share a customer's pallet).
  for (ProductId p : shipped_products_)
    for (int c = 0; c < static_cast<int>(o_.customers.size()); ++c)
      if ((l.customer < 0 or l.customer == c) and fits(l, p, c))
        return false;
  return true;
}

void Outbound::order_arrives(int customer)
{
  const auto c              = static_cast<std::size_t>(customer);
  const OrderStreamSpec& s  = *o_.customers[c].orders;
  const int quantity        = std::max(1, static_cast<int>(std::lround(s.quantity.sample(quantity_rng_[c]))));
  const double u            = product_rng_[c].uniform01();
  ProductId product         = -1;
  double acc                = 0;
  for (std::size_t p = 0; p < s.mix.size(); ++p) {
    if (s.mix[p] <= 0)
      continue;
    product = static_cast<ProductId>(p);
    acc += s.mix[p];
    if (u < acc)
      break;
  }
  const std::int32_t id = next_order_++;
  book_[id] = OpenOrder{customer, product, quantity, 0, quantity, now(), now() + o_.customers[c].due_s};
  if (tracer_)
    tracer_->record(now(), "customer " + customer_name(customer),
                    "orders " + std::to_string(quantity) + " " + spec_.products[static_cast<std::size_t>(product)].name +
                        " (order " + std::to_string(id) +
                        (std::isinf(o_.customers[c].due_s) ? ")" : ", due in " + format_duration(o_.customers[c].due_s) + ")"));
  ++orders_placed;
  order_quantity.add(quantity);
  calendar_.schedule(now() + s.interarrival.sample(order_rng_[c]), this, order_tag + 8 * (customer + 1));
  release_order_(product, quantity, id);
}

void Outbound::part_finished(ProductId product, double released_at, std::int32_t order)
{
  if (order >= 0) {
    // Ship complete: the order's parts go onto loads together, once the last one is finished.
    OpenOrder& o = book_.at(order);
    if (++o.finished < o.quantity)
      return;
    production_time.add(now() - o.placed_at);
    if (tracer_)
      tracer_->record(now(), "dock",
                      "order " + std::to_string(order) + " for " + customer_name(o.customer) + " is complete (" +
                          std::to_string(o.quantity) + " parts, made in " + format_duration(now() - o.placed_at) +
                          "): ready to ship");
    production_time_by_customer[static_cast<std::size_t>(o.customer)].add(now() - o.placed_at);
    for (int k = 0; k < o.quantity; ++k)
      add_line({o.product, o.placed_at, now(), o.due_at, o.customer, order});
    dispatch();
    return;
  }
  // The destination is drawn by share from its own stream: adding a customer does not shift other draws.
  const double u = customer_rng_.uniform01();
  std::size_t c  = 0;
  double acc     = o_.customers[0].share;
  while (c + 1 < o_.customers.size() and u > acc)
    acc += o_.customers[++c].share;
  add_line({product, released_at, now(), released_at + o_.customers[c].due_s, static_cast<int>(c), -1});
  dispatch();
}

void Outbound::add_line(const CustomerOrder& line)
{
  const int customer = line.customer;
  const int slot     = static_cast<int>(open_index(customer));
  const bool scheduled = not o_.departures_s.empty();
  Load& l        = open_[static_cast<std::size_t>(slot)];
  if (not l.orders.empty() and not fits(l, line.product, customer)) {
    // A part that does not fit starts the next load; on a schedule the full one waits for the departure.
    if (scheduled)
      hold_load(slot);
    else
      close_load(slot);
  }
  const bool first = l.orders.empty();
  l.orders.push_back(line);
  l.mass_kg += t_.loads[static_cast<std::size_t>(line.product)].mass_kg;
  ++l.parts[{customer, line.product}];
  // A milk run without a departure schedule leaves when full (or after max_wait), like a full truck load.
  const bool load_trigger = o_.policy == OutboundSpec::Policy::full_truck_load or
                            (o_.policy == OutboundSpec::Policy::milk_run and o_.departures_s.empty());
  if (load_trigger) {
    if (full(l))
      close_load(slot);
    else if (first)
      arm_timeout(slot);
  }
}

void Outbound::arm_timeout(int customer)
{
  const Load& l = open_[static_cast<std::size_t>(customer)];
  if (std::isinf(o_.max_wait_s) or l.orders.empty())
    return;
  // Customer index travels in the tag: tag = timeout_tag + 8 x (customer + 1).
  timeout_seq_[static_cast<std::size_t>(customer)] =
      calendar_.schedule(l.orders.front().finished_at + o_.max_wait_s, this, timeout_tag + 8 * (customer + 1));
}

void Outbound::close_load(int customer)
{
  Load& l = open_[static_cast<std::size_t>(customer)];
  timeout_seq_[static_cast<std::size_t>(customer)] = 0;
  if (l.orders.empty())
    return;
  ready_.emplace_back(std::move(l), now());
  l          = Load{};
  l.customer = o_.policy == OutboundSpec::Policy::milk_run ? -1 : customer; // the slot of a milk run is for all
}

void Outbound::hold_load(int customer)
{
  Load& l = open_[static_cast<std::size_t>(customer)];
  held_[static_cast<std::size_t>(customer)].push_back(std::move(l));
  l          = Load{};
  l.customer = o_.policy == OutboundSpec::Policy::milk_run ? -1 : customer;
}

void Outbound::dispatch()
{
  if (pool_ == nullptr) {
    while (not ready_.empty())
      depart_front();
    return;
  }
  // One request per formed load, granted in turn with the inbound tours on the same fleet.
  while (requested_ < ready_.size()) {
    ++requested_;
    pool_->acquire(1, [this] {
      --requested_;
      depart_front();
    });
  }
}

void Outbound::depart_front()
{
  {
    auto [load, formed] = std::move(ready_.front());
    ready_.pop_front();
    load_wait.add(now() - formed);
    for (const auto& o : load.orders)
      dispatch_wait.add(now() - o.finished_at);
    Trip trip;
    trip.depart_s = now();
    if (load.customer >= 0) {
      trip.stops = {load.customer};
    } else {
      // Milk run: the customers with orders on board, in the listed sequence.
      std::vector<bool> has(o_.customers.size(), false);
      for (const auto& o : load.orders)
        has[static_cast<std::size_t>(o.customer)] = true;
      for (std::size_t c = 0; c < has.size(); ++c)
        if (has[c])
          trip.stops.push_back(static_cast<int>(c));
    }
    if (tracer_) {
      std::string where;
      for (int c : trip.stops)
        where += (where.empty() ? "" : " -> ") + customer_name(c);
      tracer_->record(now(), fleet_.name,
                      "a vehicle leaves for " + where + " with " + std::to_string(load.orders.size()) + " parts (" +
                          std::to_string(static_cast<long>(std::lround(load.mass_kg))) + " kg)");
    }
    trip.load = std::move(load);
    drive_to_next_stop(std::move(trip), t_.factory);
  }
}

void Outbound::drive_to_next_stop(Trip trip, SiteId from)
{
  // The leg carries what is still on board: tonne-km falls stop by stop on a milk run.
  const SiteId to  = o_.customers[static_cast<std::size_t>(trip.stops.front())].site;
  const double d   = t_.distance_m(from, to, fleet_.type.mode);
  const double out = fleet_.leg_time_s(d, delay_rng_);
  Leg leg{&fleet_, Direction::outbound, from, to, now(), now() + out, d, trip.load.mass_kg, pallets(trip.load),
          static_cast<int>(trip.load.orders.size())};
  trip.energy_J += ledger_.book(leg, meters_);
  trip.distance_m += d;
  trips_[calendar_.schedule(now() + out, this, delivery_tag)] = std::move(trip);
}

void Outbound::schedule_daily_departure()
{
  calendar_.schedule(next_departure(o_.departures_s, spec_.run.start_week_offset, now()), this, departure_tag);
}

void Outbound::on_event(int tag, std::uint64_t seq)
{
  if (tag >= 8 and tag % 8 == order_tag) {
    order_arrives(tag / 8 - 1);
    return;
  }
  if (tag >= 8) { // a max-wait timeout of customer tag / 8 - 1
    const int c = tag / 8 - 1;
    if (timeout_seq_[static_cast<std::size_t>(c)] != seq)
      return; // the load left full in the meantime
    close_load(c);
    dispatch();
    return;
  }
  switch (tag) {
    case departure_tag:
      for (std::size_t c = 0; c < open_.size(); ++c) {
        for (auto& full_load : held_[c])
          ready_.emplace_back(std::move(full_load), now());
        held_[c].clear();
        close_load(static_cast<int>(c));
      }
      dispatch();
      schedule_daily_departure();
      return;
    case delivery_tag: {
      auto node  = trips_.extract(seq);
      Trip& trip = node.mapped();
      const int c = trip.stops.front();
      trip.stops.erase(trip.stops.begin());
      // Unload this customer's orders; the rest stay on board for the next stops.
      Load& load = trip.load;
      std::size_t kept = 0;
      std::vector<std::string> completed; // for the trace, after the unloading
      for (auto& o : load.orders) {
        if (o.customer != c) {
          load.orders[kept++] = o;
          continue;
        }
        if (o.order < 0) {
          record_delivery(c, o.released_at, o.due_at);
        } else if (auto it = book_.find(o.order); --it->second.undelivered == 0) {
          record_delivery(c, o.released_at, o.due_at); // the order's last part
          if (tracer_)
            completed.push_back("has order " + std::to_string(o.order) + " complete (lead time " +
                                format_duration(now() - o.released_at) +
                                (now() <= o.due_at + 1e-9 ? ", on time)" : ", late)"));
          book_.erase(it);
        }
        load.mass_kg -= t_.loads[static_cast<std::size_t>(o.product)].mass_kg;
        --load.parts[{c, o.product}];
      }
      if (tracer_) {
        tracer_->record(now(), fleet_.name,
                        "unloads " + std::to_string(load.orders.size() - kept) + " parts at " + customer_name(c));
        for (const auto& line : completed)
          tracer_->record(now(), "customer " + customer_name(c), line);
      }
      load.orders.resize(kept);
      std::erase_if(load.parts, [](const auto& kv) { return kv.second <= 0; });
      if (load.orders.empty())
        load.mass_kg = 0; // no rounding residue on the empty leg
      const SiteId here = o_.customers[static_cast<std::size_t>(c)].site;
      if (not trip.stops.empty()) {
        drive_to_next_stop(std::move(trip), here);
        return;
      }
      if (fleet_.bought) {
        tour_km.add(trip.distance_m / 1000); // the carrier's return is inside its intensity
        return;
      }
      const double d    = t_.distance_m(here, t_.factory, fleet_.type.mode);
      const double back = fleet_.leg_time_s(d, delay_rng_);
      Leg empty{&fleet_, Direction::outbound, here, t_.factory, now(), now() + back, d, 0, 0, 0};
      trip.energy_J += ledger_.book(empty, meters_);
      trip.distance_m += d;
      trips_[calendar_.schedule(now() + back, this, return_tag)] = std::move(trip);
      return;
    }
    case return_tag: {
      auto node = trips_.extract(seq);
      Trip& trip = node.mapped();
      tour_km.add(trip.distance_m / 1000);
      pool_->come_back(1, trip.energy_J);
      return;
    }
    default: return;
  }
}

} // namespace greenfab
