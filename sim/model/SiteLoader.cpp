// The `site:` section: location (climate), grid zone, carriers and prices, loads, compressed air,
// heating, PV and battery. Data files are loaded here, so a model that validates can run.
#include "model/SiteLoader.hpp"
#include "core/DataDir.hpp"
#include "core/Units.hpp"
#include "energy/Carriers.hpp"
#include "energy/Climate.hpp"
#include "energy/DataFile.hpp"
#include "energy/GridFactors.hpp"
#include "model/YamlChecker.hpp"

#include <filesystem>
#include <functional>

namespace greenfab {
namespace {

const Names site_keys{"location", "weather_file", "grid", "grid_scale", "country", "currency", "exchange_rates", "carriers",
                      "carbon_price", "export_prices", "electricity_contract", "loads", "compressed_air", "heating", "pv",
                      "battery", "hourly_series"};
const Names carrier_override_keys{"factor", "upstream", "price", "network", "co2_tax"};
const Names export_keys{"electricity", "heat"};
const Names contract_keys{"green_share", "contract"};
const Names load_keys{"base", "lighting"};
const Names shift_keys{"on_shift", "off_shift"};
const Names air_keys{"specific_power", "leaks", "heat_recovery"};
const Names heating_keys{"heat_loss", "set_point", "supply", "boiler", "heat_pump", "machine_heat_recovery",
                         "export_surplus"};
const Names boiler_keys{"carrier", "efficiency"};
const Names heat_pump_keys{"carnot_efficiency", "supply_temperature", "max_cop"};
const Names pv_keys{"peak", "tilt", "azimuth", "losses"};
const Names battery_keys{"capacity", "power", "efficiency", "dispatch", "initial"};
const Names supplies{"district_heating", "boiler", "heat_pump"};
const Names dispatches{"self_consumption", "carbon_aware"};

class SiteReader : public YamlChecker {
public:
  SiteReader(std::vector<Diagnostic>& diagnostics, std::filesystem::path model_dir)
      : YamlChecker(diagnostics), model_dir_(std::move(model_dir))
  {
  }

  std::optional<SiteSpec> read(const YamlValue& v)
  {
    if (not expect_map(v, "site", "a map describing the site's energy system, e.g. {location: umea, grid: SE1}"))
      return std::nullopt;
    const std::size_t errors_before = diags_.size();
    check_keys(v, "site", site_keys);
    SiteSpec s;
    read_location(v, s);
    read_grid(v, s);
    read_money(v, s);
    if (const YamlValue* l = v.find("loads"); l != nullptr and expect_map(*l, "site.loads", "a map with base and lighting")) {
      check_keys(*l, "site.loads", load_keys);
      if (const YamlValue* b = l->find("base"))
        s.base_load = shift_values(*b, "site.loads.base", Dimension::power);
      if (const YamlValue* b = l->find("lighting"))
        s.lighting = shift_values(*b, "site.loads.lighting", Dimension::power);
    }
    if (const YamlValue* a = v.find("compressed_air"))
      s.compressed_air = read_air(*a);
    if (const YamlValue* h = v.find("heating"))
      s.heating = read_heating(*h);
    if (const YamlValue* p = v.find("pv"))
      s.pv = read_pv(*p);
    if (const YamlValue* b = v.find("battery"))
      s.battery = read_battery(*b);
    if (const YamlValue* h = v.find("hourly_series"))
      s.hourly_series = boolean(*h, "site.hourly_series").value_or(true);
    if ((s.heating or s.pv) and not s.climate and v.find("location") == nullptr)
      error(v.where, "site", "heating and PV need the site's climate: add location (e.g. 'location: umea')");
    if (s.heating and s.heating->supply == HeatingSpec::Supply::boiler and s.carriers)
      carrier_known(s, s.heating->boiler_carrier, boiler_carrier_where_);
    if (diags_.size() != errors_before)
      return std::nullopt;
    return s;
  }

private:
  /** Runs a data-file loader; its located problems are reported as they are, plus where the model named it. */
  template <typename F> bool load_data(const YamlValue& key, const std::string& path, const std::string& what, F&& f)
  {
    try {
      f();
      return true;
    } catch (const ModelError& e) {
      bool located = false;
      std::string unlocated;
      for (const auto& d : e.diagnostics()) {
        if (not d.file.empty() and d.file != "<input>" and d.line > 0) {
          diags_.push_back(d);
          located = true;
        } else { // e.g. an unknown name or an unreadable file: the model key is the place to fix it
          const bool named = not d.file.empty() and d.file != "<input>";
          unlocated += (unlocated.empty() ? "" : "; ") + (named ? d.file + ": " : std::string()) + d.message;
        }
      }
      if (e.diagnostics().empty())
        unlocated = e.what();
      if (not unlocated.empty())
        error(key.where, path, unlocated);
      if (located)
        error(key.where, path, "the " + what + " named here has the problems above");
    } catch (const std::exception& e) {
      error(key.where, path, std::string(e.what()));
    }
    return false;
  }

