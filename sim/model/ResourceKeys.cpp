// Materials catalogue, product materials, station water and waste, and the site's waste handling.
#include "model/ResourceKeys.hpp"
#include "core/Units.hpp"
#include "model/Suggest.hpp"
#include "model/YamlChecker.hpp"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace greenfab {
namespace {

const Names catalogue_keys{"recycled", "price", "waste_type", "cradle_to_gate", "source", "variants", "variant"};
const Names variant_keys{"cradle_to_gate", "source", "recycled", "price"};
const Names handling_keys{"reused", "sold", "sale_price", "disposal_cost"};
const Names water_keys{"per_part", "processing", "setup", "idle", "standby", "down", "off_shift", "off", "warm_up"};

std::string percent(double fraction)
{
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.6g %%", fraction * 100);
  return buf;
}

bool parses_as(const YamlValue& v, Dimension d)
{
  if (not v.is_scalar())
    return false;
  try {
    parse_quantity(v.scalar, d);
    return true;
  } catch (const UnitError&) {
    return false;
  }
}

class ResourceReader : public YamlChecker {
public:
  ResourceReader(std::vector<Diagnostic>& diagnostics, ModelSpec& spec) : YamlChecker(diagnostics), spec_(spec) {}

  void read(const YamlValue& root)
  {
    if (const YamlValue* c = root.find("materials"))
      read_catalogue(*c);
    for_each_element(root, "products", [&](const YamlValue& item, const std::string& path, std::size_t i) {
      if (const YamlValue* m = item.find("materials"))
        read_product_materials(*m, join_path(path, "materials"), spec_.products[i]);
      if (const YamlValue* m = item.find("mass"))
        if (auto kg = non_negative(*m, join_path(path, "mass"), Dimension::mass)) {
          if (*kg == 0)
            error(m->where, join_path(path, "mass"), "must be above 0 kg (the mass of one finished part), got " +
                                                         m->describe());
          else
            spec_.products[i].mass = *kg;
        }
    });
    for_each_element(root, "stations", [&](const YamlValue& item, const std::string& path, std::size_t i) {
      if (const YamlValue* w = item.find("water"))
        read_water(*w, join_path(path, "water"), spec_.stations[i].water);
      if (const YamlValue* w = item.find("waste"))
        read_waste(*w, join_path(path, "waste"), spec_.stations[i].waste);
    });
    if (const YamlValue* h = root.find("waste_handling"))
      read_handling(*h);
  }

private:
  /** Calls f(item, path, index into spec_.products/stations) for each list element the loader kept
   *  (it keeps exactly the map elements, in order). */
  template <class F>
  void for_each_element(const YamlValue& root, const char* list, F f)
  {
    const YamlValue* v = root.find(list);
    if (v == nullptr or not v->is_sequence())
      return;
    const std::size_t kept = std::string_view(list) == "products" ? spec_.products.size() : spec_.stations.size();
    std::size_t index = 0;
    for (std::size_t i = 0; i < v->items.size() and index < kept; ++i)
      if (v->items[i].is_map())
        f(v->items[i], element_path(list, v->items[i], i), index++);
  }

  std::optional<double> non_negative(const YamlValue& v, const std::string& path, Dimension d)
  {
    auto x = quantity(v, path, d);
    if (x and *x < 0) {
      error(v.where, path, "must not be negative, got " + v.describe());
      return std::nullopt;
    }
    return x;
  }

  std::optional<double> share(const YamlValue& v, const std::string& path)
  {
    auto x = quantity(v, path, Dimension::fraction);
    if (x and (*x < 0 or *x > 1)) {
      error(v.where, path, "must be a share from 0 % to 100 %, got " + v.describe());
      return std::nullopt;
    }
    return x;
  }

