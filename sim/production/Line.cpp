// Line: construction from the spec, routing, release and exit of parts, shifts, warm-up and results.
#include "production/Line.hpp"
#include "core/Errors.hpp"
#include "core/Units.hpp"
#include "production/FinishedGoods.hpp"
#include "production/ResourceAccount.hpp"
#include "results/TableBuilder.hpp"
#include "transport/Transport.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace greenfab {
namespace {
constexpr double week = 7 * 86400.0;
enum LineTag { warmup_tag, shift_tag };

bool working_at(const CalendarSpec& c, double week_position)
{
  for (const auto& i : c.working)
    if (i.start <= week_position and week_position < i.end)
      return true;
  return false;
}
} // namespace

Line::Line(const ModelSpec& spec, int replication, EventCalendar& calendar, Tracer* tracer, SiteMeters* meters)
    : spec_(spec), calendar_(calendar), tracer_(tracer), meters_(meters)
{
  // The loader guarantees the model can run (e.g. a saturated push source has a finite first buffer).
  for (std::size_t s = 0; s < spec.stations.size(); ++s)
    stations_.push_back(
        std::make_unique<Station>(*this, spec, static_cast<StationId>(s), spec.run.seed, replication));
  source_ = std::make_unique<Source>(*this, spec, spec.run.seed, replication);
  lead_times_by_product_.resize(spec.products.size());
  scrapped_by_product_.resize(spec.products.size());
  released_by_product_.resize(spec.products.size());
  made_by_product_.resize(spec.products.size());
  if (spec.transport.enabled)
    transport_ = std::make_unique<Transport>(spec, replication, calendar, meters,
                                             [this](StationId s) { post_start_work(station(s)); },
                                             [this](ProductId p, int quantity, std::int32_t order) {
                                               source_->add_order(p, quantity, order);
                                             },
                                             [this](StationId s) { return station(s).waiting_parts(); });
  if (transport_ and tracer_)
    transport_->set_tracer(tracer_);
  if (spec.finished_goods)
    finished_goods_ = std::make_unique<FinishedGoods>(*this, spec, spec.run.seed, replication);
}

void Line::order_production(ProductId product, int quantity) { source_->add_order(product, quantity, -1); }

Line::~Line() = default;

bool Line::take_material(StationId s, int parts)
{
  return transport_ == nullptr or transport_->take_material(s, parts);
}

void Line::start(double warmup)
{
  if (meters_)
    meters_->on_shift_time.change(now(), 1); // on shift until the calendar says otherwise
  if (not spec_.calendar.always_on) {
    on_shift_ = working_at(spec_.calendar, std::fmod(spec_.run.start_week_offset + now(), week));
    if (meters_ and not on_shift_)
      meters_->on_shift_time.change(now(), -1);
    for (auto& s : stations_)
      for (auto& m : s->machines())
        m->shift_ended(); // settles the initial state (off shift or idle)
    schedule_next_shift_change();
    if (not on_shift_)
      schedule_pre_shift_warm_ups();
  }
  for (auto& s : stations_)
    for (auto& m : s->machines())
      m->start();
  if (warmup > 0)
    calendar_.schedule(warmup, this, warmup_tag);
  if (transport_)
    transport_->start();
  reset_statistics();
  source_->start();
  if (finished_goods_)
    finished_goods_->start();
}

void Line::schedule_next_shift_change()
{
  // Next interval boundary strictly after now (the calendar is weekly; boundaries repeat every week).
  const double pos = std::fmod(spec_.run.start_week_offset + now(), week);
  double next      = std::numeric_limits<double>::infinity();
  for (const auto& i : spec_.calendar.working)
    for (double b : {i.start, i.end}) {
      double d = b - pos;
      if (d <= 0)
        d += week;
      next = std::min(next, d);
    }
  calendar_.schedule(now() + next, this, shift_tag);
}