  /** A data-file name: a bare name is looked up in data_dir(); anything with '/' or a suffix is relative to the model. */
  std::string resolve(const std::string& name) const
  {
    if (name.find('/') == std::string::npos and name.find('.') == std::string::npos)
      return name;
    const std::filesystem::path p(name);
    return p.is_absolute() ? name : (model_dir_ / p).string();
  }

  void read_location(const YamlValue& v, SiteSpec& s)
  {
    const YamlValue* l = v.find("location");
    if (l == nullptr)
      return;
    auto name = text(*l, "site.location", "a climate name such as 'umea' (models/data/climate/) or a file");
    if (not name)
      return;
    s.location = *name;
    load_data(*l, "site.location", "climate file", [&] {
      Climate climate = load_climate(resolve(*name));
      if (const YamlValue* w = v.find("weather_file"))
        if (auto file = text(*w, "site.weather_file", "an hourly CSV file with a temperature_C column"))
          load_data(*w, "site.weather_file", "weather file", [&] { climate.use_hourly(read_hourly_csv(resolve(*file))); });
      s.climate = std::make_shared<const Climate>(std::move(climate));
    });
  }

  void read_grid(const YamlValue& v, SiteSpec& s)
  {
    const YamlValue* g = v.find("grid");
    if (g == nullptr)
      return;
    auto zone = text(*g, "site.grid", "a bidding zone such as 'SE1' or 'DK1' (models/data/grid/), or a file");
    if (not zone)
      return;
    s.grid_zone = *zone;
    if (const YamlValue* f = v.find("grid_scale"))
      if (auto x = quantity(*f, "site.grid_scale", Dimension::fraction)) {
        if (*x < 0)
          error(f->where, "site.grid_scale", "must be >= 0 (a multiplier such as '80 %'), got " + f->describe());
        else
          s.grid_scale = *x;
      }
    load_data(*g, "site.grid", "grid zone file", [&] {
      s.grid = std::make_shared<const GridFactors>(GridFactors::load(resolve(*zone), data_dir()));
    });
    s.country = zone->substr(0, 2);
    if (const YamlValue* c = v.find("country"))
      if (auto country = text(*c, "site.country", "a country code such as 'SE' (for the residual mix)"))
        s.country = *country;
  }