  /** A price per kg >= 0; every resource price must use the same currency, so sums make sense. */
  std::optional<double> price_per_kg(const YamlValue& v, const std::string& path)
  {
    auto s = text(v, path, "a price per mass such as '0.9 EUR/kg'");
    if (not s)
      return std::nullopt;
    Price p{};
    try {
      p = parse_price(*s, Dimension::mass);
    } catch (const UnitError& e) {
      error(v.where, path, e.what());
      return std::nullopt;
    }
    if (p.per_si < 0) {
      error(v.where, path, "must not be negative, got " + v.describe());
      return std::nullopt;
    }
    if (spec_.resources.currency.empty()) {
      spec_.resources.currency = p.currency;
      currency_line_           = v.where.line;
    } else if (p.currency != spec_.resources.currency) {
      error(v.where, path,
            "all material and waste prices must be in one currency: this one is " + p.currency + ", the first (line " +
                std::to_string(currency_line_) + ") is " + spec_.resources.currency);
      return std::nullopt;
    }
    return p.per_si;
  }

  int waste_type(const std::string& name)
  {
    auto& types = spec_.resources.waste_types;
    for (std::size_t i = 0; i < types.size(); ++i)
      if (types[i].name == name)
        return static_cast<int>(i);
    types.push_back({name});
    return static_cast<int>(types.size() - 1);
  }

  Names material_names() const
  {
    Names n;
    for (const auto& m : spec_.resources.materials)
      n.push_back(m.name);
    return n;
  }

  void read_catalogue(const YamlValue& v)
  {
    const std::string path = "materials";
    if (not expect_map(v, path, "a catalogue material -> {recycled: <share>, price: <per kg>, waste_type: <name>}, "
                                "e.g. {steel: {recycled: 35 %, price: 0.9 EUR/kg}}"))
      return;
    for (const auto& e : v.entries) {
      const std::string mpath = join_path(path, e.key);
      MaterialSpec m;
      m.name = e.key;
      std::string waste = e.key + "_scrap"; // scrap of a material is its own waste stream unless told otherwise
      if (expect_map(e.value, mpath, "a map with recycled (the secondary share, e.g. 35 %), and optionally price and "
                                     "waste_type")) {
        check_keys(e.value, mpath, catalogue_keys);
        // Required, so the primary-material figure never rests on a silent default.
        if (const YamlValue* r = require(e.value, "recycled", mpath,
                                         "the share of recycled (secondary) material, e.g. 35 %; write 0 % for virgin material"))
          m.recycled = share(*r, join_path(mpath, "recycled")).value_or(0);
        if (const YamlValue* p = e.value.find("price"))
          m.price = price_per_kg(*p, join_path(mpath, "price")).value_or(0);
        if (const YamlValue* w = e.value.find("waste_type")) {
          auto name = text(*w, join_path(mpath, "waste_type"), "the name of a waste type, e.g. steel_scrap");
          if (name and not name->empty())
            waste = *name;
        }
        read_footprint(e.value, mpath, m);
      }
      m.waste_type = waste_type(waste);
      spec_.resources.materials.push_back(std::move(m));
    }
  }

  /** cradle_to_gate and its source: a figure without a source is refused (every figure cites one). */
  void read_footprint_of(const YamlValue& v, const std::string& path, double& factor, std::string& source)
  {
    const YamlValue* f = v.find("cradle_to_gate");
    const YamlValue* s = v.find("source");
    if (f != nullptr)
      if (auto x = non_negative(*f, join_path(path, "cradle_to_gate"), Dimension::emission_per_mass))
        factor = *x;
    if (f != nullptr and s == nullptr)
      error(f->where, join_path(path, "source"),
            "missing: say where the cradle-to-gate factor comes from (a publication, an EPD, a supplier's "
            "declaration), or 'assumption: <why>'");
    if (s != nullptr) {
      if (f == nullptr)
        error(s->where, join_path(path, "source"),
              "a source without a figure: add cradle_to_gate (kg CO2e per kg, e.g. '1.91 kg/kg') or remove source");
      else if (auto t = text(*s, join_path(path, "source"), "the source of the factor, or 'assumption: <why>'")) {
        if (t->empty())
          error(s->where, join_path(path, "source"), "must not be empty: name the source or the assumption");
        source = *t;
      }
    }
  }