void Line::schedule_pre_shift_warm_ups()
{
  // The next shift start: an interval start that no other interval ends at (touching ones were merged,
  // except across the week's end).
  const double pos = std::fmod(spec_.run.start_week_offset + now(), week);
  double next      = std::numeric_limits<double>::infinity();
  for (const auto& i : spec_.calendar.working) {
    bool continues = false;
    for (const auto& j : spec_.calendar.working)
      continues = continues or std::fmod(j.end, week) == i.start;
    if (continues)
      continue;
    double d = i.start - pos;
    if (d <= 0)
      d += week;
    next = std::min(next, d);
  }
  for (auto& s : stations_) {
    const PowerSpec& p = s->spec().power;
    if (not p.off_outside_shifts or not p.warm_up_before_shift)
      continue;
    const double at = now() + std::max(0.0, next - *p.warm_up_before_shift);
    for (auto& m : s->machines())
      calendar_.schedule(at, m.get(), Machine::pre_shift_warm_up);
  }
}

void Line::on_event(int tag, std::uint64_t)
{
  if (tag == warmup_tag) {
    if (tracer_)
      tracer_->record(now(), "line", "warm-up ends: statistics restart");
    reset_statistics();
    return;
  }
  const bool working = working_at(spec_.calendar, std::fmod(spec_.run.start_week_offset + now(), week));
  schedule_next_shift_change();
  if (working == on_shift_)
    return; // a boundary between two adjacent intervals
  on_shift_ = working;
  if (meters_)
    meters_->on_shift_time.change(now(), working ? 1 : -1);
  if (tracer_)
    tracer_->record(now(), "calendar", working ? "shift starts" : "shift ends");
  for (auto& s : stations_)
    for (auto& m : s->machines())
      working ? m->shift_started() : m->shift_ended();
  if (not working)
    schedule_pre_shift_warm_ups();
  if (working)
    for (auto& s : stations_)
      post_start_work(*s);
}

void Line::post(Action a)
{
  if (draining_) {
    agenda_.push_back(a);
    return;
  }
  // Nothing is queued when not draining, so running `a` at once keeps the FIFO order.
  draining_ = true;
  perform(a);
  while (not agenda_.empty()) {
    const Action next = agenda_.front();
    agenda_.pop_front();
    perform(next);
  }
  draining_ = false;
}

void Line::perform(const Action& a)
{
  switch (a.kind) {
    case Action::start_work: static_cast<Station*>(a.target)->start_work(); break;
    case Action::serve: static_cast<Buffer*>(a.target)->serve_waiters(); break;
    case Action::release: source_->release(); break;
  }
}

Buffer& Line::entry_buffer(ProductId product)
{
  const ProductSpec& p = spec_.products[static_cast<std::size_t>(product)];
  Station& first       = station(p.route.front());
  return first.input_for(product, not p.released);
}

std::string Line::describe(PartId part) const
{
  const Part& p = parts_[part];
  return spec_.products[static_cast<std::size_t>(p.product)].name + " #" + std::to_string(p.serial) +
         (p.order >= 0 ? " (order " + std::to_string(p.order) + ")" : "");
}

std::size_t Line::parts_in_system() const { return parts_.live() + source_->backlog(); }

void Line::check_wip()
{
  if (wip_limit_reached_ == 0 and parts_in_system() > spec_.run.limits.wip) {
    wip_limit_reached_ = parts_in_system();
    calendar_.stop();
  }
}

PartId Line::release(ProductId product, std::int32_t order)
{
  const ProductSpec& p = spec_.products[static_cast<std::size_t>(product)];
  const PartId id      = parts_.create(Part{product, 0, now(), now(), ++serial_, order});
  check_wip();
  ++made_by_product_[static_cast<std::size_t>(product)];
  if (p.released) {
    ++wip_count_;
    wip_.set(static_cast<double>(wip_count_), now());
    ++released_;
    ++released_by_product_[static_cast<std::size_t>(product)];
  }
  if (tracer_)
    tracer_->record(now(), "source", "releases " + describe(id));
  if (not p.bom.empty()) {
    // An assembly order: the parent waits at the assembly station for its components, released now.
    station(p.route.front()).add_order(id);
    for (const auto& item : p.bom)
      for (int k = 0; k < item.quantity; ++k)
        release(item.component);
    return id;
  }
  Buffer& first = entry_buffer(product);
  if (p.released) {
    first.put(id); // the source checked can_accept
  } else {
    auto& q = entry_queues_[&first];
    if (not q)
      q = std::make_unique<EntryQueue>(first);
    q->push(id);
  }
  return id;
}

