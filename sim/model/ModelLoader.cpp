// Model file (YAML) -> validated ModelSpec: schema, units, cross references; every problem is collected.
#include "model/ModelLoader.hpp"
#include "model/FinishedGoodsKeys.hpp"
#include "model/SiteLoader.hpp"
#include "core/Text.hpp"
#include "core/Errors.hpp"
#include "core/TextFile.hpp"
#include "core/Units.hpp"
#include "model/Calendar.hpp"
#include "model/ProcessHeatKeys.hpp"
#include "model/ResourceKeys.hpp"
#include "model/Suggest.hpp"
#include "model/TransportLoader.hpp"
#include "model/YamlChecker.hpp"
#include "model/YamlValue.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>
#include <utility>

namespace greenfab {
namespace {

/** True when a customer of the transport section places its own orders (make to order): those orders,
 *  not an arrival process, then release the parts, which the release checks below must know before the
 *  transport section itself is read (its reader checks the orders). */
bool customers_order(const YamlValue& root)
{
  const YamlValue* t = root.find("transport");
  const YamlValue* o = t != nullptr and t->is_map() ? t->find("outbound") : nullptr;
  const YamlValue* c = o != nullptr and o->is_map() ? o->find("customers") : nullptr;
  if (c == nullptr or not c->is_sequence())
    return false;
  return std::any_of(c->items.begin(), c->items.end(),
                     [](const YamlValue& i) { return i.is_map() and i.find("orders") != nullptr; });
}

/** Known keys plus those another module reads (materials, water and waste: ResourceKeys.hpp). */
template <std::size_t N>
Names with(Names names, const char* const (&more)[N])
{
  names.insert(names.end(), std::begin(more), std::end(more));
  return names;
}

const Names top_keys = with(with({"name", "description", "run", "products", "release", "calendar", "buffers", "stations", "site", "transport"},
                                 resource_top_keys),
                            finished_goods_top_keys);
const Names run_keys{"start", "warmup", "horizon", "replications", "seed", "limits"};
const Names limits_keys{"events", "wip", "memory"};
const Names product_keys = with({"name", "route", "mix", "lot_size", "bom"},
                                resource_product_keys);
const Names station_keys = with(with({"name", "machines", "process", "setup", "batch", "failures", "scrap", "buffer",
                                      "power", "air", "warm_up", "policies"},
                                     resource_station_keys),
                                process_heat_station_keys);
const Names state_keys{"standby", "idle", "setup", "processing", "down", "off_shift", "off"};
const Names warm_up_keys{"time", "power"};
const Names policy_keys{"auto_standby", "off_outside_shifts", "warm_up_before_shift"};
const Names failure_keys{"between", "repair", "clock", "preemption"};
const Names release_keys{"policy", "interarrival", "wip"};
const Names calendar_keys{"shifts", "breaks", "at_shift_end"};
const Names buffers_keys{"default"};




std::string percent(double fraction)
{
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.6g %%", fraction * 100);
  return buf;
}

/** A time-like quantity given either as one distribution for all products or as a map product -> distribution. */
struct TimesDraft {
  struct PerProduct {
    std::string product;
    SourceLocation where; ///< of the key
    std::optional<Distribution> dist;
  };
  const YamlValue* node = nullptr; ///< nullptr: not given
  bool valid            = false;   ///< parsed well enough to cross-check against routes
  std::optional<Distribution> all;
  std::vector<PerProduct> per_product; ///< used when the value is a map
};

/** What the cross-reference checks need to know about a product beyond its ProductSpec. */
struct ProductDraft {
  struct Station {
    std::string name;
    const YamlValue* node = nullptr;
    StationId id          = -1;
  };
  struct Component {
    std::string name;
    SourceLocation where;
    int quantity = 1;
  };
  std::string path;                     ///< "products[widget]" or "products[2]"
  const YamlValue* node       = nullptr;
  const YamlValue* route_node = nullptr;
  const YamlValue* mix_node   = nullptr;
  const YamlValue* lot_node   = nullptr;
  std::optional<double> mix;
  std::vector<Station> route;           ///< as written, resolved in resolve()
  std::vector<Component> bom;
  bool bom_given = false;
  ProductId parent = -1;                ///< the product this one is a component of
};

struct StationDraft {
  std::string path;
  const YamlValue* node       = nullptr;
  const YamlValue* name_node  = nullptr;
  const YamlValue* batch_node = nullptr;
  std::optional<double> buffer; ///< per-station override of buffers.default
  TimesDraft process, setup;
  TimesDraft processing_power; ///< power.processing given per product
};

/** Validates a document tree into a ModelSpec, appending every problem found to the diagnostics. */
class Loader : public YamlChecker {
public:
  explicit Loader(std::vector<Diagnostic>& diagnostics) : YamlChecker(diagnostics) {}
  ModelSpec build(const YamlValue& root);

private:

  std::optional<double> capacity(const YamlValue& v, const std::string& path);
  std::optional<std::string> entity_name(const YamlValue& item, const std::string& path, const char* kind);
  TimesDraft times(const YamlValue& v, const std::string& path, Dimension dimension = Dimension::time);

  void read_run(const YamlValue& v);
  void read_limits(const YamlValue& v);
  void read_products(const YamlValue& v);
  void read_stations(const YamlValue& v);
  void read_power(const YamlValue& station, StationDraft& d, StationSpec& s);
  void read_state_rates(const YamlValue& map, const std::string& path, Dimension dimension, StateRates& rates,
                        TimesDraft* processing_by_product);
  void read_release(const YamlValue& v);
  void read_calendar(const YamlValue& v);
  /** Stations that use compressed air need a compressor in the site. */
  void check_site_needs();
  void resolve(const YamlValue* buffers_default_node);
  void resolve_routes_and_boms();
  void resolve_assembly();
  void resolve_visits();
  /** Checks a per-product value against the products processed at station `s` and fills `slots`;
   *  `required` names the value that every processed product must have, nullptr if optional. */
  void resolve_per_product(StationId s, const TimesDraft& t, const std::string& path,
                           std::vector<std::optional<Distribution>>& slots, const char* required);
  void resolve_mix();