  /** The base footprint, the named variants (each checked, chosen or not), and the variant bought, whose
   *  values replace the base's: downstream code sees one material with one footprint. */
  void read_footprint(const YamlValue& v, const std::string& path, MaterialSpec& m)
  {
    read_footprint_of(v, path, m.cradle_to_gate, m.source);
    struct Variant {
      std::string name;
      MaterialSpec values;
    };
    std::vector<Variant> variants;
    Names names;
    if (const YamlValue* vs = v.find("variants");
        vs != nullptr and expect_map(*vs, join_path(path, "variants"),
                                     "a map variant name -> {cradle_to_gate, source, recycled, price}, e.g. "
                                     "{fossil_free: {cradle_to_gate: 0.1 kg/kg, source: ...}}"))
      for (const auto& e : vs->entries) {
        const std::string vpath = join_path(join_path(path, "variants"), e.key);
        Variant x{e.key, m};
        names.push_back(e.key);
        if (not expect_map(e.value, vpath, "a map with cradle_to_gate, source and optionally recycled and price")) {
          variants.push_back(std::move(x)); // reported; choosing it must not add an "unknown variant" error
          continue;
        }
        check_keys(e.value, vpath, variant_keys);
        if (require(e.value, "cradle_to_gate", vpath, "the variant's footprint in kg CO2e per kg, e.g. '0.1 kg/kg'"))
          read_footprint_of(e.value, vpath, x.values.cradle_to_gate, x.values.source);
        if (const YamlValue* r = e.value.find("recycled"))
          x.values.recycled = share(*r, join_path(vpath, "recycled")).value_or(m.recycled);
        if (const YamlValue* p = e.value.find("price"))
          x.values.price = price_per_kg(*p, join_path(vpath, "price")).value_or(m.price);
        variants.push_back(std::move(x));
      }
    const YamlValue* chosen = v.find("variant");
    if (chosen == nullptr)
      return;
    auto name = text(*chosen, join_path(path, "variant"), "the name of one of the material's variants");
    if (not name)
      return;
    const auto it = std::find_if(variants.begin(), variants.end(), [&](const Variant& x) { return x.name == *name; });
    if (it == variants.end()) {
      error(chosen->where, join_path(path, "variant"),
            names.empty() ? "'" + m.name + "' has no variants: add variants: {" + *name +
                                ": {cradle_to_gate: <kg CO2e/kg>, source: ...}} or remove variant"
                          : "unknown variant '" + *name + "'" + did_you_mean(*name, names) + ": '" + m.name +
                                "' has " + list_names(names));
      return;
    }
    m.cradle_to_gate = it->values.cradle_to_gate;
    m.source         = it->values.source;
    m.recycled       = it->values.recycled;
    m.price          = it->values.price;
    m.variant        = *name;
  }

  void read_product_materials(const YamlValue& v, const std::string& path, ProductSpec& p)
  {
    if (not v.is_map() or v.entries.empty()) {
      error(v.where, path, "expected a map material -> mass per part such as {steel: 12.4 kg, copper: 0.8 kg}, got " +
                               v.describe());
      return;
    }
    const Names known = material_names();
    for (const auto& e : v.entries) {
      const std::string mpath = join_path(path, e.key);
      const auto mass         = non_negative(e.value, mpath, Dimension::mass);
      const auto it           = std::find(known.begin(), known.end(), e.key);
      if (it == known.end()) {
        error(e.key_where, mpath,
              "unknown material '" + e.key + "'" + did_you_mean(e.key, known) +
                  ": every material needs an entry in the top-level materials catalogue with its recycled share, "
                  "e.g. materials: {" + e.key + ": {recycled: 30 %}}");
        continue;
      }
      if (mass)
        p.materials.push_back({static_cast<int>(it - known.begin()), *mass});
    }
  }

