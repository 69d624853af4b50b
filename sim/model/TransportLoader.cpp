// The `transport:` section: sites, distances, fleets (vehicle types from vehicles.yaml), outbound, internal,
// inbound. Every problem is reported with file:line:column, key path and what was expected.
#include "model/TransportLoader.hpp"
#include "model/DataDocuments.hpp"
#include "core/Errors.hpp"
#include "core/TextFile.hpp"
#include "core/Units.hpp"
#include "energy/Carriers.hpp"
#include "energy/DataFile.hpp"
#include "model/Suggest.hpp"
#include "model/YamlChecker.hpp"
#include "transport/Geography.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>

#ifndef GREENFAB_DATA_DIR
#define GREENFAB_DATA_DIR "models/data"
#endif

namespace greenfab {

const std::vector<std::string> transport_keys{"data",  "sites",    "distances", "road_factor", "rail_factor",
                                              "loads", "fleets",   "outbound",  "internal",    "inbound",
                                              "inbound_runs", "shipment_log"};

namespace {
namespace fs = std::filesystem;

const Names site_keys{"name", "role", "lat", "lon"};
const Names role_names{"factory", "customer", "supplier", "warehouse", "terminal"};
const Names distance_keys{"from", "to", "road", "rail"};
const Names type_value_keys{"mode",    "payload",   "pallets",        "speed",     "energy_empty", "energy_full",
                            "carrier", "intensity", "charging_power", "power"};
const Names fleet_keys{"name",         "type",        "count",   "bought",    "delay",         "mode",
                       "payload",      "pallets",     "speed",   "energy_empty", "energy_full", "carrier",
                       "intensity",    "charging_power", "power"};
const Names load_keys{"mass", "per_pallet"};
const Names outbound_keys{"fleet", "policy", "max_wait", "departures", "customers"};
const Names customer_keys{"site", "share", "due", "orders"};
const Names order_keys{"interarrival", "quantity", "products"};
const Names internal_keys{"fleet", "travel", "moves"};
const Names move_keys{"from", "to", "travel"};
const Names material_keys{"name",          "supplier",       "station", "per_part", "unit_mass", "lead_time",
                          "reorder_point", "order_quantity", "initial", "fleet", "policy", "cards", "card_quantity",
                          "run",           "order_up_to"};
const Names inbound_run_keys{"name", "fleet", "departures", "stops", "lead_runs", "min_load"};

/** Reads vehicle-type values (from the data file, or a fleet's overrides) and the transport section. */
class TransportReader : public YamlChecker {
public:
  TransportReader(std::vector<Diagnostic>& d, const ModelSpec& model) : YamlChecker(d), model_(model) {}
  TransportSpec read(const YamlValue& node);

private:
  std::optional<double> ratio(const YamlValue& v, const std::string& path, Dimension top, Dimension bottom,
                              const char* example);
  std::optional<double> intensity(const YamlValue& v, const std::string& path);
  std::optional<double> positive(const YamlValue& v, const std::string& path, Dimension d);
  /** Applies the value keys present in `map` to `type`; `data_file` marks a vehicles.yaml entry. */
  void read_type_values(const YamlValue& map, const std::string& path, VehicleTypeSpec& type);
  bool load_vehicle_types(const fs::path& dir, const SourceLocation& where);
  fs::path data_dir(const YamlValue& node);
  /** No distance between two known sites; false when either is unknown (-1, e.g. no factory site), which
   *  was reported where it was named: distance_m must not be indexed with it. */
  bool missing_distance(SiteId a, SiteId b, TransportMode mode) const
  {
    return a >= 0 and b >= 0 and std::isnan(t_.distance_m(a, b, mode));
  }
  SiteId site(const YamlValue& v, const std::string& path, std::optional<LogisticsSite::Role> role = std::nullopt);
  FleetId fleet(const YamlValue& v, const std::string& path);
  /** Clock times "HH:MM" (one or a list) -> seconds after midnight, sorted and without duplicates. */
  std::vector<double> clock_times(const YamlValue& v, const std::string& path);
  void read_sites(const YamlValue& v);
  void read_distances(const YamlValue* v);
  void read_fleets(const YamlValue& v);
  void read_loads(const YamlValue* v);
  void read_outbound(const YamlValue& v);
  /** A customer's `orders` (make to order): arrivals, quantity and product mix. */
  std::optional<OrderStreamSpec> read_orders(const YamlValue& v, const std::string& path);
  void read_internal(const YamlValue& v);
  /** A station of the model by name, or -1 (reported). */
  int station(const YamlValue& v, const std::string& path);
  void read_inbound_runs(const YamlValue& v);
  void read_inbound(const YamlValue& v);

