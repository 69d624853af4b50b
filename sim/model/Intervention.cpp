// Intervention catalogue files -> validated Intervention entries (docs/pathways.md#interventions).
#include "core/TextFile.hpp"
#include "model/Intervention.hpp"
#include "core/DataDir.hpp"
#include "core/Units.hpp"
#include "model/YamlChecker.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace greenfab {
namespace {

namespace fs = std::filesystem;

const Names top_keys{"id",        "category",   "description",   "changes",   "investment", "yearly_cost",
                     "lifetime",  "ramp_up",    "fade",          "prerequisites", "conflicts", "source",
                     "assumption"};
const Names change_keys{"path", "set", "multiply", "add", "integer", "optional"};
constexpr double seconds_per_year = 365.0 * 86400;

bool is_id(const std::string& s)
{
  return not s.empty() and std::all_of(s.begin(), s.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) or std::isdigit(static_cast<unsigned char>(c)) or c == '_';
  });
}

class Reader : public YamlChecker {
public:
  using YamlChecker::YamlChecker;

  Intervention read(const YamlValue& root, const std::string& file)
  {
    Intervention iv;
    iv.file  = file;
    iv.where = root.where;
    if (not expect_map(root, "", "an intervention: a map with id, category, description, changes, ..."))
      return iv;
    check_keys(root, "", top_keys);
    if (const YamlValue* v = require(root, "id", "", "a short name in lower case, e.g. smed"))
      if (auto t = text(*v, "id", "an id")) {
        if (is_id(*t))
          iv.id = *t;
        else
          error(v->where, "id", "must be lower-case letters, digits and '_', got '" + *t + "'");
      }
    if (const YamlValue* v = require(root, "category", "", list_names(intervention_categories())))
      if (auto k = choice(*v, "category", intervention_categories()))
        iv.category = intervention_categories()[*k];
    if (const YamlValue* v = require(root, "description", "", "one line saying what the measure is"))
      iv.description = text(*v, "description", "a text").value_or("");
    const YamlValue* src = root.find("source");
    const YamlValue* asm_ = root.find("assumption");
    if (src == nullptr and asm_ == nullptr)
      error(root.where, "", "missing 'source' or 'assumption': say where the default effect and cost come from");
    for (const YamlValue* s : {src, asm_})
      if (s != nullptr)
        if (auto t = text(*s, s == src ? "source" : "assumption", "a text"))
          iv.source += (iv.source.empty() ? "" : "; ") + std::string(s == src ? "" : "assumption: ") + *t;
    if (const YamlValue* v = require(root, "changes", "", "a list of {path, set|multiply|add}"))
      read_changes(*v, iv);
    if (const YamlValue* v = root.find("investment"))
      money(*v, "investment", std::nullopt, iv.investment, iv.currency);
    if (const YamlValue* v = root.find("yearly_cost")) {
      double per_s = 0;
      money(*v, "yearly_cost", Dimension::time, per_s, iv.currency);
      iv.yearly_cost = per_s * seconds_per_year;
    }
    if (const YamlValue* v = root.find("lifetime"))
      if (auto q = quantity(*v, "lifetime", Dimension::time)) {
        if (*q < seconds_per_year - 1e-6)
          error(v->where, "lifetime", "must be at least 1 a (pathways step in years), got " + v->describe());
        else
          iv.lifetime_years = *q / seconds_per_year;
      }
    if (const YamlValue* v = root.find("ramp_up"))
      if (auto q = quantity(*v, "ramp_up", Dimension::time)) {
        if (*q < 0)
          error(v->where, "ramp_up", "must be >= 0 a");
        iv.ramp_up_years = *q / seconds_per_year;
      }
    if (const YamlValue* v = root.find("fade"))
      if (auto q = quantity(*v, "fade", Dimension::annual_rate)) {
        if (*q < 0 or *q >= 1)
          error(v->where, "fade", "must be in [0 %/a, 100 %/a), got " + v->describe());
        iv.fade_per_year = *q;
      }
    iv.prerequisites = ids(root.find("prerequisites"), "prerequisites");
    iv.conflicts     = ids(root.find("conflicts"), "conflicts");
    return iv;
  }

private:
  bool currency_given_ = false;

  void money(const YamlValue& v, const std::string& path, std::optional<Dimension> per, double& out,
             std::string& currency)
  {
    if (not v.is_scalar()) {
      error(v.where, path, "expected an amount such as '120 kEUR'" + std::string(per ? " per year ('12 kEUR/a')" : "") +
                               ", got " + v.describe());
      return;
    }
    try {
      const Price p = parse_price(v.scalar, per);
      if (currency_given_ and currency != p.currency)
        error(v.where, path, "uses " + p.currency + " but the entry's other amount is in " + currency +
                                 ": give both in one currency");
      out             = p.per_si;
      currency        = p.currency;
      currency_given_ = true;
    } catch (const UnitError& e) {
      error(v.where, path, e.what());
    }
  }

  std::vector<std::string> ids(const YamlValue* v, const std::string& path)
  {
    std::vector<std::string> out;
    if (v == nullptr)
      return out;
    if (not v->is_sequence()) {
      error(v->where, path, "expected a list of intervention ids, got " + v->describe());
      return out;
    }
    for (const auto& item : v->items)
      if (auto t = text(item, path, "an intervention id"))
        out.push_back(*t);
    return out;
  }

