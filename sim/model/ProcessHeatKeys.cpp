// Stations' process heat: demand per machine state, the carrier that delivers it and how well, recovered heat.
#include "model/ProcessHeatKeys.hpp"
#include "core/Units.hpp"
#include "energy/Carriers.hpp"
#include "energy/DataFile.hpp"
#include "model/YamlChecker.hpp"

#include <cmath>
#include <string_view>

namespace greenfab {
namespace {

const Names heat_keys{"from",    "carrier", "efficiency", "cop",       "waste_heat", "processing", "setup",
                      "idle",    "standby", "down",       "off_shift", "off",        "warm_up"};
const Names sources{"carrier", "recovered"};

class ProcessHeatReader : public YamlChecker {
public:
  ProcessHeatReader(std::vector<Diagnostic>& diagnostics, ModelSpec& spec) : YamlChecker(diagnostics), spec_(spec) {}

  void read(const YamlValue& root)
  {
    root_ = &root;
    const YamlValue* list = root.find("stations");
    if (list == nullptr or not list->is_sequence())
      return;
    std::size_t index = 0; // the loader keeps exactly the map elements, in order
    for (std::size_t i = 0; i < list->items.size() and index < spec_.stations.size(); ++i) {
      const YamlValue& item = list->items[i];
      if (not item.is_map())
        continue;
      if (const YamlValue* h = item.find("heat"))
        read_station(*h, join_path(element_path("stations", item, i), "heat"), index);
      ++index;
    }
    check_recovered_sources();
  }

private:
  void read_station(const YamlValue& v, const std::string& path, std::size_t s)
  {
    if (not expect_map(v, path,
                       "a map with the carrier, its efficiency and the heat demand per state, e.g. "
                       "{carrier: natural_gas, efficiency: 92 %, processing: 40 kW, idle: 25 kW}"))
      return;
    check_keys(v, path, heat_keys);
    if (not spec_.site or not spec_.site->carriers) {
      if (root_->find("site") == nullptr) // a site with errors of its own is reported there
        error(v.where, path,
              "process heat needs the site's carriers (their factors and prices): add a site section, e.g. "
              "site: {location: umea, grid: SE1}");
      return;
    }
    SiteSpec& site = *spec_.site;
    site.process_heat.resize(spec_.stations.size());
    ProcessHeatSupply supply;
    supply.station = spec_.stations[s].name;

    if (const YamlValue* f = v.find("from"))
      supply.from_recovered = choice(*f, join_path(path, "from"), sources) == 1u;
    if (const YamlValue* c = require(v, "carrier", path,
                                     supply.from_recovered
                                         ? "the carrier that delivers what recovered heat does not cover, e.g. 'electricity'"
                                         : "the carrier that delivers the heat, e.g. 'natural_gas'"))
      if (auto name = text(*c, join_path(path, "carrier"), "a carrier such as 'natural_gas'"); name and known(*name, *c, path))
        supply.carrier = *name;
    read_efficiency(v, path, supply);
    if (const YamlValue* w = v.find("waste_heat")) {
      const std::string at = join_path(path, "waste_heat");
      if (supply.from_recovered)
        error(w->where, at,
              "a station on recovered heat passes no waste heat on (the cascade runs one way): remove waste_heat "
              "or take the heat from a carrier");
      else if (auto x = quantity(*w, at, Dimension::fraction)) {
        if (*x < 0 or *x > 1)
          error(w->where, at, "must be a share of the heat input in [0 %, 100 %], got " + w->describe());
        else
          supply.waste_heat = *x;
      }
    }
    read_demand(v, path, spec_.stations[s].heat);
    site.process_heat[s] = std::move(supply);
    where_.resize(spec_.stations.size());
    where_[s] = {&v, path};
  }

  /** A carrier of the site's table with a price in the site currency. */
  bool known(const std::string& name, const YamlValue& at, const std::string& path)
  {
    const SiteSpec& site = *spec_.site;
    try {
      const Carrier& c = site.carriers->at(name);
      if (site.carrier_price_per_J.at(name) < 0) {
        error(at.where, join_path(path, "carrier"),
              "the default price of '" + name + "' is in " + c.currency + ", not " + site.currency +
                  ": give site.carriers." + name + ".price or site.exchange_rates." + c.currency);
        return false;
      }
      return true;
    } catch (const ModelError& e) {
      error(at.where, join_path(path, "carrier"), e.diagnostics().empty() ? std::string(e.what()) : e.diagnostics().front().message);
    }
    return false;
  }