  const ModelSpec& model_;
  TransportSpec t_;
  std::map<std::string, VehicleTypeSpec> types_;
  std::map<std::string, std::pair<double, double>> carrier_factors_; ///< scope 1, upstream [kg/J]
  bool types_loaded_ = false;
};

std::optional<double> TransportReader::ratio(const YamlValue& v, const std::string& path, Dimension top,
                                             Dimension bottom, const char* example)
{
  if (v.is_scalar()) {
    try {
      const double x = parse_ratio(v.scalar, top, bottom);
      if (x >= 0)
        return x;
      error(v.where, path, "must not be negative, got " + v.describe());
      return std::nullopt;
    } catch (const UnitError&) {
    }
  }
  error(v.where, path, std::string("expected ") + example + ", got " + v.describe());
  return std::nullopt;
}

std::optional<double> TransportReader::intensity(const YamlValue& v, const std::string& path)
{
  // g CO2e per tonne-km, the unit every freight-emission reference uses; stored per kg per m.
  const std::string expected = "an emission intensity of freight such as '95 g/tkm' or '0.095 kg/tkm'";
  if (v.is_scalar()) {
    const std::string& s = v.scalar;
    const auto slash     = s.rfind('/');
    if (slash != std::string::npos and s.substr(slash) == "/tkm") {
      try {
        const double kg = parse_quantity(std::string_view(s).substr(0, slash), Dimension::mass);
        if (kg < 0) {
          error(v.where, path, "must not be negative, got " + v.describe());
          return std::nullopt;
        }
        return kg / (1000.0 * 1000.0);
      } catch (const UnitError&) {
      }
    }
  }
  error(v.where, path, "expected " + expected + ", got " + v.describe());
  return std::nullopt;
}

std::optional<double> TransportReader::positive(const YamlValue& v, const std::string& path, Dimension d)
{
  auto x = quantity(v, path, d);
  if (x and *x <= 0) {
    error(v.where, path, "must be > 0, got " + v.describe());
    return std::nullopt;
  }
  return x;
}

void TransportReader::read_type_values(const YamlValue& map, const std::string& path, VehicleTypeSpec& type)
{
  if (const YamlValue* v = map.find("mode"))
    if (auto m = choice(*v, join_path(path, "mode"), {"road", "rail"}))
      type.mode = *m == 0 ? TransportMode::road : TransportMode::rail;
  if (const YamlValue* v = map.find("payload"))
    if (auto x = positive(*v, join_path(path, "payload"), Dimension::mass))
      type.payload_kg = *x;
  if (const YamlValue* v = map.find("pallets"))
    if (auto n = integer(*v, join_path(path, "pallets"), 0))
      type.pallets = static_cast<int>(*n);
  if (const YamlValue* v = map.find("speed")) {
    if (auto x = ratio(*v, join_path(path, "speed"), Dimension::distance, Dimension::time, "a speed such as '70 km/h'")) {
      if (*x == 0)
        error(v->where, join_path(path, "speed"), "must be > 0, got " + v->describe());
      type.speed_m_per_s = *x;
    }
  }
  const char* per_km = "an energy per distance such as '2.5 kWh/km' or '9 MJ/km'";
  if (const YamlValue* v = map.find("energy_empty"))
    if (auto x = ratio(*v, join_path(path, "energy_empty"), Dimension::energy, Dimension::distance, per_km))
      type.energy_empty_J_per_m = *x;
  if (const YamlValue* v = map.find("energy_full"))
    if (auto x = ratio(*v, join_path(path, "energy_full"), Dimension::energy, Dimension::distance, per_km))
      type.energy_full_J_per_m = *x;
  if (const YamlValue* v = map.find("power"))
    if (auto x = quantity(*v, join_path(path, "power"), Dimension::power)) {
      if (*x < 0)
        error(v->where, join_path(path, "power"), "must not be negative, got " + v->describe());
      type.power_W = *x;
    }
  if (const YamlValue* v = map.find("charging_power"))
    if (auto x = positive(*v, join_path(path, "charging_power"), Dimension::power))
      type.charging_power_W = *x;
  if (const YamlValue* v = map.find("intensity"))
    if (auto x = intensity(*v, join_path(path, "intensity")))
      type.intensity_kg_per_kg_m = *x;
  if (const YamlValue* v = map.find("carrier"))
    if (auto c = text(*v, join_path(path, "carrier"), "an energy carrier: diesel, hvo, electricity or lpg")) {
      if (carrier_factors_.count(*c) == 0) {
        Names known;
        for (const auto& [name, f] : carrier_factors_)
          known.push_back(name);
        error(v->where, join_path(path, "carrier"),
              "unknown energy carrier '" + *c + "'" + did_you_mean(*c, known) + " (carriers.yaml has " +
                  list_names(known, " and ") + ")");
      } else {
        type.carrier           = *c;
        type.scope1_kg_per_J   = carrier_factors_[*c].first;
        type.upstream_kg_per_J = carrier_factors_[*c].second;
      }
    }
}

fs::path TransportReader::data_dir(const YamlValue& node)
{
  const fs::path model_dir = fs::path(node.where.origin).parent_path();
  if (const YamlValue* v = node.find("data"))
    if (auto d = text(*v, "transport.data", "a directory holding vehicles.yaml and carriers.yaml")) {
      const fs::path p = fs::path(*d).is_absolute() ? fs::path(*d) : model_dir / *d;
      // The error_code form: a symlink loop or an over-long name must be a message, not an exception.
      std::error_code ec;
      if (not fs::exists(p / "vehicles.yaml", ec))
        error(v->where, "transport.data",
              "no vehicles.yaml in " + quote_value(p.string()) + (ec ? " (" + ec.message() + ")" : std::string()));
      return p;
    }
  std::error_code ec;
  if (fs::exists("models/data/vehicles.yaml", ec))
    return "models/data";
  for (fs::path dir = fs::absolute(model_dir, ec); not dir.empty(); dir = dir.parent_path()) {
    for (const fs::path& candidate : {dir / "data", dir / "models" / "data"})
      if (fs::exists(candidate / "vehicles.yaml", ec))
        return candidate;
    if (dir == dir.root_path())
      break;
  }
  return GREENFAB_DATA_DIR;
}

bool TransportReader::load_vehicle_types(const fs::path& dir, const SourceLocation& where)
{
  // Fuel factors first: each vehicle type's carrier is resolved against them.
  try {
    const CarrierTable carriers = CarrierTable::load((dir / "carriers.yaml").string());
    for (const auto& c : carriers.carriers())
      carrier_factors_[c.name] = {c.scope1_kg_per_J, c.upstream_kg_per_J};
  } catch (const ModelError& e) {
    for (const auto& d : e.diagnostics())
      diags_.push_back(d);
    if (e.diagnostics().empty())
      error(where, "transport", e.what());
    return false;
  }
  const std::string path = (dir / "vehicles.yaml").string();
  std::string file_text;
  try {
    file_text = read_text_file(path);
  } catch (const ModelError& e) {
    error(where, "transport", std::string(e.what()) + " (vehicle types; set transport.data to its directory)");
    return false;
  }
  const auto tree        = parse_data_document(file_text, path, "a vehicle data file", diags_);
  const YamlValue& root = *tree;
  if (not expect_map(root, "", "a map with 'vehicle_types'"))
    return false;
  check_keys(root, "", {"vehicle_types"});
  const YamlValue* types = require(root, "vehicle_types", "", "a map of vehicle type name -> values");
  if (types == nullptr or not expect_map(*types, "vehicle_types", "a map of vehicle type name -> values"))
    return false;
  for (const auto& e : types->entries) {
    const std::string p = "vehicle_types." + e.key;
    if (not expect_map(e.value, p, "a map of vehicle values"))
      continue;
    Names keys = type_value_keys;
    keys.push_back("source");
    check_keys(e.value, p, keys);
    VehicleTypeSpec type;
    type.name = e.key;
    read_type_values(e.value, p, type);
    if (const YamlValue* s = e.value.find("source"))
      type.source = text(*s, join_path(p, "source"), "where the figures come from").value_or("");
    types_[e.key] = type;
  }
  return true;
}

SiteId TransportReader::site(const YamlValue& v, const std::string& path, std::optional<LogisticsSite::Role> role)
{
  auto name = text(v, path, "a site name");
  if (not name)
    return -1;
  Names names;
  for (std::size_t i = 0; i < t_.sites.size(); ++i) {
    names.push_back(t_.sites[i].name);
    if (t_.sites[i].name == *name) {
      if (role and t_.sites[i].role != *role) {
        error(v.where, path,
              "site '" + *name + "' is a " + role_names[static_cast<std::size_t>(t_.sites[i].role)] + ", expected a " +
                  role_names[static_cast<std::size_t>(*role)]);
        return -1;
      }
      return static_cast<SiteId>(i);
    }
  }
  error(v.where, path, "unknown site '" + *name + "'" + did_you_mean(*name, names) + " (sites: " + list_names(names, " and ") + ")");
  return -1;
}

FleetId TransportReader::fleet(const YamlValue& v, const std::string& path)
{
  auto name = text(v, path, "a fleet name");
  if (not name)
    return -1;
  Names names;
  for (std::size_t i = 0; i < t_.fleets.size(); ++i) {
    names.push_back(t_.fleets[i].name);
    if (t_.fleets[i].name == *name)
      return static_cast<FleetId>(i);
  }
  error(v.where, path, "unknown fleet '" + *name + "'" + did_you_mean(*name, names) + " (fleets: " + list_names(names, " and ") + ")");
  return -1;
}

std::vector<double> TransportReader::clock_times(const YamlValue& v, const std::string& path)
{
  std::vector<const YamlValue*> items;
  if (v.is_sequence())
    for (const auto& i : v.items)
      items.push_back(&i);
  else
    items.push_back(&v);
  std::vector<double> times;
  for (const YamlValue* i : items) {
    int h = -1, m = -1;
    char extra = 0;
    if (not i->is_scalar() or std::sscanf(i->scalar.c_str(), "%d:%d%c", &h, &m, &extra) != 2 or h < 0 or h > 23 or
        m < 0 or m > 59)
      error(i->where, path, "expected a clock time HH:MM such as '08:00', got " + i->describe());
    else
      times.push_back(h * 3600.0 + m * 60.0);
  }
  std::sort(times.begin(), times.end());
  times.erase(std::unique(times.begin(), times.end()), times.end());
  return times;
}

void TransportReader::read_sites(const YamlValue& v)
{
  if (not v.is_sequence() or v.items.empty()) {
    error(v.where, "transport.sites", "expected a non-empty list of sites {name, role, lat, lon}, got " + v.describe());
    return;
  }
  for (std::size_t i = 0; i < v.items.size(); ++i) {
    const YamlValue& item = v.items[i];
    std::string path      = "transport.sites[" + std::to_string(i) + "]";
    if (not expect_map(item, path, "a site {name, role, lat, lon}"))
      continue;
    if (const YamlValue* n = item.find("name"); n and n->is_scalar() and not n->scalar.empty())
      path = "transport.sites[" + n->scalar + "]";
    check_keys(item, path, site_keys);
    LogisticsSite s;
    if (const YamlValue* n = require(item, "name", path, "every site needs a unique name"))
      if (auto name = text(*n, join_path(path, "name"), "a site name")) {
        for (const auto& other : t_.sites)
          if (other.name == *name)
            error(n->where, join_path(path, "name"), "duplicate site name '" + *name + "'");
        s.name = *name;
      }
    if (const YamlValue* r = require(item, "role", path, "factory, customer, supplier, warehouse or terminal"))
      if (auto k = choice(*r, join_path(path, "role"), role_names))
        s.role = static_cast<LogisticsSite::Role>(*k);
    const YamlValue* lat = item.find("lat");
    const YamlValue* lon = item.find("lon");
    if ((lat == nullptr) != (lon == nullptr))
      error(item.where, path, "give both 'lat' and 'lon' (or neither, and cover the site in transport.distances)");
    if (lat and lon) {
      auto la = quantity(*lat, join_path(path, "lat"), Dimension::angle);
      auto lo = quantity(*lon, join_path(path, "lon"), Dimension::angle);
      if (la and std::abs(*la) > 90)
        error(lat->where, join_path(path, "lat"), "a latitude must be within -90 deg and 90 deg, got " + lat->describe());
      else if (lo and std::abs(*lo) > 180)
        error(lon->where, join_path(path, "lon"), "a longitude must be within -180 deg and 180 deg, got " + lon->describe());
      else if (la and lo) {
        s.latitude_deg  = *la;
        s.longitude_deg = *lo;
      }
    }
    if (s.role == LogisticsSite::Role::factory) {
      if (t_.factory >= 0)
        error(item.where, path, "only one site can be the factory (the model's plant)");
      t_.factory = static_cast<SiteId>(t_.sites.size());
    }
    t_.sites.push_back(s);
  }
  if (t_.factory < 0)
    error(v.where, "transport.sites", "no site has role 'factory' (the plant the model simulates)");
}

void TransportReader::read_distances(const YamlValue* v)
{
  const std::size_t n = t_.sites.size();
  const double nan    = std::numeric_limits<double>::quiet_NaN();
  t_.road_m.assign(n * n, nan);
  t_.rail_m.assign(n * n, nan);
  for (std::size_t a = 0; a < n; ++a) {
    t_.road_m[a * n + a] = t_.rail_m[a * n + a] = 0;
    for (std::size_t b = 0; b < n; ++b) {
      const auto &A = t_.sites[a], &B = t_.sites[b];
      if (a == b or not A.latitude_deg or not B.latitude_deg)
        continue;
      const double gc      = great_circle_m(*A.latitude_deg, *A.longitude_deg, *B.latitude_deg, *B.longitude_deg);
      t_.road_m[a * n + b] = gc * t_.road_factor;
      t_.rail_m[a * n + b] = gc * t_.rail_factor;
    }
  }
  if (v == nullptr)
    return;
  if (not v->is_sequence()) {
    error(v->where, "transport.distances", "expected a list of {from, to, road, rail}, got " + v->describe());
    return;
  }
  // A table entry wins over coordinates: a measured road distance is better than any detour factor.
  for (std::size_t i = 0; i < v->items.size(); ++i) {
    const YamlValue& item = v->items[i];
    const std::string path = "transport.distances[" + std::to_string(i) + "]";
    if (not expect_map(item, path, "a map {from, to, road, rail}"))
      continue;
    check_keys(item, path, distance_keys);
    const YamlValue* f = require(item, "from", path, "a site name");
    const YamlValue* t = require(item, "to", path, "a site name");
    const SiteId a = f ? site(*f, join_path(path, "from")) : -1;
    const SiteId b = t ? site(*t, join_path(path, "to")) : -1;
    if (item.find("road") == nullptr and item.find("rail") == nullptr)
      error(item.where, path, "give 'road' or 'rail' (or both): a distance such as '780 km'");
    for (const char* key : {"road", "rail"}) {
      const YamlValue* d = item.find(key);
      if (d == nullptr)
        continue;
      auto x = quantity(*d, join_path(path, key), Dimension::distance);
      if (not x)
        continue;
      if (*x < 0) {
        error(d->where, join_path(path, key), "a distance must not be negative, got " + d->describe());
        continue;
      }
      if (a < 0 or b < 0)
        continue;
      auto& m = std::string(key) == "road" ? t_.road_m : t_.rail_m;
      m[static_cast<std::size_t>(a) * n + static_cast<std::size_t>(b)] = *x;
      m[static_cast<std::size_t>(b) * n + static_cast<std::size_t>(a)] = *x;
    }
  }
}

void TransportReader::read_fleets(const YamlValue& v)
{
  if (not v.is_sequence() or v.items.empty()) {
    error(v.where, "transport.fleets", "expected a non-empty list of fleets {name, type, count}, got " + v.describe());
    return;
  }
  Names type_names;
  for (const auto& [name, type] : types_)
    type_names.push_back(name);
  for (std::size_t i = 0; i < v.items.size(); ++i) {
    const YamlValue& item = v.items[i];
    std::string path      = "transport.fleets[" + std::to_string(i) + "]";
    if (not expect_map(item, path, "a fleet {name, type, count}"))
      continue;
    if (const YamlValue* n = item.find("name"); n and n->is_scalar() and not n->scalar.empty())
      path = "transport.fleets[" + n->scalar + "]";
    check_keys(item, path, fleet_keys);
    FleetSpec f;
    bool type_resolved = false; // an unknown type is one error, not also "no payload" and "no carrier"
    if (const YamlValue* n = require(item, "name", path, "every fleet needs a unique name"))
      if (auto name = text(*n, join_path(path, "name"), "a fleet name")) {
        for (const auto& other : t_.fleets)
          if (other.name == *name)
            error(n->where, join_path(path, "name"), "duplicate fleet name '" + *name + "'");
        f.name = *name;
      }
    if (const YamlValue* ty = require(item, "type", path, "a vehicle type of vehicles.yaml: " + list_names(type_names)))
      if (auto name = text(*ty, join_path(path, "type"), "a vehicle type")) {
        if (auto it = types_.find(*name); it != types_.end()) {
          f.type        = it->second;
          type_resolved = true;
        }
        else if (types_loaded_)
          error(ty->where, join_path(path, "type"),
                "unknown vehicle type '" + *name + "'" + did_you_mean(*name, type_names) + " (vehicles.yaml has " +
                    list_names(type_names, " and ") + ")");
      }
    if (const YamlValue* b = item.find("bought"))
      f.bought = boolean(*b, join_path(path, "bought")).value_or(false);
    if (const YamlValue* c = item.find("count")) {
      if (auto n = integer(*c, join_path(path, "count"), f.bought ? 0 : 1))
        f.count = static_cast<int>(*n);
    } else if (not f.bought) {
      error(item.where, path, "missing required key 'count' (vehicles of an own fleet, an integer >= 1)");
    }
    if (const YamlValue* d = item.find("delay"))
      f.delay = distribution(*d, join_path(path, "delay"), Dimension::time);
    read_type_values(item, path, f.type);
    if (type_resolved and f.type.payload_kg <= 0 and item.find("payload") == nullptr)
      error(item.where, path, "the vehicle type has no payload: give 'payload' (a mass > 0 such as '25 t')");
    if (type_resolved and f.type.carrier.empty() and not f.bought)
      error(item.where, path, "the vehicle type has no carrier: give 'carrier' (diesel, hvo, electricity or lpg)");
    if (type_resolved and f.bought and not f.type.intensity_kg_per_kg_m)
      error(item.where, path,
            "bought transport needs an emission intensity and vehicle type '" + f.type.name +
                "' has no published default: give 'intensity' (e.g. '95 g/tkm', see docs/transport.md)");
    if (not f.bought and f.type.electric() and f.type.power_W == 0 and f.type.charging_power_W <= 0)
      error(item.where, path, "an own electric road vehicle needs 'charging_power' (the factory's charger, e.g. '150 kW')");
    t_.fleets.push_back(f);
  }
}

void TransportReader::read_loads(const YamlValue* v)
{
  t_.loads.assign(model_.products.size(), LoadSpec{});
  if (v == nullptr or not expect_map(*v, "transport.loads", "a map product -> {mass, per_pallet}"))
    return;
  Names product_names;
  for (const auto& p : model_.products)
    product_names.push_back(p.name);
  for (const auto& e : v->entries) {
    const std::string path = "transport.loads." + e.key;
    const ProductId p      = model_.product_id(e.key);
    if (p < 0) {
      error(e.key_where, path, "unknown product '" + e.key + "'" + did_you_mean(e.key, product_names));
      continue;
    }
    if (not expect_map(e.value, path, "a map {mass, per_pallet}"))
      continue;
    check_keys(e.value, path, load_keys);
    LoadSpec& l = t_.loads[static_cast<std::size_t>(p)];
    if (const YamlValue* m = require(e.value, "mass", path, "the mass of one finished part, e.g. '40 kg'"))
      l.mass_kg = positive(*m, join_path(path, "mass"), Dimension::mass).value_or(0);
    if (const YamlValue* pp = e.value.find("per_pallet"))
      l.parts_per_pallet = static_cast<double>(integer(*pp, join_path(path, "per_pallet"), 1).value_or(1));
  }
}

void TransportReader::read_outbound(const YamlValue& v)
{
  if (not expect_map(v, "transport.outbound", "a map {fleet, policy, max_wait, departures, customers}"))
    return;
  check_keys(v, "transport.outbound", outbound_keys);
  OutboundSpec& o = t_.outbound;
  o.enabled       = true;
  if (const YamlValue* f = require(v, "fleet", "transport.outbound", "the fleet that ships finished parts"))
    o.fleet = fleet(*f, "transport.outbound.fleet");
  if (const YamlValue* p = v.find("policy"))
    if (auto k = choice(*p, "transport.outbound.policy", {"full_truck_load", "daily", "milk_run"}))
      o.policy = static_cast<OutboundSpec::Policy>(*k);
  const bool milk_run  = o.policy == OutboundSpec::Policy::milk_run;
  const YamlValue* dep = v.find("departures");
  if (const YamlValue* w = v.find("max_wait")) {
    if (o.policy == OutboundSpec::Policy::daily)
      error(w->where, "transport.outbound.max_wait", "only with policy full_truck_load or milk_run");
    else if (milk_run and dep)
      error(w->where, "transport.outbound.max_wait",
            "a milk run leaves either at its 'departures' or when full (with max_wait), not both");
    else if (auto x = positive(*w, "transport.outbound.max_wait", Dimension::time))
      o.max_wait_s = *x;
  }
  if (o.policy == OutboundSpec::Policy::daily and dep == nullptr)
    error(v.where, "transport.outbound", "policy daily needs 'departures': clock times such as [\"08:00\", \"16:00\"]");
  if (dep and o.policy == OutboundSpec::Policy::full_truck_load)
    error(dep->where, "transport.outbound.departures", "only with policy daily or milk_run");
  else if (dep)
    o.departures_s = clock_times(*dep, "transport.outbound.departures");
  const YamlValue* cs = require(v, "customers", "transport.outbound", "a list of {site, share, due}");
  if (cs == nullptr)
    return;
  if (not cs->is_sequence() or cs->items.empty()) {
    error(cs->where, "transport.outbound.customers", "expected a non-empty list of {site, share, due}, got " + cs->describe());
    return;
  }
  double sum = 0;
  const bool to_order = model_.release.to_order;
  if (to_order) {
    // The orders release the parts: a second arrival process or a pull signal would double the demand.
    const YamlValue& first = *cs;
    if (model_.release.interarrival)
      error(first.where, "transport.outbound.customers",
            "the customers' orders release the parts (make to order), so the model must not also have "
            "release.interarrival: remove it, or remove the orders to make to stock");
    if (model_.release.policy == ReleaseSpec::Policy::kanban)
      error(first.where, "transport.outbound.customers",
            "customers' orders release the parts by push or conwip; release.policy kanban refills the line "
            "instead: use push or conwip");
  }
  for (std::size_t i = 0; i < cs->items.size(); ++i) {
    const YamlValue& item  = cs->items[i];
    const std::string path = "transport.outbound.customers[" + std::to_string(i) + "]";
    if (not expect_map(item, path, "a map {site, share, due}"))
      continue;
    check_keys(item, path, customer_keys);
    CustomerSpec c;
    if (const YamlValue* s = require(item, "site", path, "a site with role customer"))
      c.site = site(*s, join_path(path, "site"), LogisticsSite::Role::customer);
    const YamlValue* share = item.find("share");
    if (to_order) {
      if (const YamlValue* ord = item.find("orders"))
        c.orders = read_orders(*ord, join_path(path, "orders"));
      else
        error(item.where, path,
              "missing key 'orders': when one customer places orders (make to order), every customer must, "
              "e.g. orders: {interarrival: exp(4 h), quantity: 10}");
      if (share != nullptr)
        error(share->where, join_path(path, "share"),
              "'share' splits finished parts among customers (make to stock); with 'orders' each customer's "
              "orders set its volume: remove 'share'");
    } else if (share != nullptr)
      c.share = positive(*share, join_path(path, "share"), Dimension::fraction).value_or(0);
    else if (cs->items.size() > 1)
      error(item.where, path, "missing required key 'share' (the customers' shares of finished parts, summing to 100 %)");
    if (const YamlValue* d = item.find("due"))
      c.due_s = positive(*d, join_path(path, "due"), Dimension::time).value_or(c.due_s);
    if (c.site >= 0 and o.fleet >= 0) {
      const auto& type = t_.fleets[static_cast<std::size_t>(o.fleet)].type;
      if (missing_distance(t_.factory, c.site, type.mode))
        error(item.where, path,
              std::string("no ") + (type.mode == TransportMode::rail ? "rail" : "road") + " distance from the factory to '" +
                  t_.sites[static_cast<std::size_t>(c.site)].name + "': give both sites lat/lon or a transport.distances entry");
    }
    sum += c.share;
    o.customers.push_back(c);
  }
  if (milk_run and o.fleet >= 0) {
    // A tour goes from any customer to any later one in the list (stops without orders are skipped).
    const auto mode = t_.fleets[static_cast<std::size_t>(o.fleet)].type.mode;
    for (std::size_t i = 0; i < o.customers.size(); ++i)
      for (std::size_t j = i + 1; j < o.customers.size(); ++j) {
        const SiteId a = o.customers[i].site, b = o.customers[j].site;
        if (a >= 0 and b >= 0 and a == b)
          error(cs->items[j].where, "transport.outbound.customers[" + std::to_string(j) + "].site",
                "a milk run visits each customer once: '" + t_.sites[static_cast<std::size_t>(a)].name + "' is listed twice");
        else if (missing_distance(a, b, mode))
          error(cs->items[j].where, "transport.outbound.customers[" + std::to_string(j) + "]",
                std::string("a milk run needs the ") + (mode == TransportMode::rail ? "rail" : "road") +
                    " distance between every two customers: none from '" + t_.sites[static_cast<std::size_t>(a)].name +
                    "' to '" + t_.sites[static_cast<std::size_t>(b)].name +
                    "': give both sites lat/lon or a transport.distances entry");
      }
  }
  if (not to_order and std::abs(sum - 1) > 1e-4 and cs->items.size() > 1)
    error(cs->where, "transport.outbound.customers", "the customers' shares sum to " + std::to_string(sum * 100) + " %, expected 100 %");
  for (auto& c : o.customers)
    c.share /= sum > 0 ? sum : 1;
  for (std::size_t p = 0; p < model_.products.size(); ++p)
    if (model_.products[p].released and t_.loads[p].mass_kg <= 0)
      error(v.where, "transport.outbound",
            "product '" + model_.products[p].name + "' is shipped but has no mass: add transport.loads." +
                model_.products[p].name + ".mass");
}

std::optional<OrderStreamSpec> TransportReader::read_orders(const YamlValue& v, const std::string& path)
{
  if (not expect_map(v, path, "a map {interarrival, quantity, products}"))
    return std::nullopt;
  check_keys(v, path, order_keys);
  OrderStreamSpec o;
  bool ok = true;
  if (const YamlValue* ia = require(v, "interarrival", path, "the time between orders, e.g. exp(4 h)")) {
    if (auto d = distribution(*ia, join_path(path, "interarrival"), Dimension::time); d and d->mean() > 0)
      o.interarrival = *d;
    else {
      if (d)
        error(ia->where, join_path(path, "interarrival"), "the mean time between orders must be > 0");
      ok = false;
    }
  } else
    ok = false;
  if (const YamlValue* q = require(v, "quantity", path, "parts per order, e.g. 10 or empirical(5, 10, 20)")) {
    if (auto d = distribution(*q, join_path(path, "quantity"), Dimension::count); d and d->mean() >= 1)
      o.quantity = *d;
    else {
      if (d)
        error(q->where, join_path(path, "quantity"),
              "an order has at least one part: the mean quantity must be >= 1, got " + q->describe());
      ok = false;
    }
  } else
    ok = false;
  o.mix.assign(model_.products.size(), 0.0);
  if (const YamlValue* ps = v.find("products")) {
    const std::string ppath = join_path(path, "products");
    if (not expect_map(*ps, ppath, "a map of product: share, e.g. {shaft_a: 70 %, shaft_b: 30 %}"))
      return std::nullopt;
    double sum = 0;
    for (const auto& e : ps->entries) {
      const ProductId p = model_.product_id(e.key);
      if (p < 0 or not model_.products[static_cast<std::size_t>(p)].released) {
        Names released;
        for (const auto& pr : model_.products)
          if (pr.released)
            released.push_back(pr.name);
        error(e.key_where, join_path(ppath, e.key),
              (p < 0 ? "unknown product '" + e.key + "'" + did_you_mean(e.key, released)
                     : "'" + e.key + "' is a component (released through its assembly's BOM), not an order product") +
                  "; products that can be ordered: " + list_names(released));
        ok = false;
        continue;
      }
      if (auto x = positive(e.value, join_path(ppath, e.key), Dimension::fraction)) {
        o.mix[static_cast<std::size_t>(p)] = *x;
        sum += *x;
      } else
        ok = false;
    }
    if (ok and std::abs(sum - 1) > 1e-4)
      error(ps->where, ppath, "the product shares sum to " + std::to_string(sum * 100) + " %, expected 100 %");
    for (double& x : o.mix)
      x /= sum > 0 ? sum : 1;
  } else {
    for (std::size_t p = 0; p < model_.products.size(); ++p)
      o.mix[p] = model_.products[p].released ? model_.products[p].mix : 0.0;
  }
  if (not ok)
    return std::nullopt;
  return o;
}

void TransportReader::read_internal(const YamlValue& v)
{
  if (not expect_map(v, "transport.internal", "a map {fleet, travel}"))
    return;
  check_keys(v, "transport.internal", internal_keys);
  t_.internal.enabled = true;
  if (const YamlValue* f = require(v, "fleet", "transport.internal", "the forklift or AGV fleet"))
    t_.internal.fleet = fleet(*f, "transport.internal.fleet");
  if (t_.internal.fleet >= 0 and t_.fleets[static_cast<std::size_t>(t_.internal.fleet)].bought)
    error(v.find("fleet")->where, "transport.internal.fleet", "internal moves need an own fleet (not bought)");
  // The moves that happen: from each route step to the next (a component's last move is to its assembly).
  std::vector<std::pair<int, int>> used;
  for (const auto& p : model_.products)
    for (std::size_t i = 0; i + 1 < p.route.size(); ++i)
      if (std::find(used.begin(), used.end(), std::pair<int, int>{p.route[i], p.route[i + 1]}) == used.end())
        used.emplace_back(p.route[i], p.route[i + 1]);
  if (const YamlValue* ms = v.find("moves")) {
    if (not ms->is_sequence())
      error(ms->where, "transport.internal.moves",
            "expected a list of {from, to, travel}, e.g. [{from: saw, to: drill, travel: 2 min}], got " + ms->describe());
    else
      for (std::size_t i = 0; i < ms->items.size(); ++i) {
        const YamlValue& item  = ms->items[i];
        const std::string path = "transport.internal.moves[" + std::to_string(i) + "]";
        if (not expect_map(item, path, "a map {from, to, travel}"))
          continue;
        check_keys(item, path, move_keys);
        StationMove m;
        if (const YamlValue* f = require(item, "from", path, "the station a part leaves"))
          m.from = station(*f, join_path(path, "from"));
        if (const YamlValue* f = require(item, "to", path, "the next station on its route"))
          m.to = station(*f, join_path(path, "to"));
        const YamlValue* tr = require(item, "travel", path, "the time of one such move, e.g. exp(2 min)");
        auto d = tr != nullptr ? distribution(*tr, join_path(path, "travel"), Dimension::time) : std::nullopt;
        if (m.from < 0 or m.to < 0 or not d)
          continue;
        m.travel = *d;
        const auto name = [&](int s) { return model_.stations[static_cast<std::size_t>(s)].name; };
        if (std::find(used.begin(), used.end(), std::pair<int, int>{m.from, m.to}) == used.end())
          error(item.where, path,
                "no product moves from '" + name(m.from) + "' to '" + name(m.to) +
                    "': list pairs of consecutive stations on a route");
        else if (std::any_of(t_.internal.moves.begin(), t_.internal.moves.end(),
                             [&](const StationMove& o) { return o.from == m.from and o.to == m.to; }))
          error(item.where, path, "the move '" + name(m.from) + "' -> '" + name(m.to) + "' is listed twice");
        else
          t_.internal.moves.push_back(m);
      }
  }
  const bool all_listed = std::all_of(used.begin(), used.end(), [&](const auto& u) {
    return std::any_of(t_.internal.moves.begin(), t_.internal.moves.end(),
                       [&](const StationMove& m) { return m.from == u.first and m.to == u.second; });
  });
  if (const YamlValue* tr = v.find("travel")) {
    if (auto d = distribution(*tr, "transport.internal.travel", Dimension::time))
      t_.internal.travel = *d;
  } else if (not all_listed) {
    error(v.where, "transport.internal",
          "missing required key 'travel' (the time one move takes, e.g. exp(3 min)); it may only be left out "
          "when 'moves' lists every pair of consecutive stations");
  }
}

int TransportReader::station(const YamlValue& v, const std::string& path)
{
  const auto name = text(v, path, "a station name");
  if (not name)
    return -1;
  const int id = model_.station_id(*name);
  if (id >= 0)
    return id;
  Names names;
  for (const auto& s : model_.stations)
    names.push_back(s.name);
  error(v.where, path, "unknown station '" + *name + "'" + did_you_mean(*name, names) + " (stations: " +
                           list_names(names, " and ") + ")");
  return -1;
}

void TransportReader::read_inbound_runs(const YamlValue& v)
{
  if (not v.is_sequence() or v.items.empty()) {
    error(v.where, "transport.inbound_runs",
          "expected a non-empty list of inbound milk runs {name, fleet, departures, stops}, got " + v.describe());
    return;
  }
  for (std::size_t i = 0; i < v.items.size(); ++i) {
    const YamlValue& item = v.items[i];
    const std::string path = element_path("transport.inbound_runs", item, i);
    if (not expect_map(item, path, "an inbound milk run {name, fleet, departures, stops, lead_runs}"))
      continue;
    check_keys(item, path, inbound_run_keys);
    InboundRunSpec r;
    if (auto name = required_text(item, "name", path, "every inbound run needs a unique name")) {
      for (const auto& other : t_.inbound_runs)
        if (other.name == *name)
          error(item.find("name")->where, join_path(path, "name"), "duplicate inbound run name '" + *name + "'");
      r.name = *name;
    }
    if (const YamlValue* f = require(item, "fleet", path, "the fleet that drives the tour (own or bought)")) {
      r.fleet = fleet(*f, join_path(path, "fleet"));
      if (r.fleet >= 0 and t_.fleets[static_cast<std::size_t>(r.fleet)].type.speed_m_per_s <= 0)
        error(f->where, join_path(path, "fleet"),
              "fleet '" + t_.fleets[static_cast<std::size_t>(r.fleet)].name + "' has no speed: give 'speed' (a road or rail vehicle)");
    }
    if (const YamlValue* d = require(item, "departures", path,
                                     "the tour's daily departure times, clock times such as [\"06:00\", \"14:00\"]")) {
      r.departures_s = clock_times(*d, join_path(path, "departures"));
      if (d->is_sequence() and d->items.empty())
        error(d->where, join_path(path, "departures"),
              "a scheduled milk run needs at least one departure time such as \"06:00\", got an empty list");
    }
    if (const YamlValue* x = item.find("lead_runs"))
      r.lead_runs = static_cast<int>(integer(*x, join_path(path, "lead_runs"), 0, 1000).value_or(0));
    if (const YamlValue* x = item.find("min_load"))
      if (auto m = quantity(*x, join_path(path, "min_load"), Dimension::mass)) {
        if (*m < 0)
          error(x->where, join_path(path, "min_load"), "must be >= 0 (a mass such as '300 kg'), got " + x->describe());
        else
          r.min_load_kg = *m;
      }
    const YamlValue* stops = require(item, "stops", path, "the suppliers the tour visits, in driving order");
    if (stops and (not stops->is_sequence() or stops->items.empty()))
      error(stops->where, join_path(path, "stops"), "expected a non-empty list of supplier sites, got " + stops->describe());
    else if (stops) {
      for (std::size_t k = 0; k < stops->items.size(); ++k) {
        const std::string sp = join_path(path, "stops") + "[" + std::to_string(k) + "]";
        const SiteId site_id = site(stops->items[k], sp, LogisticsSite::Role::supplier);
        if (site_id >= 0 and std::find(r.stops.begin(), r.stops.end(), site_id) != r.stops.end())
          error(stops->items[k].where, sp,
                "a milk run visits each stop once: '" + t_.sites[static_cast<std::size_t>(site_id)].name + "' is listed twice");
        r.stops.push_back(site_id);
      }
      // Stops with nothing to pick up are skipped, so the tour may drive from any stop to any later one.
      if (r.fleet >= 0 and std::find(r.stops.begin(), r.stops.end(), -1) == r.stops.end()) {
        const auto mode = t_.fleets[static_cast<std::size_t>(r.fleet)].type.mode;
        const char* net = mode == TransportMode::rail ? "rail" : "road";
        for (std::size_t k = 0; k < r.stops.size(); ++k) {
          const SiteId a = r.stops[k];
          std::vector<SiteId> next{t_.factory};
          next.insert(next.end(), r.stops.begin() + static_cast<std::ptrdiff_t>(k + 1), r.stops.end());
          for (const SiteId b : next)
            if (missing_distance(a, b, mode)) {
              error(stops->items[k].where, join_path(path, "stops") + "[" + std::to_string(k) + "]",
                    std::string("a milk run needs the ") + net +
                        " distance from every stop to the factory and to every later stop (stops without pickups are "
                        "skipped): none from '" + t_.sites[static_cast<std::size_t>(a)].name + "' to '" +
                        t_.sites[static_cast<std::size_t>(b)].name +
                        "': give both sites lat/lon or a transport.distances entry");
              break;
            }
        }
      }
    }
    t_.inbound_runs.push_back(r);
  }
}

void TransportReader::read_inbound(const YamlValue& v)
{
  if (not v.is_sequence()) {
    error(v.where, "transport.inbound", "expected a list of purchased materials, got " + v.describe());
    return;
  }
  for (std::size_t i = 0; i < v.items.size(); ++i) {
    const YamlValue& item = v.items[i];
    std::string path      = "transport.inbound[" + std::to_string(i) + "]";
    if (not expect_map(item, path, "a material {name, supplier, station, lead_time, reorder_point, order_quantity}"))
      continue;
    if (const YamlValue* n = item.find("name"); n and n->is_scalar() and not n->scalar.empty())
      path = "transport.inbound[" + n->scalar + "]";
    check_keys(item, path, material_keys);
    PurchasedMaterial m;
    if (const YamlValue* n = require(item, "name", path, "the material's name"))
      m.name = text(*n, join_path(path, "name"), "a material name").value_or("");
    if (const YamlValue* s = require(item, "supplier", path, "a site with role supplier"))
      m.supplier = site(*s, join_path(path, "supplier"), LogisticsSite::Role::supplier);
    if (const YamlValue* s = require(item, "station", path, "the station that consumes it"))
      m.station = station(*s, join_path(path, "station"));
    for (const auto& other : t_.materials)
      if (not m.name.empty() and other.name == m.name)
        error(item.where, path, "the material '" + m.name + "' is listed twice: give each purchased material one entry");
    if (const YamlValue* x = item.find("per_part"))
      m.per_part = static_cast<double>(integer(*x, join_path(path, "per_part"), 1).value_or(1));
    if (const YamlValue* x = require(item, "unit_mass", path, "the mass of one unit, e.g. '5 kg'"))
      m.unit_mass_kg = positive(*x, join_path(path, "unit_mass"), Dimension::mass).value_or(0);
    if (const YamlValue* x = item.find("policy"))
      if (auto k = choice(*x, join_path(path, "policy"), {"reorder_point", "kanban", "milk_run"}))
        m.policy = static_cast<PurchasedMaterial::Policy>(*k);
    const bool milk_run = m.policy == PurchasedMaterial::Policy::milk_run;
    if (not milk_run) {
      for (const char* k : {"run", "order_up_to"})
        if (const YamlValue* x = item.find(k))
          error(x->where, join_path(path, k), "only with policy milk_run");
      if (const YamlValue* x = require(item, "lead_time", path, "order-to-arrival time, e.g. '2 d' or 'uniform(1 d, 3 d)'"))
        if (auto d = distribution(*x, join_path(path, "lead_time"), Dimension::time))
          m.lead_time = *d;
    }
    if (milk_run) {
      // Periodic review at the run's departures, order up to S; the run's schedule and tour set the lead time.
      for (const char* k : {"reorder_point", "order_quantity", "cards", "card_quantity"})
        if (const YamlValue* x = item.find(k))
          error(x->where, join_path(path, k),
                "not with policy milk_run: each departure of the run calls off order_up_to minus the inventory position");
      if (const YamlValue* x = item.find("lead_time"))
        error(x->where, join_path(path, "lead_time"), "not with policy milk_run: the run's departures and tour set the lead time");
      if (const YamlValue* x = item.find("fleet"))
        error(x->where, join_path(path, "fleet"), "not with policy milk_run: the run's fleet carries it");
      if (const YamlValue* x = require(item, "order_up_to", path, "S, the units each departure of the run orders up to, an integer >= 1"))
        m.order_up_to = static_cast<double>(integer(*x, join_path(path, "order_up_to"), 1).value_or(1));
      if (const YamlValue* x = require(item, "run", path, "the name of an inbound milk run (transport.inbound_runs)"))
        if (auto name = text(*x, join_path(path, "run"), "an inbound run name")) {
          Names names;
          for (std::size_t r = 0; r < t_.inbound_runs.size(); ++r) {
            names.push_back(t_.inbound_runs[r].name);
            if (t_.inbound_runs[r].name == *name)
              m.run = static_cast<int>(r);
          }
          if (m.run < 0)
            error(x->where, join_path(path, "run"),
                  "unknown inbound run '" + *name + "'" + did_you_mean(*name, names) +
                      (names.empty() ? std::string(": transport.inbound_runs defines none")
                                     : " (inbound runs: " + list_names(names, " and ") + ")"));
        }
      if (m.run >= 0) {
        const InboundRunSpec& r = t_.inbound_runs[static_cast<std::size_t>(m.run)];
        m.fleet = r.fleet;
        if (m.supplier >= 0 and std::find(r.stops.begin(), r.stops.end(), m.supplier) == r.stops.end()) {
          Names stop_names;
          for (const SiteId s : r.stops)
            if (s >= 0)
              stop_names.push_back(t_.sites[static_cast<std::size_t>(s)].name);
          error(item.find("supplier")->where, join_path(path, "supplier"),
                "supplier '" + t_.sites[static_cast<std::size_t>(m.supplier)].name + "' is not a stop of inbound run '" +
                    r.name + "' (stops: " + list_names(stop_names, " and ") + "): add it to the run's stops");
        }
      }
      m.initial = m.order_up_to;
    } else if (m.policy == PurchasedMaterial::Policy::kanban) {
      // N cards of Q units: a card returns to the supplier when its container is emptied. With the inventory
      // position on hand + on order, that is exactly (s, Q) with s = (N - 1) Q, started full (N Q on hand).
      for (const char* k : {"reorder_point", "order_quantity"})
        if (const YamlValue* x = item.find(k))
          error(x->where, join_path(path, k),
                "not with policy kanban: the cards set the reorder point ((cards - 1) x card_quantity) and the order quantity (card_quantity)");
      if (const YamlValue* x = require(item, "cards", path, "kanban cards in the loop, an integer >= 1"))
        m.cards = integer(*x, join_path(path, "cards"), 1).value_or(1);
      if (const YamlValue* x = require(item, "card_quantity", path, "units per card (one container), an integer >= 1"))
        m.order_quantity = static_cast<double>(integer(*x, join_path(path, "card_quantity"), 1).value_or(1));
      m.reorder_point = (m.cards - 1) * m.order_quantity;
    } else {
      for (const char* k : {"cards", "card_quantity"})
        if (const YamlValue* x = item.find(k))
          error(x->where, join_path(path, k), "only with policy kanban");
      if (const YamlValue* x = require(item, "reorder_point", path, "units; order when the inventory position falls to it"))
        m.reorder_point = static_cast<double>(integer(*x, join_path(path, "reorder_point"), 0).value_or(0));
      if (const YamlValue* x = require(item, "order_quantity", path, "units per order, an integer >= 1"))
        m.order_quantity = static_cast<double>(integer(*x, join_path(path, "order_quantity"), 1).value_or(1));
    }
    if (not milk_run)
      m.initial = m.reorder_point + m.order_quantity;
    if (const YamlValue* x = item.find("initial"))
      m.initial = static_cast<double>(integer(*x, join_path(path, "initial"), 0).value_or(0));
    if (not milk_run)
      if (const YamlValue* f = require(item, "fleet", path, "the fleet that carries it (own or bought)"))
        m.fleet = fleet(*f, join_path(path, "fleet"));
    if (not milk_run and m.supplier >= 0 and m.fleet >= 0) {
      const auto& type = t_.fleets[static_cast<std::size_t>(m.fleet)].type;
      if (missing_distance(m.supplier, t_.factory, type.mode))
        error(item.where, path, "no distance from supplier '" + t_.sites[static_cast<std::size_t>(m.supplier)].name +
                                    "' to the factory: give both sites lat/lon or a transport.distances entry");
    }
    t_.materials.push_back(m);
  }
}

TransportSpec TransportReader::read(const YamlValue& node)
{
  if (not expect_map(node, "transport", "a map with " + list_names(transport_keys)))
    return {};
  check_keys(node, "transport", transport_keys);
  t_.enabled = true;
  types_loaded_ = load_vehicle_types(data_dir(node), node.where);
  for (const char* key : {"road_factor", "rail_factor"})
    if (const YamlValue* f = node.find(key)) {
      double& factor = std::string(key) == "road_factor" ? t_.road_factor : t_.rail_factor;
      auto x = f->is_scalar() ? parse_plain_number(f->scalar) : std::nullopt;
      if (not x or *x < 1)
        error(f->where, join_path("transport", key),
              "expected a detour factor >= 1 (distance over the network / great-circle distance), got " + f->describe());
      else
        factor = *x;
    }
  if (const YamlValue* s = require(node, "sites", "transport", "a list of sites: the factory, customers, suppliers"))
    read_sites(*s);
  read_distances(node.find("distances"));
  if (const YamlValue* f = require(node, "fleets", "transport", "a list of fleets {name, type, count}"))
    read_fleets(*f);
  read_loads(node.find("loads"));
  if (const YamlValue* v = node.find("outbound"))
    read_outbound(*v);
  if (const YamlValue* v = node.find("internal"))
    read_internal(*v);
  if (const YamlValue* v = node.find("inbound_runs"))
    read_inbound_runs(*v);
  if (const YamlValue* v = node.find("inbound"))
    read_inbound(*v);
  if (const YamlValue* v = node.find("shipment_log"))
    t_.shipment_log = boolean(*v, "transport.shipment_log").value_or(false);
  if (t_.outbound.enabled and t_.outbound.fleet >= 0) {
    const auto& f = t_.fleets[static_cast<std::size_t>(t_.outbound.fleet)];
    if (f.type.speed_m_per_s <= 0)
      error(node.find("outbound")->where, "transport.outbound.fleet", "fleet '" + f.name + "' has no speed: give 'speed'");
  }
  return std::move(t_);
}

} // namespace

TransportSpec read_transport(const YamlValue& node, const ModelSpec& spec, std::vector<Diagnostic>& diagnostics)
{
  return TransportReader(diagnostics, spec).read(node);
}

} // namespace greenfab