  /** Carrier table with the model's overrides, prices converted to the site currency, market-based factors. */
  void read_money(const YamlValue& v, SiteSpec& s)
  {
    if (const YamlValue* c = v.find("currency"))
      if (auto code = text(*c, "site.currency", "a currency code such as 'EUR' or 'SEK'")) {
        if (code->size() != 3)
          error(c->where, "site.currency", "expected a three-letter currency code such as 'EUR', got " + c->describe());
        else
          s.currency = *code;
      }
    std::map<std::string, double> rates{{s.currency, 1.0}};
    if (const YamlValue* r = v.find("exchange_rates");
        r != nullptr and expect_map(*r, "site.exchange_rates", "a map currency -> value, e.g. {SEK: 0.087 EUR}"))
      for (const auto& e : r->entries)
        if (auto amount = price(e.value, join_path("site.exchange_rates", e.key), std::nullopt, s.currency, rates, false))
          rates[e.key] = *amount;

    if (const YamlValue* c = v.find("carbon_price"))
      s.carbon_price_per_kg = price(*c, "site.carbon_price", Dimension::mass, s.currency, rates, true).value_or(0);
    std::map<std::string, double> carrier_tax; // site.carriers.<c>.co2_tax, which wins over carbon_price

    CarrierTable table;
    const std::string carriers_file = data_dir() + "/carriers.yaml";
    const YamlValue* anchor = v.find("carriers") != nullptr ? v.find("carriers") : &v;
    if (not load_data(*anchor, "site", "carrier file " + carriers_file, [&] { table = CarrierTable::load(carriers_file); }))
      return;
    if (const YamlValue* c = v.find("carriers");
        c != nullptr and expect_map(*c, "site.carriers", "a map carrier -> {factor, price}, e.g. {electricity: {price: 0.12 EUR/kWh}}"))
      for (const auto& e : c->entries) {
        const std::string path = join_path("site.carriers", e.key);
        if (not carrier_in(table, e.key, e.key_where, path) or
            not expect_map(e.value, path, "a map with " + list_names(carrier_override_keys)))
          continue;
        check_keys(e.value, path, carrier_override_keys);
        CarrierOverride o;
        const bool scope2 = e.key == "district_heating";
        const YamlValue* factor  = e.value.find("factor");
        const YamlValue* network = e.value.find("network");
        if (factor != nullptr and e.key == "electricity")
          error(factor->where, join_path(path, "factor"),
                "electricity's emissions come from site.grid (location-based, hourly) and "
                "site.electricity_contract (market-based), not from a carrier factor: remove this key");
        else if (factor != nullptr and network != nullptr)
          error(network->where, join_path(path, "network"),
                "give either factor (your supplier's declared value) or network (a published network value "
                "from the carrier file), not both: one would silently replace the other");
        else if (factor != nullptr)
          if (auto x = quantity(*factor, join_path(path, "factor"), Dimension::emission_intensity))
            (scope2 ? o.scope2_kg_per_J : o.scope1_kg_per_J) = *x;
        if (const YamlValue* n = network; n != nullptr and factor == nullptr) {
          if (not scope2)
            error(n->where, join_path(path, "network"), "only district_heating has a network");
          else if (auto name = text(*n, join_path(path, "network"), "a network name such as 'Umeå'"))
            load_data(*n, join_path(path, "network"), "district-heating network",
                      [&] { o.scope2_kg_per_J = table.district_heating_network(*name); });
        }
        if (const YamlValue* u = e.value.find("upstream"))
          o.upstream_kg_per_J = quantity(*u, join_path(path, "upstream"), Dimension::emission_intensity);
        if (const YamlValue* p = e.value.find("price"))
          if (auto x = price(*p, join_path(path, "price"), Dimension::energy, s.currency, rates, true)) {
            o.price_per_J = *x;
            o.currency    = s.currency;
          }
        if (const YamlValue* t = e.value.find("co2_tax")) {
          // The tax is on scope 1: carriers bought as energy have none at the site; their carbon cost is in the price.
          if (e.key == "electricity" or e.key == "district_heating")
            error(t->where, join_path(path, "co2_tax"),
                  e.key + " has no scope 1 emissions at the site, so a CO2 tax on it would always be 0: the "
                          "carbon cost of bought " + (e.key == "electricity" ? "electricity" : "heat") +
                          " belongs in its price (site.carriers." + e.key + ".price); remove this key");
          else if (auto x = price(*t, join_path(path, "co2_tax"), Dimension::mass, s.currency, rates, true))
            carrier_tax[e.key] = *x;
        }
        table.override_carrier(e.key, o);
      }
    for (const Carrier& c : table.carriers()) {
      const auto it = carrier_tax.find(c.name);
      s.co2_tax_per_kg[c.name] = it != carrier_tax.end() ? it->second : s.carbon_price_per_kg;
    }
    // Every carrier's price in the site currency: a default in another currency needs an exchange rate.
    for (const Carrier& c : table.carriers()) {
      const auto rate = rates.find(c.currency);
      if (rate == rates.end()) {
        s.carrier_price_per_J[c.name] = -1; // reported only if the carrier is used (see carrier_known)
        continue;
      }
      s.carrier_price_per_J[c.name] = c.price_per_J * rate->second;
    }
    s.electricity_price_per_J = s.carrier_price_per_J["electricity"];
    if (s.electricity_price_per_J < 0)
      error(anchor->where, "site.carriers.electricity.price",
            "the default electricity price is in " + table.at("electricity").currency + ", not " + s.currency +
                ": give site.carriers.electricity.price or site.exchange_rates." + table.at("electricity").currency);
    currency_of_ = [t = table](const std::string& name) { return t.at(name).currency; };

    if (const YamlValue* x = v.find("export_prices");
        x != nullptr and expect_map(*x, "site.export_prices", "a map with electricity and heat prices")) {
      check_keys(*x, "site.export_prices", export_keys);
      if (const YamlValue* p = x->find("electricity"))
        s.export_price_per_J = price(*p, "site.export_prices.electricity", Dimension::energy, s.currency, rates, true).value_or(0);
      if (const YamlValue* p = x->find("heat"))
        s.heat_export_price_per_J = price(*p, "site.export_prices.heat", Dimension::energy, s.currency, rates, true).value_or(0);
    }

    if (s.grid)
      try {
        s.residual_factor_kg_per_J = table.residual_mix_kg_per_J(s.country) * s.grid_scale;
      } catch (const std::exception&) {
        s.residual_factor_kg_per_J = -1; // no residual mix: market-based = location-based (documented)
      }
    if (const YamlValue* k = v.find("electricity_contract");
        k != nullptr and expect_map(*k, "site.electricity_contract", "a map with green_share and contract")) {
      check_keys(*k, "site.electricity_contract", contract_keys);
      if (const YamlValue* g = k->find("green_share"))
        if (auto share = quantity(*g, "site.electricity_contract.green_share", Dimension::fraction)) {
          if (*share < 0 or *share > 1)
            error(g->where, "site.electricity_contract.green_share", "must be in [0 %, 100 %], got " + g->describe());
          else
            s.green_electricity_share = *share;
        }
      std::string contract = "guarantees_of_origin";
      if (const YamlValue* c = k->find("contract"))
        contract = text(*c, "site.electricity_contract.contract", "a contract type such as 'guarantees_of_origin'").value_or(contract);
      load_data(k->find("contract") ? *k->find("contract") : *k, "site.electricity_contract.contract", "contract",
                [&] { s.contract_factor_kg_per_J = table.contract_kg_per_J(contract); });
    }
    s.carriers = std::make_shared<const CarrierTable>(std::move(table));
  }