  ModelSpec spec_;
  std::vector<ProductDraft> products_;
  std::vector<StationDraft> stations_;
  const YamlValue* products_node_ = nullptr;
  const YamlValue* policy_node_   = nullptr;
  double default_capacity_        = std::numeric_limits<double>::infinity();
  bool bom_cycle_                 = false;
  bool bom_unresolved_            = false; ///< a bom names an unknown product: released/component roles unsure
  Names misspelt_stations_; ///< stations suggested for unknown route stops: not reported as "not on any route"
  std::vector<std::vector<ProductId>> processed_; ///< per station: products processed there
  std::vector<std::vector<ProductId>> arrivals_;  ///< per station: components that end their route there
};








std::optional<double> Loader::capacity(const YamlValue& v, const std::string& path)
{
  if (v.is_scalar() and v.scalar == "unlimited")
    return std::numeric_limits<double>::infinity();
  if (v.is_scalar()) {
    long long value      = 0;
    const auto* last     = v.scalar.data() + v.scalar.size();
    const auto [ptr, ec] = std::from_chars(v.scalar.data(), last, value);
    if (ec == std::errc() and ptr == last and value >= 0)
      return static_cast<double>(value);
  }
  error(v.where, path,
        "expected a buffer capacity: an integer >= 0 (waiting places) or 'unlimited', got " + v.describe());
  return std::nullopt;
}


std::optional<std::string> Loader::entity_name(const YamlValue& item, const std::string& path, const char* kind)
{
  const YamlValue* v = require(item, "name", path, std::string("every ") + kind + " needs a unique name");
  if (v == nullptr)
    return std::nullopt;
  auto name = text(*v, join_path(path, "name"), std::string("a ") + kind + " name");
  if (not name)
    return std::nullopt;
  if (name->empty()) {
    error(v->where, join_path(path, "name"), std::string("a ") + kind + " name must not be empty");
    return std::nullopt;
  }
  if (name->find_first_of("[]") != std::string::npos) {
    error(v->where, join_path(path, "name"), "a name must not contain '[' or ']' (they select list elements in --set)");
    return std::nullopt;
  }
  return name;
}

TimesDraft Loader::times(const YamlValue& v, const std::string& path, Dimension dimension)
{
  TimesDraft t;
  t.node = &v;
  if (v.is_map()) {
    t.valid = true;
    for (const auto& e : v.entries)
      t.per_product.push_back({e.key, e.key_where, distribution(e.value, join_path(path, e.key), dimension)});
  } else if (v.is_scalar()) {
    t.all   = distribution(v, path, dimension);
    t.valid = t.all.has_value();
  } else {
    error(v.where, path,
          "expected a duration distribution such as 'exp(4 min)', or a map product -> distribution, got " +
              v.describe());
  }
  return t;
}

ModelSpec Loader::build(const YamlValue& root)
{
  if (not root.is_map()) {
    error(root.where, "",
          "expected a model: a map with the keys " + list_names(top_keys, " and ") + ", got " + root.describe());
    return {};
  }
  check_keys(root, "", top_keys);
  if (const YamlValue* v = require(root, "name", "", "the model's name, a string"))
    if (auto name = text(*v, "name", "the model's name, a string"))
      spec_.name = *name;
  if (const YamlValue* v = root.find("description"); v != nullptr and not v->is_null())
    if (auto description = text(*v, "description", "a text"))
      spec_.description = *description;
  if (const YamlValue* v = root.find("run"))
    read_run(*v);
  if (const YamlValue* v = require(root, "products", "", "a list of products, each with a name and a route"))
    read_products(*v);
  if (const YamlValue* v = require(root, "stations", "", "a list of stations, each with a name and a process time"))
    read_stations(*v);
  read_resource_keys(root, spec_, diags_);

  const YamlValue* buffers_default = nullptr;
  if (const YamlValue* v = root.find("buffers"); v != nullptr and expect_map(*v, "buffers", "a map with 'default'")) {
    check_keys(*v, "buffers", buffers_keys);
    buffers_default = v->find("default");
    if (buffers_default != nullptr)
      default_capacity_ = capacity(*buffers_default, "buffers.default").value_or(default_capacity_);
  }
  if (const YamlValue* v = root.find("release"))
    read_release(*v);
  spec_.release.to_order = customers_order(root);
  spec_.release.to_stock = root.find("finished_goods") != nullptr; // its orders release the parts
  if (const YamlValue* v = root.find("calendar"))
    read_calendar(*v);
  if (const YamlValue* v = root.find("site"))
    spec_.site = read_site(*v, diags_);
  read_process_heat(root, spec_, diags_); // needs the stations, the calendar and the site's carriers
  resolve(buffers_default);
  check_site_needs();
  if (const YamlValue* v = root.find("transport")) // its own reader: sim/model/TransportLoader.cpp
    spec_.transport = read_transport(*v, spec_, diags_);
  read_finished_goods(root, spec_, diags_); // needs products, release and transport
  return std::move(spec_);
}

void Loader::read_run(const YamlValue& v)
{
  if (not expect_map(v, "run", "a map with " + list_names(run_keys)))
    return;
  check_keys(v, "run", run_keys);
  RunSpec& run = spec_.run;
  if (const YamlValue* start = v.find("start")) {
    if (auto s = text(*start, "run.start", "an ISO date-time such as '2025-01-06T06:00'")) {
      try {
        run.start_week_offset = week_offset(*s);
        run.start             = *s;
      } catch (const UnitError& e) {
        error(start->where, "run.start", e.what());
      }
    }
  }
  if (const YamlValue* w = v.find("warmup"))
    if (auto d = quantity(*w, "run.warmup", Dimension::time)) {
      if (*d < 0)
        error(w->where, "run.warmup", "must not be negative, got " + w->describe());
      run.warmup = *d;
    }
  if (const YamlValue* h = v.find("horizon"))
    if (auto d = quantity(*h, "run.horizon", Dimension::time)) {
      if (*d <= 0)
        error(h->where, "run.horizon", "must be a duration > 0 (the measured window after warm-up), got " +
                                           h->describe());
      run.horizon = *d;
    }
  if (const YamlValue* r = v.find("replications"))
    if (auto n = integer(*r, "run.replications", 1, max_tasks))
      run.replications = static_cast<int>(*n);
  if (const YamlValue* s = v.find("seed"))
    if (auto n = integer(*s, "run.seed", 0, std::numeric_limits<long long>::max()))
      run.seed = static_cast<std::uint64_t>(*n);
  if (const YamlValue* l = v.find("limits"))
    read_limits(*l);
}

void Loader::read_limits(const YamlValue& v)
{
  if (not expect_map(v, "run.limits", "a map with " + list_names(limits_keys)))
    return;
  check_keys(v, "run.limits", limits_keys);
  RunLimits& limits = spec_.run.limits;
  // Counts may be written as "1e9": a limit is an order of magnitude, but it must be a whole number.
  auto count = [&](const char* key, std::uint64_t& out) {
    const YamlValue* c = v.find(key);
    if (c == nullptr)
      return;
    const std::string path = std::string("run.limits.") + key;
    if (auto n = quantity(*c, path, Dimension::count)) {
      if (not(*n >= 1 and *n <= max_limit_count and std::floor(*n) == *n))
        error(c->where, path, "must be a whole number from 1 to 1e15, got " + c->describe());
      else
        out = static_cast<std::uint64_t>(*n);
    }
  };
  count("events", limits.events);
  count("wip", limits.wip);
  if (const YamlValue* m = v.find("memory"))
    if (auto bytes = quantity(*m, "run.limits.memory", Dimension::memory)) {
      if (*bytes < min_limit_memory)
        error(m->where, "run.limits.memory", "must be at least 64 MB (the simulator itself needs about 20 MB), got " +
                                                 m->describe());
      else
        limits.memory = *bytes;
    }
}

void Loader::read_products(const YamlValue& v)
{
  products_node_ = &v;
  if (not v.is_sequence() or v.items.empty()) {
    error(v.where, "products", "expected a non-empty list of products, got " + v.describe());
    return;
  }
  for (std::size_t i = 0; i < v.items.size(); ++i) {
    const YamlValue& item = v.items[i];
    ProductDraft d;
    d.path = element_path("products", item, i);
    d.node = &item;
    if (not expect_map(item, d.path, "a product: a map with " + list_names(product_keys)))
      continue;
    check_keys(item, d.path, product_keys);
    ProductSpec p;
    if (auto name = entity_name(item, d.path, "product")) {
      if (spec_.product_id(*name) >= 0)
        error(item.find("name")->where, join_path(d.path, "name"),
              "duplicate product name '" + *name + "' (first defined at line " +
                  std::to_string(products_[static_cast<std::size_t>(spec_.product_id(*name))].node->where.line) +
                  ")");
      else
        p.name = *name;
    }
    const std::string route_path = join_path(d.path, "route");
    if (const YamlValue* route = require(item, "route", d.path, "the list of stations the product visits, in order")) {
      d.route_node = route;
      if (not route->is_sequence() or route->items.empty()) {
        error(route->where, route_path, "expected a non-empty list of station names, got " + route->describe());
      } else {
        for (const auto& s : route->items) {
          auto station = text(s, route_path, "a station name");
          if (not station)
            continue;
          const bool twice = std::any_of(d.route.begin(), d.route.end(), [&](const auto& r) { return r.name == *station; });
          if (twice)
            error(s.where, route_path,
                  "station " + quote_value(*station) + " appears twice: a route visits each station at most once");
          else
            d.route.push_back({*station, &s, -1});
        }
      }
    }
    if (const YamlValue* mix = item.find("mix")) {
      d.mix_node = mix;
      if (auto share = quantity(*mix, join_path(d.path, "mix"), Dimension::fraction)) {
        if (*share <= 0 or *share > 1)
          error(mix->where, join_path(d.path, "mix"), "must be more than 0 % and at most 100 %, got " + mix->describe());
        else
          d.mix = *share;
      }
    }
    if (const YamlValue* lot = item.find("lot_size")) {
      d.lot_node = lot;
      if (auto n = integer(*lot, join_path(d.path, "lot_size"), 1))
        p.lot_size = static_cast<int>(*n);
    }
    if (const YamlValue* bom = item.find("bom")) {
      const std::string bom_path = join_path(d.path, "bom");
      d.bom_given                = true;
      if (not bom->is_map() or bom->entries.empty()) {
        error(bom->where, bom_path,
              "expected a map component -> quantity such as {housing: 1, impeller: 2}, got " + bom->describe());
      } else {
        for (const auto& e : bom->entries)
          if (auto q = integer(e.value, join_path(bom_path, e.key), 1))
            d.bom.push_back({e.key, e.key_where, static_cast<int>(*q)});
      }
    }
    spec_.products.push_back(std::move(p));
    products_.push_back(std::move(d));
  }
}

void Loader::read_stations(const YamlValue& v)
{
  if (not v.is_sequence() or v.items.empty()) {
    error(v.where, "stations", "expected a non-empty list of stations, got " + v.describe());
    return;
  }
  for (std::size_t i = 0; i < v.items.size(); ++i) {
    const YamlValue& item = v.items[i];
    StationDraft d;
    d.path = element_path("stations", item, i);
    d.node = &item;
    if (not expect_map(item, d.path, "a station: a map with " + list_names(station_keys)))
      continue;
    check_keys(item, d.path, station_keys);
    StationSpec s;
    d.name_node = item.find("name");
    if (auto name = entity_name(item, d.path, "station")) {
      if (const StationId first = spec_.station_id(*name); first >= 0)
        error(d.name_node->where, join_path(d.path, "name"),
              "duplicate station name '" + *name + "' (first defined at line " +
                  std::to_string(stations_[static_cast<std::size_t>(first)].node->where.line) + ")");
      else
        s.name = *name;
    }
    if (const YamlValue* m = item.find("machines"))
      if (auto n = integer(*m, join_path(d.path, "machines"), 1))
        s.machines = static_cast<int>(*n);
    if (const YamlValue* p = require(item, "process", d.path,
                                     "the processing time: a distribution, or a map product -> distribution"))
      d.process = times(*p, join_path(d.path, "process"));
    if (const YamlValue* p = item.find("setup"))
      d.setup = times(*p, join_path(d.path, "setup"));
    if (const YamlValue* b = item.find("batch")) {
      d.batch_node = b;
      if (auto n = integer(*b, join_path(d.path, "batch"), 1))
        s.batch = static_cast<int>(*n);
    }
    if (const YamlValue* f = item.find("failures")) {
      const std::string path = join_path(d.path, "failures");
      if (expect_map(*f, path, "a map with between, repair and optionally clock and preemption")) {
        check_keys(*f, path, failure_keys);
        FailureSpec spec;
        bool ok = true;
        for (const char* key : {"between", "repair"}) {
          const YamlValue* value = require(*f, key, path, "a duration distribution such as 'exp(8 h)'");
          std::optional<Distribution> dist;
          if (value != nullptr)
            dist = distribution(*value, join_path(path, key), Dimension::time);
          ok = ok and dist.has_value();
          if (dist)
            (std::strcmp(key, "between") == 0 ? spec.between : spec.repair) = *dist;
        }
        if (const YamlValue* clock = f->find("clock")) {
          const auto c = choice(*clock, join_path(path, "clock"), {"operating", "calendar"});
          ok           = ok and c.has_value();
          spec.clock   = c == 1u ? FailureSpec::Clock::calendar : FailureSpec::Clock::operating;
        }
        if (const YamlValue* pre = f->find("preemption")) {
          const auto c    = choice(*pre, join_path(path, "preemption"), {"resume", "restart", "finish"});
          ok              = ok and c.has_value();
          spec.preemption = c == 1u   ? FailureSpec::Preemption::restart
                            : c == 2u ? FailureSpec::Preemption::finish
                                      : FailureSpec::Preemption::resume;
        }
        if (ok and spec.between.mean() <= 0)
          error(f->find("between")->where, join_path(path, "between"), "the mean time between failures must be > 0");
        else if (ok)
          s.failures = spec;
      }
    }
    if (const YamlValue* sc = item.find("scrap"))
      if (auto share = quantity(*sc, join_path(d.path, "scrap"), Dimension::fraction)) {
        if (*share < 0 or *share >= 1)
          error(sc->where, join_path(d.path, "scrap"),
                "must be a percentage in [0 %, 100 %), got " + sc->describe());
        else
          s.scrap = *share;
      }
    if (const YamlValue* b = item.find("buffer"))
      d.buffer = capacity(*b, join_path(d.path, "buffer"));
    read_power(item, d, s);
    spec_.stations.push_back(std::move(s));
    stations_.push_back(std::move(d));
  }
}

void Loader::read_state_rates(const YamlValue& map, const std::string& path, Dimension dimension, StateRates& rates,
                              TimesDraft* processing_by_product)
{
  check_keys(map, path, state_keys);
  auto rate = [&](const char* key, double& out) {
    const YamlValue* v = map.find(key);
    if (v == nullptr)
      return;
    if (processing_by_product != nullptr and v->is_map() and std::string_view(key) == "processing") {
      *processing_by_product = times(*v, join_path(path, key), dimension);
      return;
    }
    if (auto w = quantity(*v, join_path(path, key), dimension)) {
      if (*w < 0)
        error(v->where, join_path(path, key), "must not be negative, got " + v->describe());
      else
        out = *w;
    }
  };
  rate("standby", rates.standby);
  rate("idle", rates.idle);
  rate("setup", rates.setup);
  rate("processing", rates.processing);
  rate("down", rates.down);
  rate("off_shift", rates.off_shift);
  rate("off", rates.off);
}

void Loader::read_power(const YamlValue& station, StationDraft& d, StationSpec& s)
{
  PowerSpec& power = s.power;
  if (const YamlValue* p = station.find("power")) {
    const std::string path = join_path(d.path, "power");
    if (expect_map(*p, path, "a map state -> power, e.g. {idle: 3 kW, processing: 10 kW}"))
      read_state_rates(*p, path, Dimension::power, power, &d.processing_power);
  }
  if (const YamlValue* a = station.find("air")) {
    const std::string path = join_path(d.path, "air");
    if (expect_map(*a, path, "a map state -> compressed-air flow, e.g. {processing: 0.4 m3/min, idle: 0.05 m3/min}"))
      read_state_rates(*a, path, Dimension::volume_flow, s.air, nullptr);
  }
  if (const YamlValue* w = station.find("warm_up")) {
    const std::string path = join_path(d.path, "warm_up");
    if (expect_map(*w, path, "a map with time and power, e.g. {time: 6 min, power: 5 kW}")) {
      check_keys(*w, path, warm_up_keys);
      if (const YamlValue* t = require(*w, "time", path, "a duration such as '6 min'"))
        if (auto dur = quantity(*t, join_path(path, "time"), Dimension::time)) {
          if (*dur < 0)
            error(t->where, join_path(path, "time"), "must not be negative, got " + t->describe());
          else
            power.warm_up_time = *dur;
        }
      if (const YamlValue* v = w->find("power"))
        if (auto watts = quantity(*v, join_path(path, "power"), Dimension::power)) {
          if (*watts < 0)
            error(v->where, join_path(path, "power"), "must not be negative, got " + v->describe());
          else
            power.warm_up = *watts;
        }
    }
  }
  if (const YamlValue* p = station.find("policies")) {
    const std::string path = join_path(d.path, "policies");
    if (expect_map(*p, path, "a map of energy policies, e.g. {auto_standby: 10 min}")) {
      check_keys(*p, path, policy_keys);
      auto duration = [&](const char* key) -> std::optional<double> {
        const YamlValue* a = p->find(key);
        if (a == nullptr)
          return std::nullopt;
        auto dur = quantity(*a, join_path(path, key), Dimension::time);
        if (dur and *dur < 0) {
          error(a->where, join_path(path, key), "must not be negative, got " + a->describe());
          return std::nullopt;
        }
        return dur;
      };
      power.auto_standby = duration("auto_standby");
      if (const YamlValue* o = p->find("off_outside_shifts"))
        power.off_outside_shifts = boolean(*o, join_path(path, "off_outside_shifts")).value_or(false);
      if (const YamlValue* b = p->find("warm_up_before_shift")) {
        power.warm_up_before_shift = duration("warm_up_before_shift");
        if (not power.off_outside_shifts)
          error(b->where, join_path(path, "warm_up_before_shift"),
                "only applies to a machine switched off outside shifts: add off_outside_shifts: true");
      }
    }
  }
}

void Loader::check_site_needs()
{
  for (std::size_t i = 0; i < spec_.stations.size(); ++i) {
    const StateRates& a = spec_.stations[i].air;
    const bool uses_air = a.standby > 0 or a.idle > 0 or a.setup > 0 or a.processing > 0 or a.down > 0 or
                          a.off_shift > 0 or a.off > 0 or a.warm_up > 0;
    if (uses_air and not (spec_.site and spec_.site->compressed_air) and stations_[i].node != nullptr) {
      const YamlValue* air = stations_[i].node->find("air");
      error(air != nullptr ? air->where : stations_[i].node->where, join_path(stations_[i].path, "air"),
            "the station uses compressed air but the site has no compressor: add site.compressed_air "
            "(e.g. {specific_power: 6.5 kW/(m3/min), leaks: 25 %})");
      return;
    }
  }
}

void Loader::read_release(const YamlValue& v)
{
  if (not expect_map(v, "release", "a map with " + list_names(release_keys)))
    return;
  check_keys(v, "release", release_keys);
  ReleaseSpec& r = spec_.release;
  std::optional<std::size_t> policy = 0;
  if (const YamlValue* p = v.find("policy")) {
    policy_node_ = p;
    policy       = choice(*p, "release.policy", {"push", "conwip", "kanban"});
    if (policy)
      r.policy = *policy == 1 ? ReleaseSpec::Policy::conwip
               : *policy == 2 ? ReleaseSpec::Policy::kanban
                              : ReleaseSpec::Policy::push;
  }
  if (const YamlValue* ia = v.find("interarrival")) {
    if (not(ia->is_scalar() and ia->scalar == "saturated")) {
      if (not ia->is_scalar())
        error(ia->where, "release.interarrival",
              "expected a duration distribution such as 'exp(5 min)' or 'saturated', got " + ia->describe());
      else
        r.interarrival = distribution(*ia, "release.interarrival", Dimension::time);
      if (r.interarrival and r.interarrival->mean() <= 0) {
        error(ia->where, "release.interarrival", "the mean time between arrivals must be > 0");
        r.interarrival.reset();
      }
      // Every arrival is an event, so a run whose mean arrival count exceeds the event limit cannot
      // finish: say so now (check agrees with run) rather than after the limit's worth of events.
      const RunSpec& run = spec_.run;
      if (r.interarrival) {
        const double arrivals = (run.warmup + run.horizon) / r.interarrival->mean();
        if (arrivals > static_cast<double>(run.limits.events)) {
          char buf[300];
          std::snprintf(buf, sizeof buf,
                        "a mean of %s between arrivals gives about %.3g arrivals in warm-up + horizon, each an "
                        "event, more than run.limits.events = %.10g: check the unit",
                        format_duration(r.interarrival->mean()).c_str(), arrivals,
                        static_cast<double>(run.limits.events));
          std::string message = buf;
          // Suggest a limit with room for the other events of each part (about 10 per arrival), if allowed.
          if (10 * arrivals <= max_limit_count) {
            std::snprintf(buf, sizeof buf, ", or raise the limit with --set run.limits.events=%.2g", 10 * arrivals);
            message += buf;
          }
          error(ia->where, "release.interarrival", message);
        }
      }
    }
  }
  const YamlValue* wip = v.find("wip");
  if (not policy)
    return;
  if (r.policy == ReleaseSpec::Policy::conwip) {
    if (wip == nullptr)
      error(v.where, "release",
            "missing required key 'wip' for policy conwip (the maximum number of parts in the line, an integer >= 1)");
    else if (auto n = integer(*wip, "release.wip", 1))
      r.wip_cap = static_cast<int>(*n);
  } else if (wip != nullptr) {
    error(wip->where, "release.wip",
          "'wip' is only allowed with policy conwip (the policy is " +
              std::string(r.policy == ReleaseSpec::Policy::push ? "push" : "kanban") + ")");
  }
}

void Loader::read_calendar(const YamlValue& v)
{
  if (not expect_map(v, "calendar", "a map with " + list_names(calendar_keys)))
    return;
  check_keys(v, "calendar", calendar_keys);
  CalendarSpec& c = spec_.calendar;
  c.always_on     = false;
  bool ok         = true;
  auto read_list  = [&](const YamlValue& list, const std::string& path) {
    std::vector<CalendarSpec::Interval> out;
    const bool single = list.is_scalar();
    if (not single and not list.is_sequence()) {
      error(list.where, path, "expected a list of shifts such as [\"Mon-Fri 06:00-14:00\"], got " + list.describe());
      ok = false;
      return out;
    }
    const std::vector<YamlValue> one{list};
    const auto& items = single ? one : list.items;
    for (std::size_t i = 0; i < items.size(); ++i) {
      const std::string item_path = single ? path : path + "[" + std::to_string(i) + "]";
      auto s = text(items[i], item_path, "a shift such as 'Mon-Fri 06:00-14:00'");
      if (not s) {
        ok = false;
        continue;
      }
      try {
        const auto intervals = parse_shift(*s);
        out.insert(out.end(), intervals.begin(), intervals.end());
      } catch (const UnitError& e) {
        error(items[i].where, item_path, e.what());
        ok = false;
      }
    }
    return merge_intervals(std::move(out));
  };
  std::vector<CalendarSpec::Interval> shifts, breaks;
  if (const YamlValue* s = require(v, "shifts", "calendar", "a list of shifts such as [\"Mon-Fri 06:00-14:00\"]")) {
    shifts = read_list(*s, "calendar.shifts");
    if (s->is_sequence() and s->items.empty()) {
      error(s->where, "calendar.shifts", "expected at least one shift");
      ok = false;
    }
  } else {
    ok = false;
  }
  if (const YamlValue* b = v.find("breaks"))
    breaks = read_list(*b, "calendar.breaks");
  if (const YamlValue* e = v.find("at_shift_end"))
    if (auto a = choice(*e, "calendar.at_shift_end", {"finish", "resume", "restart"}))
      c.at_shift_end = *a == 1 ? CalendarSpec::AtShiftEnd::resume
                     : *a == 2 ? CalendarSpec::AtShiftEnd::restart
                               : CalendarSpec::AtShiftEnd::finish;
  c.working = subtract_intervals(shifts, breaks);
  if (ok and c.working.empty())
    error(v.where, "calendar", "the calendar has no working time (the breaks cover every shift)");
}

void Loader::resolve(const YamlValue* buffers_default_node)
{
  resolve_routes_and_boms();
  resolve_assembly();
  resolve_visits();
  resolve_mix();
  for (std::size_t s = 0; s < stations_.size(); ++s)
    spec_.stations[s].buffer_capacity = stations_[s].buffer.value_or(default_capacity_);
  // A saturated source in front of an unlimited buffer would release parts without end (the kernel
  // refuses it too, but here the message can point at the file).
  if (not spec_.release.has_arrivals() and spec_.release.policy != ReleaseSpec::Policy::conwip and not bom_cycle_)
    for (std::size_t p = 0; p < products_.size(); ++p) {
      const ProductDraft& d = products_[p];
      if (not spec_.products[p].released or d.bom_given or d.route.empty() or d.route.front().id < 0)
        continue;
      const StationSpec& first = spec_.stations[static_cast<std::size_t>(d.route.front().id)];
      if (std::isinf(first.buffer_capacity))
        error(d.route.front().node->where, join_path(d.path, "route"),
              "a saturated source (no release.interarrival) needs a finite input buffer at the first station '" +
                  first.name + "', or parts would be released without end: set buffers.default or " +
                  stations_[static_cast<std::size_t>(d.route.front().id)].path +
                  ".buffer, give release.interarrival, or use policy conwip");
    }
  for (std::size_t s = 0; s < stations_.size(); ++s) {
    StationDraft& d  = stations_[s];
    StationSpec& st  = spec_.stations[s];
    const bool on_route = not processed_[s].empty() or not arrivals_[s].empty();
    const bool misspelt = std::find(misspelt_stations_.begin(), misspelt_stations_.end(), st.name) !=
                          misspelt_stations_.end();
    if (not on_route) {
      if (not st.name.empty() and not misspelt)
        error(d.name_node->where, d.path,
              "station " + quote_value(st.name) + " is not on any route (add it to a product's route or remove it)");
      continue;
    }
    resolve_per_product(static_cast<StationId>(s), d.process, join_path(d.path, "process"), st.process, "processing time");
    if (d.setup.node != nullptr) {
      st.setup.resize(spec_.products.size());
      resolve_per_product(static_cast<StationId>(s), d.setup, join_path(d.path, "setup"), st.setup, nullptr);
    }
    if (d.processing_power.node != nullptr) {
      std::vector<std::optional<Distribution>> watts;
      const std::string path = join_path(d.path, "power.processing");
      resolve_per_product(static_cast<StationId>(s), d.processing_power, path, watts, "processing power");
      st.power.processing_by_product.assign(spec_.products.size(), 0.0);
      for (std::size_t p = 0; p < watts.size(); ++p)
        if (watts[p])
          st.power.processing_by_product[p] = watts[p]->mean();
      for (const auto& entry : d.processing_power.per_product)
        if (entry.dist and (entry.dist->kind() != Distribution::Kind::constant or entry.dist->mean() < 0))
          error(entry.where, join_path(path, entry.product),
                "expected a power such as '11 kW' (a constant >= 0, not a distribution)");
    }
    if (st.is_assembly() and st.batch > 1)
      error(d.batch_node->where, join_path(d.path, "batch"),
            "an assembly station must have batch 1 (it assembles '" +
                spec_.products[static_cast<std::size_t>(st.assembles)].name + "')");
    // Capacities that can never admit a full batch or kit would stop the station for ever.
    if (st.batch > 1 and st.buffer_capacity < st.batch)
      error(d.batch_node->where, join_path(d.path, "batch"),
            "a batch of " + std::to_string(st.batch) + " needs at least " + std::to_string(st.batch) +
                " waiting places in the station's input buffer, but it has " +
                std::to_string(static_cast<long>(st.buffer_capacity)) + " (raise " + d.path + ".buffer)");
    if (st.is_assembly())
      for (const auto& item : spec_.products[static_cast<std::size_t>(st.assembles)].bom)
        if (st.buffer_capacity < item.quantity)
          error(d.node->where, join_path(d.path, "buffer"),
                "the assembly needs " + std::to_string(item.quantity) + " x '" +
                    spec_.products[static_cast<std::size_t>(item.component)].name +
                    "' waiting at once, but each component buffer has " +
                    std::to_string(static_cast<long>(st.buffer_capacity)) + " places");
    if (spec_.release.policy == ReleaseSpec::Policy::kanban and std::isinf(st.buffer_capacity)) {
      const SourceLocation where = policy_node_ != nullptr ? policy_node_->where
                                   : buffers_default_node != nullptr ? buffers_default_node->where
                                                                     : d.node->where;
      error(where, "release.policy",
            "kanban needs a finite input buffer at every station, but station '" + st.name +
                "' has an unlimited one (set buffers.default or " + d.path + ".buffer)");
    }
  }
}

void Loader::resolve_routes_and_boms()
{
  Names station_names, product_names;
  for (const auto& s : spec_.stations)
    if (not s.name.empty())
      station_names.push_back(s.name);
  for (const auto& p : spec_.products)
    if (not p.name.empty())
      product_names.push_back(p.name);

  for (std::size_t p = 0; p < products_.size(); ++p) {
    ProductDraft& d = products_[p];
    for (auto& stop : d.route) {
      stop.id = stop.name.empty() ? -1 : spec_.station_id(stop.name);
      if (stop.id < 0) {
        error(stop.node->where, join_path(d.path, "route"),
              "unknown station " + quote_value(stop.name) + did_you_mean(stop.name, station_names));
        misspelt_stations_.push_back(suggest(stop.name, station_names));
      } else
        spec_.products[p].route.push_back(stop.id);
    }
    for (const auto& c : d.bom) {
      const ProductId id = spec_.product_id(c.name);
      const std::string path = join_path(join_path(d.path, "bom"), c.name);
      if (id < 0) {
        bom_unresolved_ = true;
        error(c.where, path, "unknown product '" + c.name + "'" + did_you_mean(c.name, product_names) +
                                 ": every component must be listed under products with its own route");
      } else if (static_cast<std::size_t>(id) == p) {
        error(c.where, path, "a product cannot be its own component");
      } else if (ProductDraft& comp = products_[static_cast<std::size_t>(id)]; comp.parent >= 0) {
        error(c.where, path,
              "'" + c.name + "' is already a component of '" +
                  spec_.products[static_cast<std::size_t>(comp.parent)].name +
                  "': a component feeds exactly one assembly (define a second product for the other use)");
      } else {
        comp.parent = static_cast<ProductId>(p);
        spec_.products[p].bom.push_back({id, c.quantity});
      }
    }
  }
  // Cycles: since each component has one parent, following parent links from any product either ends
  // at a released product or comes back to where it started.
  for (std::size_t p = 0; p < products_.size(); ++p) {
    std::vector<ProductId> chain{static_cast<ProductId>(p)};
    ProductId at = products_[p].parent;
    while (at >= 0 and at != static_cast<ProductId>(p) and chain.size() <= products_.size()) {
      chain.push_back(at);
      at = products_[static_cast<std::size_t>(at)].parent;
    }
    if (at != static_cast<ProductId>(p))
      continue;
    bom_cycle_ = true;
    // Report each cycle once, at its member that comes first in the file.
    if (*std::min_element(chain.begin(), chain.end()) != static_cast<ProductId>(p))
      continue;
    std::string text = spec_.products[p].name;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it)
      text += " -> " + spec_.products[static_cast<std::size_t>(*it)].name;
    const YamlValue* bom = products_[p].node->find("bom");
    error(bom->where, join_path(products_[p].path, "bom"),
          "bill-of-materials cycle: " + text + " (a product cannot be built from itself)");
  }
  for (std::size_t p = 0; p < products_.size(); ++p)
    spec_.products[p].released = products_[p].parent < 0;
}

void Loader::resolve_assembly()
{
  if (bom_cycle_)
    return; // a cycle has no consistent assembly stations
  for (std::size_t p = 0; p < products_.size(); ++p) {
    const ProductDraft& d = products_[p];
    if (spec_.products[p].bom.empty() or d.route.empty() or d.route.front().id < 0)
      continue;
    const StationId a   = d.route.front().id;
    StationSpec& station = spec_.stations[static_cast<std::size_t>(a)];
    if (station.assembles >= 0) {
      error(d.route.front().node->where, join_path(d.path, "route"),
            "station '" + station.name + "' already assembles '" +
                spec_.products[static_cast<std::size_t>(station.assembles)].name +
                "': a station assembles at most one product");
      continue;
    }
    station.assembles = static_cast<ProductId>(p);
    for (const auto& line : spec_.products[p].bom) {
      const ProductDraft& c = products_[static_cast<std::size_t>(line.component)];
      if (c.route.empty() or c.route.back().id < 0)
        continue;
      if (c.route.back().id != a)
        error(c.route_node->where, join_path(c.path, "route"),
              "component '" + spec_.products[static_cast<std::size_t>(line.component)].name +
                  "' must end its route at '" + station.name + "', where '" + spec_.products[p].name +
                  "' is assembled from it (its route ends at '" + c.route.back().name + "')");
    }
  }
}

void Loader::resolve_visits()
{
  processed_.assign(spec_.stations.size(), {});
  arrivals_.assign(spec_.stations.size(), {});
  for (std::size_t p = 0; p < products_.size(); ++p) {
    const ProductDraft& d = products_[p];
    if (spec_.products[p].name.empty())
      continue; // unnamed or duplicate: already reported, and cross-checks would only add noise
    for (std::size_t k = 0; k < d.route.size(); ++k) {
      const StationId s = d.route[k].id;
      if (s < 0)
        continue;
      const StationSpec& station = spec_.stations[static_cast<std::size_t>(s)];
      const auto pid             = static_cast<ProductId>(p);
      // A component's last stop is its parent's assembly station: it waits there, it is not processed there.
      const bool arrival = d.parent >= 0 and k + 1 == d.route.size() and station.assembles == d.parent;
      if (arrival) {
        arrivals_[static_cast<std::size_t>(s)].push_back(pid);
        continue;
      }
      processed_[static_cast<std::size_t>(s)].push_back(pid);
      // A second product assembled here (k == 0 with a bom) was already reported by resolve_assembly.
      const bool second_assembly = k == 0 and d.bom_given;
      if (station.is_assembly() and station.assembles != pid and not bom_unresolved_ and not second_assembly)
        error(d.route[k].node->where, join_path(d.path, "route"),
              "station '" + station.name + "' assembles '" +
                  spec_.products[static_cast<std::size_t>(station.assembles)].name + "': only that product (as the "
                  "first stop of its route) and its components (as the last stop of theirs) may visit it");
    }
  }
}

void Loader::resolve_per_product(StationId s, const TimesDraft& t, const std::string& path,
                                 std::vector<std::optional<Distribution>>& slots, const char* required)
{
  if (not t.valid)
    return;
  const auto si        = static_cast<std::size_t>(s);
  StationSpec& station = spec_.stations[si];
  slots.resize(spec_.products.size());
  const auto& processed = processed_[si];
  auto processed_here   = [&](ProductId p) { return std::find(processed.begin(), processed.end(), p) != processed.end(); };
  if (t.all) {
    for (ProductId p : processed)
      slots[static_cast<std::size_t>(p)] = *t.all;
    return;
  }
  Names product_names;
  for (const auto& p : spec_.products)
    if (not p.name.empty())
      product_names.push_back(p.name);
  std::vector<bool> given(spec_.products.size(), false);
  for (const auto& entry : t.per_product) {
    const ProductId p = spec_.product_id(entry.product);
    const std::string entry_path = join_path(path, entry.product);
    if (p < 0) {
      error(entry.where, entry_path, "unknown product '" + entry.product + "'" + did_you_mean(entry.product, product_names));
      continue;
    }
    const auto pi = static_cast<std::size_t>(p);
    given[pi]     = true;
    if (processed_here(p)) {
      if (entry.dist)
        slots[pi] = *entry.dist;
    } else if (std::find(arrivals_[si].begin(), arrivals_[si].end(), p) != arrivals_[si].end()) {
      error(entry.where, entry_path,
            "component '" + entry.product + "' is not processed at assembly station '" + station.name +
                "': it only arrives into its input buffer (remove it here)");
    } else {
      std::string route;
      for (const auto& stop : products_[pi].route)
        route += (route.empty() ? "" : ", ") + stop.name;
      error(entry.where, entry_path,
            "product '" + entry.product + "' does not visit station '" + station.name + "' (its route is " + route + ")");
    }
  }
  if (required)
    for (ProductId p : processed)
      if (not given[static_cast<std::size_t>(p)])
        error(t.node->where, path,
              "no " + std::string(required) + " for product '" + spec_.products[static_cast<std::size_t>(p)].name +
                  "', whose route visits this station");
}

void Loader::resolve_mix()
{
  std::vector<std::size_t> released;
  for (std::size_t p = 0; p < products_.size(); ++p) {
    const ProductDraft& d = products_[p];
    ProductSpec& spec     = spec_.products[p];
    if (spec.released) {
      released.push_back(p);
      continue;
    }
    spec.mix                = 0; // components are released through their parent's orders
    const std::string& parent = d.parent >= 0 ? spec_.products[static_cast<std::size_t>(d.parent)].name : spec.name;
    for (const auto& [node, key] : {std::pair{d.mix_node, "mix"}, std::pair{d.lot_node, "lot_size"}})
      if (node != nullptr)
        error(node->where, join_path(d.path, key),
              "'" + spec.name + "' is a component (in the bom of '" + parent +
                  "'): it is released with its parent's orders, so it takes no " + key);
  }
  if (bom_cycle_ or bom_unresolved_ or released.empty())
    return; // which products are released is unclear: checking their mix would only add noise
  // Tonnes of product need the mass of every finished product; some but not all would give a figure that
  // looks complete and is not.
  std::vector<std::string> with_mass;
  for (std::size_t p : released)
    if (not std::isnan(spec_.products[p].mass))
      with_mass.push_back(spec_.products[p].name);
  if (not with_mass.empty() and with_mass.size() != released.size())
    for (std::size_t p : released)
      if (std::isnan(spec_.products[p].mass) and products_[p].node->find("mass") == nullptr)
        error(products_[p].node->where, join_path(products_[p].path, "mass"),
              "missing: " + list_names(with_mass, " and ") + (with_mass.size() == 1 ? " has" : " have") +
                  " a mass, so every finished product needs one for the per-tonne KPIs (e.g. mass: 12 kg), "
                  "or remove them all");
  if (released.size() == 1 and products_[released.front()].mix_node == nullptr) {
    spec_.products[released.front()].mix = 1;
    return;
  }
  double sum   = 0;
  bool all_set = true;
  std::string shares;
  for (std::size_t p : released) {
    const ProductDraft& d = products_[p];
    if (d.mix_node == nullptr)
      error(d.node->where, d.path,
            "missing key 'mix': with " + std::to_string(released.size()) +
                " released products each one needs a mix (shares that sum to 100 %)");
    if (not d.mix) {
      all_set = false;
      continue;
    }
    sum += *d.mix;
    shares += (shares.empty() ? "" : ", ") + spec_.products[p].name + " " + percent(*d.mix);
  }
  if (not all_set)
    return;
  if (std::abs(sum - 1) > 1e-4) {
    error(products_node_->where, "products",
          "the mix of the released products sums to " + percent(sum) + ", expected 100 % (" + shares + ")");
    return;
  }
  for (std::size_t p : released)
    spec_.products[p].mix = *products_[p].mix / sum;
}


} // namespace

