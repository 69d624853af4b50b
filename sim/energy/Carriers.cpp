// The carriers file -> CarrierTable: per-litre figures converted to per J with the stated heating value
// and density, so everything downstream is kg CO2e/J and currency/J.
#include "energy/Carriers.hpp"
#include "model/DataDocuments.hpp"
#include "core/Errors.hpp"
#include "core/TextFile.hpp"
#include "core/Units.hpp"
#include "energy/DataFile.hpp"
#include "model/Suggest.hpp"
#include "model/YamlChecker.hpp"
#include "model/YamlValue.hpp"

#include <algorithm>

namespace greenfab {
namespace {

const Names top_keys{"carriers", "district_heating_networks", "market_based_electricity"};
const Names carrier_keys{"scope1", "scope2", "upstream", "well_to_wheel", "biogenic_co2", "lower_heating_value", "density",
                         "price", "source", "note"};
const Names network_keys{"factor", "source"};
const Names market_keys{"contracts", "residual_mix"};
const Names market_factor_keys{"factor", "year", "source"};

bool per_volume(const std::string& text)
{
  const auto slash = text.rfind('/');
  if (slash == std::string::npos)
    return false;
  std::string unit = text.substr(slash + 1);
  unit.erase(0, unit.find_first_not_of(' '));
  return unit == "l" or unit == "L" or unit == "m3";
}

template <class T>
std::vector<std::string> names_of(const std::vector<T>& items)
{
  std::vector<std::string> out;
  for (const auto& x : items)
    out.push_back(x.name);
  return out;
}

template <class T>
const T& find_named(const std::vector<T>& items, const std::string& name, const std::string& what, const std::string& file)
{
  const auto it = std::find_if(items.begin(), items.end(), [&](const T& x) { return x.name == name; });
  if (it != items.end())
    return *it;
  const auto names = names_of(items);
  throw ModelError(std::vector<Diagnostic>{{"", 0, 0, "", "unknown " + what + " '" + name + "'" + did_you_mean(name, names) +
                                                              ": " + file + " defines " + list_names(names, " and ")}});
}

} // namespace

/** Validates the carriers file tree, appending every problem to the diagnostics. */
class CarrierFileReader : public YamlChecker {
public:
  using YamlChecker::YamlChecker;
  void read(const YamlValue& root, CarrierTable& t);

private:
  void read_carrier(const std::string& name, const YamlValue& v, const std::string& path, CarrierTable& t);
  /** kg/J from "0.203 kg/kWh", "95.1 g/MJ", or per volume "2.51 kg/l" divided by `energy_per_m3`. */
  std::optional<double> factor(const YamlValue& v, const std::string& path, std::optional<double> energy_per_m3);
  void read_market(const YamlValue& v, std::vector<MarketFactor>& out, const std::string& path, const char* what);
};


std::optional<double> CarrierFileReader::factor(const YamlValue& v, const std::string& path,
                                                std::optional<double> energy_per_m3)
{
  if (v.is_scalar() and per_volume(v.scalar)) {
    if (not energy_per_m3) {
      error(v.where, path, "a per-volume figure ('" + v.scalar +
                               "') needs 'lower_heating_value' (e.g. '42.84 MJ/kg') and 'density' (e.g. '0.832 kg/l') "
                               "to convert it to per kWh");
      return std::nullopt;
    }
    try {
      return parse_ratio(v.scalar, Dimension::mass, Dimension::volume) / *energy_per_m3;
    } catch (const UnitError& e) {
      error(v.where, path, e.what());
      return std::nullopt;
    }
  }
  auto x = quantity(v, path, Dimension::emission_intensity);
  if (x and *x < 0) {
    error(v.where, path, "an emission factor cannot be negative here, got " + v.scalar);
    return std::nullopt;
  }
  return x;
}

void CarrierFileReader::read_carrier(const std::string& name, const YamlValue& v, const std::string& path, CarrierTable& t)
{
  if (not expect_map(v, path, "a carrier: a map with scope1, upstream, price, source, note"))
    return;
  check_keys(v, path, carrier_keys);
  Carrier c;
  c.name = name;
  // Energy per m3 of fuel (J/m3) = lower heating value (J/kg) x density (kg/m3), when both are given.
  std::optional<double> energy_per_m3;
  const YamlValue* lhv     = v.find("lower_heating_value");
  const YamlValue* density = v.find("density");
  std::optional<double> lhv_si, density_si;
  auto ratio = [&](const YamlValue& x, const std::string& at, Dimension a, Dimension b) -> std::optional<double> {
    if (not x.is_scalar()) {
      error(x.where, at, "expected a ratio such as '42.84 MJ/kg' or '0.832 kg/l', got " + x.describe());
      return std::nullopt;
    }
    try {
      const double r = parse_ratio(x.scalar, a, b);
      if (r <= 0) {
        error(x.where, at, "must be > 0, got " + x.scalar);
        return std::nullopt;
      }
      return r;
    } catch (const UnitError& e) {
      error(x.where, at, e.what());
      return std::nullopt;
    }
  };
  if (lhv)
    lhv_si = ratio(*lhv, path + ".lower_heating_value", Dimension::energy, Dimension::mass);
  if (density)
    density_si = ratio(*density, path + ".density", Dimension::mass, Dimension::volume);
  if (lhv_si and density_si)
    energy_per_m3 = *lhv_si * *density_si;

  if (const YamlValue* s1 = require(v, "scope1", path, "the direct (combustion) factor, e.g. '0.203 kg/kWh' or '2.51 kg/l'"))
    if (auto x = factor(*s1, path + ".scope1", energy_per_m3))
      c.scope1_kg_per_J = *x;
  if (const YamlValue* s2 = v.find("scope2"))
    if (auto x = factor(*s2, path + ".scope2", energy_per_m3))
      c.scope2_kg_per_J = *x;
  if (const YamlValue* up = v.find("upstream"))
    if (auto x = factor(*up, path + ".upstream", energy_per_m3)) {
      c.upstream_kg_per_J = *x;
      c.upstream_given    = true;
    }
  // A well-to-wheel figure is split as upstream = well-to-wheel - scope 1 (the reference gives the total only).
  if (const YamlValue* wtw = v.find("well_to_wheel")) {
    if (v.find("upstream") != nullptr)
      error(wtw->where, path + ".well_to_wheel", "give either 'upstream' or 'well_to_wheel' (upstream = well_to_wheel - scope1)");
    else if (auto x = factor(*wtw, path + ".well_to_wheel", energy_per_m3)) {
      if (*x < c.scope1_kg_per_J)
        error(wtw->where, path + ".well_to_wheel", "is below scope1: the upstream part (well_to_wheel - scope1) would be negative");
      else {
        c.upstream_kg_per_J = *x - c.scope1_kg_per_J;
        c.upstream_given    = true;
      }
    }
  }
  if (const YamlValue* bio = v.find("biogenic_co2"))
    if (auto x = factor(*bio, path + ".biogenic_co2", energy_per_m3))
      c.biogenic_co2_kg_per_J = *x;
  if (const YamlValue* p = require(v, "price", path, "a default price, e.g. '0.12 EUR/kWh' or '18 SEK/l'")) {
    const std::string at = path + ".price";
    if (not p->is_scalar())
      error(p->where, at, "expected a price such as '0.12 EUR/kWh', got " + p->describe());
    else
      try {
        Price price;
        if (per_volume(p->scalar)) {
          price = parse_price(p->scalar, Dimension::volume); // per m3
          if (not energy_per_m3)
            error(p->where, at, "a per-volume price needs 'lower_heating_value' and 'density' to convert it to per kWh");
          else
            price.per_si /= *energy_per_m3;
        } else
          price = parse_price(p->scalar, Dimension::energy);
        if (price.per_si < 0)
          error(p->where, at, "a price cannot be negative, got " + p->scalar);
        c.price_per_J = price.per_si;
        c.currency    = price.currency;
      } catch (const UnitError& e) {
        error(p->where, at, e.what());
      }
  }
  if (auto s = required_text(v, "source", path, "where the factor and price come from"))
    c.source = *s;
  if (const YamlValue* n = v.find("note"))
    if (auto s = text(*n, path + ".note", "a note"))
      c.note = *s;
  t.carriers_.push_back(std::move(c));
}

void CarrierFileReader::read_market(const YamlValue& v, std::vector<MarketFactor>& out, const std::string& path,
                                    const char* what)
{
  if (not expect_map(v, path, std::string("a map of ") + what + " to {factor, source}"))
    return;
  for (const auto& e : v.entries) {
    const std::string at = path + "." + e.key;
    if (not expect_map(e.value, at, "a map {factor: 0 g/kWh, source: ...}"))
      continue;
    check_keys(e.value, at, market_factor_keys);
    MarketFactor f{e.key, 0, ""};
    if (const YamlValue* x = require(e.value, "factor", at, "the factor, e.g. '0 g/kWh'"))
      if (auto k = factor(*x, at + ".factor", std::nullopt))
        f.kg_per_J = *k;
    if (const YamlValue* y = e.value.find("year"))
      integer(*y, at + ".year", 1900, 2200);
    if (auto s = required_text(e.value, "source", at, "the source, or the assumption when no figure was found"))
      f.source = *s;
    out.push_back(std::move(f));
  }
}

void CarrierFileReader::read(const YamlValue& root, CarrierTable& t)
{
  if (not expect_map(root, "", "a carriers file (carriers, district_heating_networks, market_based_electricity)"))
    return;
  check_keys(root, "", top_keys);
  if (const YamlValue* cs = require(root, "carriers", "", "the map of carriers");
      cs and expect_map(*cs, "carriers", "a map of carrier names to their figures"))
    for (const auto& e : cs->entries)
      read_carrier(e.key, e.value, "carriers." + e.key, t);
  if (const YamlValue* ns = root.find("district_heating_networks");
      ns and expect_map(*ns, "district_heating_networks", "a map of network names to {factor, source}"))
    for (const auto& e : ns->entries) {
      const std::string at = "district_heating_networks." + e.key;
      if (not expect_map(e.value, at, "a map {factor: 58.2 g/kWh, source: ...}"))
        continue;
      check_keys(e.value, at, network_keys);
      HeatNetwork n{e.key, 0, ""};
      if (const YamlValue* x = require(e.value, "factor", at, "the supplier's factor, e.g. '58.2 g/kWh'"))
        if (auto k = factor(*x, at + ".factor", std::nullopt))
          n.kg_per_J = *k;
      if (auto s = required_text(e.value, "source", at, "the source"))
        n.source = *s;
      t.networks_.push_back(std::move(n));
    }
  if (const YamlValue* m = root.find("market_based_electricity");
      m and expect_map(*m, "market_based_electricity", "a map with contracts and residual_mix")) {
    check_keys(*m, "market_based_electricity", market_keys);
    if (const YamlValue* c = m->find("contracts"))
      read_market(*c, t.contracts_, "market_based_electricity.contracts", "contract types");
    if (const YamlValue* r = m->find("residual_mix"))
      read_market(*r, t.residual_mixes_, "market_based_electricity.residual_mix", "country codes");
  }
}

CarrierTable CarrierTable::load(const std::string& path)
{
  const std::string text = read_text_file(path);
  std::vector<Diagnostic> diags;
  const auto tree        = parse_data_document(text, path, "a carriers file", diags);
  const YamlValue& root = *tree;
  CarrierTable t;
  t.file_ = path;
  CarrierFileReader reader(diags);
  reader.read(root, t);
  if (not diags.empty())
    throw_sorted(std::move(diags), path);
  return t;
}

const Carrier& CarrierTable::at(const std::string& name) const
{
  return find_named(carriers_, name, "energy carrier", file_);
}

void CarrierTable::override_carrier(const std::string& name, const CarrierOverride& values)
{
  (void)at(name); // throws with a did-you-mean for an unknown name
  auto& c = *std::find_if(carriers_.begin(), carriers_.end(), [&](const Carrier& x) { return x.name == name; });
  if (values.scope1_kg_per_J)
    c.scope1_kg_per_J = *values.scope1_kg_per_J;
  if (values.scope2_kg_per_J)
    c.scope2_kg_per_J = *values.scope2_kg_per_J;
  if (values.upstream_kg_per_J) {
    c.upstream_kg_per_J = *values.upstream_kg_per_J;
    c.upstream_given    = true;
  }
  if (values.price_per_J)
    c.price_per_J = *values.price_per_J;
  if (values.currency)
    c.currency = *values.currency;
  if (values.scope1_kg_per_J or values.scope2_kg_per_J or values.upstream_kg_per_J or values.price_per_J)
    c.source += " (overridden by the model)";
}

double CarrierTable::district_heating_network(const std::string& name) const
{
  return find_named(networks_, name, "district-heating network", file_).kg_per_J;
}

double CarrierTable::contract_kg_per_J(const std::string& contract) const
{
  return find_named(contracts_, contract, "electricity contract type", file_).kg_per_J;
}

double CarrierTable::residual_mix_kg_per_J(const std::string& country) const
{
  return find_named(residual_mixes_, country, "residual-mix country", file_).kg_per_J;
}

} // namespace greenfab