  bool carrier_in(const CarrierTable& table, const std::string& name, const SourceLocation& where, const std::string& path)
  {
    try {
      table.at(name);
      return true;
    } catch (const ModelError& e) {
      error(where, path, e.diagnostics().empty() ? std::string(e.what()) : e.diagnostics().front().message);
    }
    return false;
  }

  /** A carrier the site burns or buys must exist and have a price in the site currency. */
  void carrier_known(const SiteSpec& s, const std::string& name, const SourceLocation& where)
  {
    const std::string path = "site.heating.boiler.carrier";
    if (not carrier_in(*s.carriers, name, where, path))
      return;
    if (s.carrier_price_per_J.at(name) < 0)
      error(where, path,
            "the default price of '" + name + "' is in " + currency_of_(name) + ", not " + s.currency +
                ": give site.carriers." + name + ".price or site.exchange_rates." + currency_of_(name));
  }

  /** A price or an amount of money in the site currency (another currency needs an exchange rate). */
  std::optional<double> price(const YamlValue& v, const std::string& path, std::optional<Dimension> per,
                              const std::string& currency, const std::map<std::string, double>& rates, bool convert)
  {
    if (not v.is_scalar()) {
      error(v.where, path, "expected a price such as '0.12 " + currency + "/kWh', got " + v.describe());
      return std::nullopt;
    }
    try {
      const Price p = parse_price(v.scalar, per);
      if (not convert) { // an exchange rate: must be stated in the site currency
        if (p.currency != currency) {
          error(v.where, path, "an exchange rate must be in the site currency " + currency + ", got " + v.describe());
          return std::nullopt;
        }
        return p.per_si;
      }
      const auto rate = rates.find(p.currency);
      if (rate == rates.end()) {
        error(v.where, path,
              "price in " + p.currency + " but the site currency is " + currency + ": add site.exchange_rates." +
                  p.currency + " or give the price in " + currency);
        return std::nullopt;
      }
      if (p.per_si < 0) {
        error(v.where, path, "must not be negative, got " + v.describe());
        return std::nullopt;
      }
      return p.per_si * rate->second;
    } catch (const UnitError& e) {
      error(v.where, path, e.what());
    }
    return std::nullopt;
  }