Buffer* Line::next_buffer(const Part& part)
{
  const ProductSpec& p = spec_.products[static_cast<std::size_t>(part.product)];
  const auto next      = static_cast<std::size_t>(part.step + 1);
  if (next >= p.route.size())
    return nullptr;
  // A component's last route step is its assembly station, where it joins that station's component buffer.
  const bool joins_assembly = not p.released and next + 1 == p.route.size();
  return &station(p.route[next]).input_for(part.product, joins_assembly);
}

void Line::move_on(PartId id, Buffer& next)
{
  ++parts_[id].step;
  if (transport_ and transport_->internal_moves()) {
    // A forklift or AGV carries the part: its place in `next` is booked now (the machine is free to go on),
    // and it enters the buffer when the vehicle arrives. Until then it is in transit, still in the WIP.
    const auto& route    = spec_.products[static_cast<std::size_t>(parts_[id].product)].route;
    const auto step      = static_cast<std::size_t>(parts_[id].step);
    const StationId from = route[step - 1], to = route[step];
    next.reserve();
    if (tracer_)
      tracer_->record(now(), "internal transport", describe(id) + " asks for a vehicle to carry it to " + next.name());
    transport_->move_part(now(), from, to, [this, id, &next] {
      if (tracer_)
        tracer_->record(now(), "internal transport", describe(id) + " arrives at " + next.name());
      next.put_reserved(id);
    });
    return;
  }
  next.put(id);
}

void Line::complete(PartId id)
{
  const Part& part = parts_[id];
  const double lt  = now() - part.released_at;
  lead_times_.add(lt);
  lead_time_quantiles_.add(lt);
  lead_times_by_product_[static_cast<std::size_t>(part.product)].add(lt);
  if (tracer_)
    tracer_->record(now(), "sink", describe(id) + " leaves the line (lead time " + format_duration(lt) + ")");
  if (transport_)
    transport_->part_finished(part.product, part.released_at, part.order); // ships to a customer
  if (finished_goods_)
    finished_goods_->receive(part.product);
  --wip_count_;
  wip_.set(static_cast<double>(wip_count_), now());
  parts_.destroy(id);
  post_release();
}

void Line::scrap(PartId id)
{
  const Part part = parts_[id];
  ++scrapped_;
  ++scrapped_by_product_[static_cast<std::size_t>(part.product)];
  parts_.destroy(id);
  if (spec_.products[static_cast<std::size_t>(part.product)].released) {
    --wip_count_;
    wip_.set(static_cast<double>(wip_count_), now());
    if (part.order >= 0)
      source_->replace(part.product, part.order); // an order is only delivered complete
    else if (finished_goods_)
      finished_goods_->lost_in_production(part.product); // the store orders it again if its policy says so
    post_release();
  } else {
    release(part.product); // a replacement component keeps the assembly order alive
  }
}

void Line::reset_statistics()
{
  window_start_ = now();
  wip_.reset(now());
  lead_times_ = Moments{};
  lead_time_quantiles_.clear();
  std::fill(lead_times_by_product_.begin(), lead_times_by_product_.end(), Moments{});
  std::fill(scrapped_by_product_.begin(), scrapped_by_product_.end(), 0);
  std::fill(released_by_product_.begin(), released_by_product_.end(), 0);
  std::fill(made_by_product_.begin(), made_by_product_.end(), 0);
  released_ = scrapped_ = 0;
  for (auto& s : stations_)
    s->reset_statistics(now());
  if (transport_)
    transport_->reset_statistics(now());
  if (finished_goods_)
    finished_goods_->reset_statistics(now());
}

ResourceCounts Line::resource_counts(double now_s, double good_parts, double machine_energy) const
{
  ResourceCounts c{made_by_product_, scrapped_by_product_, {}, {}, good_parts, machine_energy};
  for (const auto& s : stations_) {
    c.processed_by_station.push_back(s->counters().parts_processed);
    std::array<double, machine_state_count> t{};
    for (const auto& m : s->machines()) {
      const auto mt = m->state_times(now_s);
      for (std::size_t k = 0; k < machine_state_count; ++k)
        t[k] += mt[k];
    }
    c.state_time_by_station.push_back(t);
  }
  return c;
}