  void read_changes(const YamlValue& v, Intervention& iv)
  {
    if (not v.is_sequence() or v.items.empty()) {
      error(v.where, "changes", "expected a non-empty list of {path, set|multiply|add}, got " + v.describe());
      return;
    }
    for (std::size_t i = 0; i < v.items.size(); ++i) {
      const YamlValue& item = v.items[i];
      const std::string path = "changes[" + std::to_string(i) + "]";
      if (not expect_map(item, path, "a map {path: ..., set|multiply|add: ...}"))
        continue;
      check_keys(item, path, change_keys);
      InterventionChange c;
      c.where = item.where;
      if (const YamlValue* p = require(item, "path", path, "the model path it edits, e.g. \"stations[*].setup\""))
        c.path = text(*p, join_path(path, "path"), "a model path").value_or("");
      int ops = 0;
      if (const YamlValue* s = item.find("set")) {
        ++ops;
        c.op    = InterventionChange::Op::set;
        c.value = *s;
        c.where = s->where;
      }
      if (const YamlValue* m = item.find("multiply")) {
        ++ops;
        c.op    = InterventionChange::Op::multiply;
        c.where = m->where;
        double f = 0;
        const std::string t = m->is_scalar() ? m->scalar : "";
        const auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), f);
        if (t.empty() or ec != std::errc() or ptr != t.data() + t.size() or not std::isfinite(f) or f < 0)
          error(m->where, join_path(path, "multiply"), "expected a plain factor >= 0 such as 0.5, got " + m->describe());
        c.factor = f;
      }
      if (const YamlValue* a = item.find("add")) {
        ++ops;
        c.op    = InterventionChange::Op::add;
        c.value = *a;
        c.where = a->where;
        if (not a->is_scalar())
          error(a->where, join_path(path, "add"), "expected a quantity such as '2 min', got " + a->describe());
      }
      if (ops != 1)
        error(item.where, path, "give exactly one of set, multiply or add");
      if (const YamlValue* n = item.find("integer"))
        c.integer = boolean(*n, join_path(path, "integer")).value_or(false);
      if (const YamlValue* n = item.find("optional"))
        c.optional = boolean(*n, join_path(path, "optional")).value_or(false);
      iv.changes.push_back(std::move(c));
    }
  }
};

Intervention read_one(const std::string& text, const std::string& file, std::vector<Diagnostic>& diags)
{
  const YamlValue root = parse_document(text, file, "an intervention file", {}, diags);
  return Reader(diags).read(root, file);
}

} // namespace

const std::vector<std::string>& intervention_categories()
{
  static const std::vector<std::string> names{"lean", "green_kaizen", "energy_supply", "transport", "circularity"};
  return names;
}

std::string builtin_intervention_dir() { return (fs::path(data_dir()).parent_path() / "interventions").string(); }

Intervention load_intervention_text(const std::string& text, const std::string& file_name)
{
  std::vector<Diagnostic> diags;
  Intervention iv = read_one(text, file_name, diags);
  if (not diags.empty())
    throw_sorted(std::move(diags), file_name);
  return iv;
}

std::map<std::string, Intervention> load_interventions(const std::vector<std::string>& dirs_or_files)
{
  std::vector<std::string> files;
  std::vector<Diagnostic> diags;
  for (const auto& d : dirs_or_files) {
    std::error_code ec;
    if (fs::is_directory(d, ec)) {
      std::vector<std::string> here;
      // increment(ec): the range-for form throws on an unreadable entry, which would be exit 1
      for (fs::directory_iterator it(d, ec), end; not ec and it != end; it.increment(ec))
        if (it->path().extension() == ".yaml")
          here.push_back(it->path().string());
      if (ec)
        diags.push_back({d, 0, 0, "", "cannot list the directory: " + ec.message()});
      std::sort(here.begin(), here.end());
      files.insert(files.end(), here.begin(), here.end());
    } else {
      files.push_back(d); // reading it says why it cannot be read (missing, a loop, a FIFO, ...)
    }
  }
  std::map<std::string, Intervention> out;
  for (const auto& f : files) {
    try {
      Intervention iv = read_one(read_text_file(f), f, diags);
      if (iv.id.empty())
        continue;
      if (const auto it = out.find(iv.id); it != out.end()) {
        diags.push_back({f, iv.where.line, iv.where.column, "id",
                         "intervention id '" + iv.id + "' is also defined in " + it->second.file});
        continue;
      }
      out.emplace(iv.id, std::move(iv));
    } catch (const ModelError& e) {
      diags.insert(diags.end(), e.diagnostics().begin(), e.diagnostics().end());
    }
  }
  // Prerequisites and conflicts must name catalogue entries: a typo would silently drop a constraint.
  for (const auto& [id, iv] : out)
    for (const auto* list : {&iv.prerequisites, &iv.conflicts})
      for (const auto& other : *list)
        if (out.count(other) == 0 or other == id)
          diags.push_back({iv.file, iv.where.line, iv.where.column, list == &iv.prerequisites ? "prerequisites" : "conflicts",
                           other == id ? "an intervention cannot name itself"
                                       : "unknown intervention '" + other + "' (not in the catalogue)"});
  if (not diags.empty())
    throw ModelError(std::move(diags));
  return out;
}

double effect_share(const Intervention& iv, int start_year, int year)
{
  if (year < start_year)
    return 0;
  const int age     = year - start_year;
  const double ramp = iv.ramp_up_years < 1 ? 1.0 : std::min(1.0, (age + 1) / std::ceil(iv.ramp_up_years - 1e-9));
  return ramp * std::pow(1 - iv.fade_per_year, age);
}

} // namespace greenfab