  std::optional<double> non_negative(const YamlValue& map, const std::string& path, const char* key, Dimension d)
  {
    const YamlValue* v = map.find(key);
    if (v == nullptr)
      return std::nullopt;
    auto x = quantity(*v, join_path(path, key), d);
    if (x and *x < 0) {
      error(v->where, join_path(path, key), "must not be negative, got " + v->describe());
      return std::nullopt;
    }
    return x;
  }

  std::optional<double> share(const YamlValue& map, const std::string& path, const char* key, bool below_one)
  {
    const YamlValue* v = map.find(key);
    if (v == nullptr)
      return std::nullopt;
    auto x = quantity(*v, join_path(path, key), Dimension::fraction);
    if (x and (*x < 0 or *x > 1 or (below_one and *x >= 1))) {
      error(v->where, join_path(path, key),
            std::string("must be a percentage in [0 %, 100 %") + (below_one ? ")" : "]") + ", got " + v->describe());
      return std::nullopt;
    }
    return x;
  }

  ShiftLoad shift_values(const YamlValue& v, const std::string& path, Dimension d)
  {
    ShiftLoad l;
    if (v.is_scalar()) { // one value for both
      if (auto x = quantity(v, path, d)) {
        if (d == Dimension::power and *x < 0)
          error(v.where, path, "must not be negative, got " + v.describe());
        else
          l.on_shift = l.off_shift = *x;
      }
    } else if (expect_map(v, path, "a map with on_shift and off_shift, or one value")) {
      check_keys(v, path, shift_keys);
      auto get = [&](const char* key, double& out) {
        if (const YamlValue* x = v.find(key))
          if (auto q = quantity(*x, join_path(path, key), d)) {
            if (d == Dimension::power and *q < 0)
              error(x->where, join_path(path, key), "must not be negative, got " + x->describe());
            else
              out = *q;
          }
      };
      get("on_shift", l.on_shift);
      get("off_shift", l.off_shift);
    }
    return l;
  }

  std::optional<CompressedAirSpec> read_air(const YamlValue& v)
  {
    const std::string path = "site.compressed_air";
    if (not expect_map(v, path, "a map with " + list_names(air_keys)))
      return std::nullopt;
    check_keys(v, path, air_keys);
    CompressedAirSpec a;
    if (require(v, "specific_power", path, "a compressor's specific power such as '6.5 kW/(m3/min)'"))
      a.specific_energy = non_negative(v, path, "specific_power", Dimension::specific_energy).value_or(0);
    a.leaks         = share(v, path, "leaks", true).value_or(0);
    a.heat_recovery = share(v, path, "heat_recovery", false).value_or(0);
    return a;
  }

  std::optional<HeatingSpec> read_heating(const YamlValue& v)
  {
    const std::string path = "site.heating";
    if (not expect_map(v, path, "a map with " + list_names(heating_keys)))
      return std::nullopt;
    check_keys(v, path, heating_keys);
    HeatingSpec h;
    if (require(v, "heat_loss", path, "the building's heat-loss coefficient such as '12 kW/K'"))
      h.heat_loss_W_per_K = non_negative(v, path, "heat_loss", Dimension::heat_loss).value_or(0);
    if (const YamlValue* sp = v.find("set_point"))
      h.set_point_C = shift_values(*sp, join_path(path, "set_point"), Dimension::temperature);
    if (const YamlValue* s = v.find("supply"))
      if (auto k = choice(*s, join_path(path, "supply"), supplies))
        h.supply = static_cast<HeatingSpec::Supply>(*k);
    if (const YamlValue* b = v.find("boiler"); b != nullptr and expect_map(*b, join_path(path, "boiler"), "a map with carrier and efficiency")) {
      check_keys(*b, join_path(path, "boiler"), boiler_keys);
      if (const YamlValue* c = b->find("carrier")) {
        h.boiler_carrier      = text(*c, "site.heating.boiler.carrier", "a carrier such as 'natural_gas'").value_or(h.boiler_carrier);
        boiler_carrier_where_ = c->where;
      }
      if (auto e = share(*b, join_path(path, "boiler"), "efficiency", false)) {
        if (*e <= 0)
          error(b->find("efficiency")->where, "site.heating.boiler.efficiency", "must be above 0 %");
        else
          h.boiler_efficiency = *e;
      }
    } else {
      boiler_carrier_where_ = v.where;
    }
    if (const YamlValue* p = v.find("heat_pump");
        p != nullptr and expect_map(*p, join_path(path, "heat_pump"), "a map with " + list_names(heat_pump_keys))) {
      const std::string hp = join_path(path, "heat_pump");
      check_keys(*p, hp, heat_pump_keys);
      if (auto e = share(*p, hp, "carnot_efficiency", false)) {
        if (*e <= 0)
          error(p->find("carnot_efficiency")->where, join_path(hp, "carnot_efficiency"), "must be above 0 %");
        else
          h.heat_pump_carnot_efficiency = *e;
      }
      if (const YamlValue* t = p->find("supply_temperature"))
        h.heat_pump_supply_C = quantity(*t, join_path(hp, "supply_temperature"), Dimension::temperature).value_or(h.heat_pump_supply_C);
      if (const YamlValue* c = p->find("max_cop")) { // a ratio: the one plain number in a model
        const auto x = c->is_scalar() ? parse_plain_number(c->scalar) : std::nullopt;
        if (not x or *x < 1)
          error(c->where, join_path(hp, "max_cop"), "expected a coefficient of performance >= 1 such as 6, got " + c->describe());
        else
          h.heat_pump_max_cop = *x;
      }
    }
    h.machine_heat_recovery = share(v, path, "machine_heat_recovery", false).value_or(0);
    if (const YamlValue* x = v.find("export_surplus"))
      h.export_surplus_heat = boolean(*x, join_path(path, "export_surplus")).value_or(false);
    return h;
  }