std::vector<std::string> split_override(const std::string& assignment)
{
  int depth = 0;
  for (std::size_t i = 0; i < assignment.size(); ++i) {
    const char c = assignment[i];
    depth += c == '[' ? 1 : c == ']' ? -1 : 0;
    if (c == '=' and depth == 0) {
      std::string path(trim(std::string_view(assignment).substr(0, i)));
      if (path.empty())
        break;
      return {path, std::string(trim(std::string_view(assignment).substr(i + 1)))};
    }
  }
  throw ModelError("--set expects key.path=value (e.g. run.seed=7 or stations[lathe].machines=2), got '" +
                   assignment + "'");
}

ModelSpec load_model_text(const std::string& text, const std::string& file_name,
                          const std::vector<std::string>& overrides)
{
  std::vector<Diagnostic> diags;
  const YamlValue root = parse_document(text, file_name, "a model file", overrides, diags);

  Loader loader(diags);
  ModelSpec spec = loader.build(root);
  if (not diags.empty())
    throw_sorted(std::move(diags), file_name);
  spec.source_file = file_name;
  spec.source_text = text;
  return spec;
}

ModelSpec load_model_tree(const YamlValue& root, const std::string& file_name, const std::string& source_text)
{
  std::vector<Diagnostic> diags;
  Loader loader(diags);
  ModelSpec spec = loader.build(root);
  if (not diags.empty())
    throw_sorted(std::move(diags), file_name);
  spec.source_file = file_name;
  spec.source_text = source_text;
  return spec;
}

ModelSpec load_model(const std::string& path, const std::vector<std::string>& overrides)
{
  return load_model_text(read_text_file(path), path, overrides);
}

} // namespace greenfab