  /** efficiency in (0, 100 %] for burners, electric elements and heat exchangers; cop >= 1 for a heat pump. */
  void read_efficiency(const YamlValue& v, const std::string& path, ProcessHeatSupply& supply)
  {
    const YamlValue* e   = v.find("efficiency");
    const YamlValue* cop = v.find("cop");
    if (e != nullptr and cop != nullptr) {
      error(cop->where, join_path(path, "cop"),
            "give either efficiency (a burner, an electric element or a heat exchanger) or cop (a heat pump), not both");
      return;
    }
    if (cop != nullptr) {
      const auto x = cop->is_scalar() ? parse_plain_number(cop->scalar) : std::nullopt;
      if (not x or not std::isfinite(*x) or *x < 1)
        error(cop->where, join_path(path, "cop"), "expected a heat pump's coefficient of performance >= 1 such as 3, got " + cop->describe());
      else if (not supply.carrier.empty() and supply.carrier != "electricity")
        error(cop->where, join_path(path, "cop"), "a heat pump runs on electricity, not " + supply.carrier + ": use efficiency for a " + supply.carrier + " burner");
      else
        supply.efficiency = *x;
      return;
    }
    if (e == nullptr) {
      error(v.where, path,
            "missing key 'efficiency': heat delivered / carrier energy, e.g. 'efficiency: 92 %' (or 'cop: 3' for a heat pump)");
      return;
    }
    if (auto x = quantity(*e, join_path(path, "efficiency"), Dimension::fraction)) {
      if (*x <= 0 or *x > 1)
        error(e->where, join_path(path, "efficiency"),
              "must be in (0 %, 100 %], got " + e->describe() +
                  (*x > 1 ? std::string(": above 100 % is a heat pump, give its cop (e.g. 'cop: 3') instead") : std::string()));
      else
        supply.efficiency = *x;
    }
  }

  /** Heat demand per state. Idle and processing must be stated (a bath or a furnace held at temperature is
   *  the figure that matters), and off_shift when the calendar has time off shift; others default to 0. */
  void read_demand(const YamlValue& v, const std::string& path, StateRates& r)
  {
    auto rate = [&](const char* key, double& out, bool required, const char* why) {
      const YamlValue* x = v.find(key);
      if (x == nullptr) {
        if (required)
          error(v.where, path,
                std::string("missing heat demand for state '") + key + "' (" + why + "): give it, e.g. '" + key +
                    ": 0 kW' if the heat is off then");
        return;
      }
      if (auto w = quantity(*x, join_path(path, key), Dimension::power)) {
        if (*w < 0)
          error(x->where, join_path(path, key), "must not be negative, got " + x->describe());
        else
          out = *w;
      }
    };
    rate("processing", r.processing, true, "every machine processes");
    rate("idle", r.idle, true, "every machine waits for work, and holding temperature is often most of the heat");
    rate("off_shift", r.off_shift, not spec_.calendar.always_on, "the calendar has time off shift");
    rate("setup", r.setup, false, "");
    rate("standby", r.standby, false, "");
    rate("down", r.down, false, "");
    rate("off", r.off, false, "");
    rate("warm_up", r.warm_up, false, "");
  }

  /** `from: recovered` needs some station's waste heat; compressor and machine heat is low-grade (space heating only). */
  void check_recovered_sources()
  {
    if (not spec_.site)
      return;
    bool waste = false;
    for (const auto& p : spec_.site->process_heat)
      waste = waste or (p.used() and p.waste_heat > 0);
    if (waste)
      return;
    for (std::size_t s = 0; s < spec_.site->process_heat.size(); ++s)
      if (spec_.site->process_heat[s].from_recovered and s < where_.size() and where_[s].node != nullptr) {
        const YamlValue* f = where_[s].node->find("from");
        error(f != nullptr ? f->where : where_[s].node->where, join_path(where_[s].path, "from"),
              "no recovered heat on the site for this station: no station gives waste_heat (e.g. a furnace with "
              "'waste_heat: 30 %'); compressor and machine heat is low-grade and only serves space heating");
      }
  }

  struct Where {
    const YamlValue* node = nullptr;
    std::string path;
  };
  ModelSpec& spec_;
  const YamlValue* root_ = nullptr;
  std::vector<Where> where_;
};

} // namespace

void read_process_heat(const YamlValue& root, ModelSpec& spec, std::vector<Diagnostic>& diagnostics)
{
  ProcessHeatReader(diagnostics, spec).read(root);
}

} // namespace greenfab