  std::optional<PvSpec> read_pv(const YamlValue& v)
  {
    const std::string path = "site.pv";
    if (not expect_map(v, path, "a map with " + list_names(pv_keys)))
      return std::nullopt;
    check_keys(v, path, pv_keys);
    PvSpec p;
    if (require(v, "peak", path, "the array's peak power such as '400 kW'"))
      p.peak_W = non_negative(v, path, "peak", Dimension::power).value_or(0);
    if (auto t = non_negative(v, path, "tilt", Dimension::angle)) {
      if (*t > 90)
        error(v.find("tilt")->where, "site.pv.tilt", "must be in [0 deg, 90 deg], got " + v.find("tilt")->describe());
      else
        p.tilt_deg = *t;
    }
    if (auto a = non_negative(v, path, "azimuth", Dimension::angle)) {
      if (*a >= 360)
        error(v.find("azimuth")->where, "site.pv.azimuth", "must be in [0 deg, 360 deg) (180 deg = south), got " +
                                                               v.find("azimuth")->describe());
      else
        p.azimuth_deg = *a;
    }
    p.losses = share(v, path, "losses", true).value_or(p.losses);
    return p;
  }

  std::optional<BatterySpec> read_battery(const YamlValue& v)
  {
    const std::string path = "site.battery";
    if (not expect_map(v, path, "a map with " + list_names(battery_keys)))
      return std::nullopt;
    check_keys(v, path, battery_keys);
    BatterySpec b;
    if (require(v, "capacity", path, "the usable capacity such as '500 kWh'"))
      b.capacity_J = non_negative(v, path, "capacity", Dimension::energy).value_or(0);
    if (require(v, "power", path, "the charge/discharge power limit such as '250 kW'"))
      b.power_W = non_negative(v, path, "power", Dimension::power).value_or(0);
    if (auto e = share(v, path, "efficiency", false)) {
      if (*e <= 0)
        error(v.find("efficiency")->where, "site.battery.efficiency", "must be above 0 %");
      else
        b.round_trip_efficiency = *e;
    }
    b.initial_share = share(v, path, "initial", false).value_or(b.initial_share);
    if (const YamlValue* d = v.find("dispatch"))
      if (auto k = choice(*d, "site.battery.dispatch", dispatches))
        b.dispatch = static_cast<BatterySpec::Dispatch>(*k);
    return b;
  }

  std::filesystem::path model_dir_;
  SourceLocation boiler_carrier_where_;
  std::function<std::string(const std::string&)> currency_of_;
};

} // namespace

std::optional<SiteSpec> read_site(const YamlValue& site, std::vector<Diagnostic>& diagnostics)
{
  return SiteReader(diagnostics, std::filesystem::path(site.where.origin).parent_path()).read(site);
}

} // namespace greenfab