  void read_water(const YamlValue& v, const std::string& path, WaterSpec& w)
  {
    if (not expect_map(v, path, "a map with per_part (a volume) and per-state flows, e.g. "
                                "{per_part: 2 l, processing: 0.5 l/min, idle: 0.1 l/min}"))
      return;
    check_keys(v, path, water_keys);
    for (const auto& e : v.entries) {
      const std::string kpath = join_path(path, e.key);
      const bool per_part     = e.key == "per_part";
      // The two units are easy to swap; name the key that takes the other one.
      if (per_part and parses_as(e.value, Dimension::volume_flow)) {
        error(e.value.where, kpath, "expected a volume per part processed such as '2 l', got the flow " +
                                        e.value.describe() + " (a flow while processing goes under 'processing')");
        continue;
      }
      if (not per_part and parses_as(e.value, Dimension::volume)) {
        error(e.value.where, kpath, "expected a flow per machine such as '0.5 l/min', got the volume " +
                                        e.value.describe() + " (water per part processed goes under 'per_part')");
        continue;
      }
      double* slot = per_part                 ? &w.per_part
                   : e.key == "processing"    ? &w.by_state.processing
                   : e.key == "setup"         ? &w.by_state.setup
                   : e.key == "idle"          ? &w.by_state.idle
                   : e.key == "standby"       ? &w.by_state.standby
                   : e.key == "down"          ? &w.by_state.down
                   : e.key == "off_shift"     ? &w.by_state.off_shift
                   : e.key == "off"           ? &w.by_state.off
                   : e.key == "warm_up"       ? &w.by_state.warm_up
                                              : nullptr;
      if (slot == nullptr)
        continue; // reported by check_keys
      if (auto x = non_negative(e.value, kpath, per_part ? Dimension::volume : Dimension::volume_flow))
        *slot = *x;
    }
  }

  void read_waste(const YamlValue& v, const std::string& path, std::vector<WasteUse>& out)
  {
    if (not v.is_map() or v.entries.empty()) {
      error(v.where, path, "expected a map waste type -> mass per part processed such as {chips: 0.3 kg}, got " +
                               v.describe());
      return;
    }
    for (const auto& e : v.entries) {
      const std::string wpath = join_path(path, e.key);
      if (parses_as(e.value, Dimension::volume)) {
        error(e.value.where, wpath,
              "waste is counted by mass: give the mass per part of " + e.value.describe() +
                  " (volume x density, e.g. a water-based coolant emulsion is about 1 kg/l)");
        continue;
      }
      if (auto mass = non_negative(e.value, wpath, Dimension::mass))
        out.push_back({waste_type(e.key), *mass});
    }
  }

  void read_handling(const YamlValue& v)
  {
    const std::string path = "waste_handling";
    if (not expect_map(v, path, "a map waste type -> {reused: <share>, sold: <share>, sale_price: <per kg>, "
                                "disposal_cost: <per kg>}"))
      return;
    Names known;
    for (const auto& t : spec_.resources.waste_types)
      known.push_back(t.name);
    for (const auto& e : v.entries) {
      const std::string wpath = join_path(path, e.key);
      const auto it           = std::find(known.begin(), known.end(), e.key);
      if (it == known.end()) {
        error(e.key_where, wpath,
              "unknown waste type '" + e.key + "'" + did_you_mean(e.key, known) +
                  (known.empty() ? std::string(": the model produces no waste")
                                 : ": expected one of the types the model produces (" + list_names(known) +
                                       "): a material's waste_type, or a key of a station's waste"));
        continue;
      }
      if (not expect_map(e.value, wpath, "a map with reused, sold, sale_price and disposal_cost"))
        continue;
      check_keys(e.value, wpath, handling_keys);
      WasteTypeSpec& t = spec_.resources.waste_types[static_cast<std::size_t>(it - known.begin())];
      if (const YamlValue* r = e.value.find("reused"))
        t.reused = share(*r, join_path(wpath, "reused")).value_or(0);
      if (const YamlValue* s = e.value.find("sold"))
        t.sold = share(*s, join_path(wpath, "sold")).value_or(0);
      if (t.reused + t.sold > 1 + 1e-12)
        error(e.value.where, wpath,
              "reused + sold must be at most 100 % (the rest is disposed of), got " + percent(t.reused) + " + " +
                  percent(t.sold));
      if (const YamlValue* p = e.value.find("sale_price"))
        t.sale_price = price_per_kg(*p, join_path(wpath, "sale_price")).value_or(0);
      if (const YamlValue* p = e.value.find("disposal_cost"))
        t.disposal_cost = price_per_kg(*p, join_path(wpath, "disposal_cost")).value_or(0);
    }
  }

  ModelSpec& spec_;
  int currency_line_ = 0;
};

} // namespace

void read_resource_keys(const YamlValue& root, ModelSpec& spec, std::vector<Diagnostic>& diagnostics)
{
  if (not root.is_map())
    return;
  ResourceReader(diagnostics, spec).read(root);
}

} // namespace greenfab