RunResult Line::results(double now_s) const
{
  RunResult r;
  const double span  = now_s - window_start_;
  const double hours = span / 3600;
  const double out   = static_cast<double>(lead_times_.count());
  const double L     = wip_.mean(now_s);
  const double lambda = span > 0 ? out / span : 0;
  const double W      = lead_times_.count() ? lead_times_.mean() : std::numeric_limits<double>::quiet_NaN();
  r.kpis = {
      {"throughput_per_h", "1/h", "finished parts leaving the line per hour", out / hours},
      {"output_parts", "", "finished parts in the measured window", out},
      {"lead_time_mean_s", "s", "mean time from release to leaving the line", W},
      {"lead_time_p50_s", "s", "median lead time (0.25 % histogram resolution)", lead_time_quantiles_.quantile(0.5)},
      {"lead_time_p90_s", "s", "90th percentile of lead time", lead_time_quantiles_.quantile(0.9)},
      {"lead_time_p95_s", "s", "95th percentile of lead time", lead_time_quantiles_.quantile(0.95)},
      {"wip_mean", "", "time-average number of released, unfinished orders in the line", L},
      {"littles_law_wip", "", "throughput x mean lead time (Little's law estimate of wip_mean)", lambda * W},
      {"littles_law_residual", "1", "(wip_mean - throughput x lead time) / wip_mean: edge effects of the window",
       L > 0 ? (L - lambda * W) / L : 0},
      {"released_parts", "", "orders released into the line in the window", static_cast<double>(released_)},
      {"scrapped_parts", "", "parts scrapped at any station in the window", static_cast<double>(scrapped_)},
      {"wip_end", "", "orders in the line at the end of the run", static_cast<double>(wip_count_)},
      {"backlog_end", "", "orders waiting for release at the end of the run",
       static_cast<double>(source_->backlog())},
  };

  // Stations.
  TableBuilder st("stations", "station");
  st.key("station").column("machines", "", "parallel machines");
  const char* share_desc[] = {"share of machine time processing", "share of machine time in setup",
                              "share of machine time idle (starved: no work)",
                              "share of machine time blocked (holding a finished part, next buffer full)",
                              "share of machine time down (failed, in repair)", "share of machine time off shift",
                              "share of machine time in standby (auto-standby policy)",
                              "share of machine time warming up (leaving standby or off)",
                              "share of machine time switched off (outside shifts, by policy)",
                              "share of machine time starved for material (work waits, a purchased material is out of stock)"};
  const auto state_name = [](std::size_t k) { return std::string(to_string(static_cast<MachineState>(k))); };
  for (std::size_t k = 0; k < machine_state_count; ++k)
    st.column(state_name(k) + "_share", "1", share_desc[k]);
  st.column("availability", "1", "(planned - down - setup - warm-up) / planned; planned = machine time on shift")
      .column("performance", "1", "ideal processing time of completed cycles / run time (idle and blocked are losses)")
      .column("quality", "1", "good parts / processed parts")
      .column("oee", "1", "availability x performance x quality");
  for (std::size_t k = 0; k < machine_state_count; ++k)
    st.column(state_name(k) + "_energy_J", "J",
              std::string("electric energy of the station's machines while ") + to_string(static_cast<MachineState>(k)));
  const char* counts[] = {"cycles", "parts_processed", "parts_good", "parts_scrapped", "setups", "failures"};
  for (const char* c : counts)
    st.column(c, "", "count in the measured window");
  st.column("energy_J", "J", "electric energy of the station's machines (power of each state x time)")
      .column("power_mean_W", "W", "mean electric power of the station's machines");
  double line_energy = 0;
  for (const auto& s : stations_) {
    std::array<double, machine_state_count> t{}, e{};
    double energy = 0;
    for (const auto& m : s->machines()) {
      const auto mt = m->state_times(now_s);
      const auto me = m->state_energy(now_s);
      for (std::size_t k = 0; k < machine_state_count; ++k) {
        t[k] += mt[k];
        e[k] += me[k];
        energy += me[k];
      }
    }
    line_energy += energy;
    double total = 0;
    for (double x : t)
      total += x;
    const auto& c         = s->counters();
    const double planned  = total - t[static_cast<std::size_t>(MachineState::off_shift)] -
                           t[static_cast<std::size_t>(MachineState::off)];
    const double run_time = planned - t[static_cast<std::size_t>(MachineState::down)] -
                            t[static_cast<std::size_t>(MachineState::setup)] -
                            t[static_cast<std::size_t>(MachineState::warm_up)];
    const double availability = planned > 0 ? run_time / planned : std::numeric_limits<double>::quiet_NaN();
    const double performance  = run_time > 0 ? c.ideal_time / run_time : std::numeric_limits<double>::quiet_NaN();
    const double quality = c.parts_processed ? static_cast<double>(c.parts_good) / static_cast<double>(c.parts_processed)
                                             : std::numeric_limits<double>::quiet_NaN();
    auto row = st.row();
    row.set("station", s->name()).set("machines", s->spec().machines);
    for (std::size_t k = 0; k < machine_state_count; ++k)
      row.set(state_name(k) + "_share", total > 0 ? t[k] / total : 0);
    row.set("availability", availability)
        .set("performance", performance)
        .set("quality", quality)
        .set("oee", availability * performance * quality);
    for (std::size_t k = 0; k < machine_state_count; ++k)
      row.set(state_name(k) + "_energy_J", e[k]);
    const std::uint64_t count[] = {c.cycles, c.parts_processed, c.parts_good, c.parts_scrapped, c.setups, c.failures};
    for (std::size_t k = 0; k < std::size(counts); ++k)
      row.set(counts[k], count[k]);
    row.set("energy_J", energy).set("power_mean_W", span > 0 ? energy / span : 0);
  }
  r.add_table(st.take());
  r.kpis.push_back({"machine_energy_J", "J", "electric energy of all machines in the window", line_energy});
  r.kpis.push_back({"machine_power_mean_W", "W", "mean electric power of all machines", span > 0 ? line_energy / span : 0});
  r.kpis.push_back({"machine_energy_per_part_J", "J", "machine energy per finished part",
                    out > 0 ? line_energy / out : std::numeric_limits<double>::quiet_NaN()});

  // Buffers.
  TableBuilder bt("buffers", "buffer");
  bt.key("buffer")
      .text("station")
      .column("capacity", "", "waiting places (inf: unlimited)")
      .column("wip_mean", "", "time-average parts waiting")
      .column("wip_max", "", "most parts waiting at once")
      .column("waiting_time_mean_s", "s", "mean wait of parts that left the buffer")
      .column("departures", "", "parts that left the buffer in the window");
  for (const auto& s : stations_)
    for (Buffer* b : s->buffers())
      bt.row()
          .set("buffer", b->name())
          .set("station", s->name())
          .set("capacity", b->capacity())
          .set("wip_mean", b->mean_level(now_s))
          .set("wip_max", b->max_level())
          .set("waiting_time_mean_s", b->waiting_times().mean())
          .set("departures", b->waiting_times().count());
  r.add_table(bt.take());

  // Products.
  TableBuilder pt("products", "product");
  pt.key("product")
      .column("throughput_per_h", "1/h", "finished parts per hour")
      .column("output_parts", "", "finished parts in the window")
      .column("lead_time_mean_s", "s", "mean lead time")
      .column("released_parts", "", "released in the window")
      .column("scrapped_parts", "", "scrapped in the window (components included)");
  for (std::size_t p = 0; p < spec_.products.size(); ++p) {
    const auto& m = lead_times_by_product_[p];
    pt.row()
        .set("product", spec_.products[p].name)
        .set("throughput_per_h", static_cast<double>(m.count()) / hours)
        .set("output_parts", m.count())
        .set("lead_time_mean_s", m.mean())
        .set("released_parts", released_by_product_[p])
        .set("scrapped_parts", scrapped_by_product_[p]);
  }
  r.add_table(pt.take());
  add_resource_results(spec_, resource_counts(now_s, out, line_energy), r);
  if (transport_)
    transport_->add_results(r, now_s);
  if (finished_goods_)
    finished_goods_->add_results(r, now_s);

  // The lead-time distribution as percentiles 1..99 (from the 0.25 %-resolution histogram): enough to
  // draw its histogram or CDF per replication, and averaged per percentile in the summary.
  TableBuilder lt("lead_time_distribution", "percentile");
  lt.key_column("percentile", "%", "percentile of the lead times of parts finished in the window")
      .column("lead_time_s", "s", "lead time at that percentile (NaN when no part finished)");
  for (int p = 1; p <= 99; ++p)
    lt.row().set("percentile", p).set("lead_time_s", lead_time_quantiles_.quantile(p / 100.0));
  r.add_table(lt.take());
  return r;
}

} // namespace greenfab
